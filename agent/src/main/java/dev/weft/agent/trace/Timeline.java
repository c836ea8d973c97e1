package dev.weft.agent.trace;

import java.util.ArrayList;
import java.util.List;

/**
 * Quantities over time at a bounded resolution, read in one pass over events that arrive in no
 * particular order (a flight recording is ordered only per thread buffer): at most {@link
 * #BUCKETS} buckets of equal width, the width doubling whenever what was added spans more.
 *
 * <p>Invariants: bucket {@code a} (an absolute index, negative before the anchor) covers
 * {@code [anchor + a * width, anchor + (a + 1) * width)}, where the anchor is the first time
 * added and the width a power of two times {@link #FIRST_WIDTH}; so doubling maps bucket {@code
 * a} onto {@code floorDiv(a, 2)} exactly, and no amount ever straddles two buckets or is lost.
 * Every bucket touched, {@code lo..hi}, is a slot of the arrays, {@code hi - lo < BUCKETS}, and
 * every slot outside it is zero.
 *
 * <p>An interval adds its overlap with each bucket, in constant time whatever its length: its
 * two end buckets take their partial overlap, the buckets between are counted in a difference
 * array ({@code cover}: a bucket is wholly covered by as many intervals as the prefix sum up to
 * it) and turned into amounts only when the width doubles or the values are read. A million
 * goroutines parked across the whole recording cost a million additions, not a billion.
 */
final class Timeline {
    /** The resolution: a recording of a minute shows buckets of about 16 ms, one of 4 s about 1 ms. */
    static final int BUCKETS = 4096;
    static final long FIRST_WIDTH = 1_000;

    private final List<Channel> channels = new ArrayList<>();
    private long anchor;
    private long width = FIRST_WIDTH;
    /** The absolute index of slot 0. */
    private long base;
    private long lo = Long.MAX_VALUE;
    private long hi = Long.MIN_VALUE;

    /** One quantity: nanoseconds spent in some state, or the sum of values sampled, per bucket. */
    final class Channel {
        private double[] amount = new double[BUCKETS];
        private int[] cover = new int[BUCKETS];

        /** Adds the overlap of {@code [start, end)} (epoch nanoseconds) with each bucket. */
        void addInterval(long start, long end) {
            if (end <= start) {
                return;
            }
            touch(start, end - 1);
            long first = index(start);
            long last = index(end - 1);
            int i = (int) (first - base);
            int j = (int) (last - base);
            if (i == j) {
                amount[i] += end - start;
                return;
            }
            amount[i] += bucketStart(first + 1) - start;
            amount[j] += end - bucketStart(last);
            if (j > i + 1) {
                cover[i + 1]++;
                cover[j]--;
            }
        }

        /** Adds {@code value} to the bucket of {@code time}. */
        void addPoint(long time, double value) {
            touch(time, time);
            amount[(int) (index(time) - base)] += value;
        }

        /** The amount of every bucket from {@link #start()}, {@link #size()} of them. */
        double[] values() {
            double[] v = new double[size()];
            int covering = 0;
            for (int k = 0; k < v.length; k++) {
                int slot = (int) (lo - base) + k;
                covering += cover[slot];
                v[k] = amount[slot] + (double) covering * width;
            }
            return v;
        }

        /** Turns the covering counts into amounts, so that the cover is all zero. */
        private void materialize() {
            int covering = 0;
            for (int slot = 0; slot < BUCKETS; slot++) {
                covering += cover[slot];
                amount[slot] += (double) covering * width;
                cover[slot] = 0;
            }
        }
    }

    /** A new quantity, zero everywhere: one made after others were added to starts from nothing. */
    Channel channel() {
        Channel c = new Channel();
        channels.add(c);
        return c;
    }

    /** The epoch nanoseconds where the first bucket begins; meaningless while {@link #size()} is 0. */
    long start() {
        return bucketStart(lo);
    }

    long width() {
        return width;
    }

    int size() {
        return isEmpty() ? 0 : (int) (hi - lo + 1);
    }

    private boolean isEmpty() {
        return lo > hi;
    }

    private long index(long time) {
        return Math.floorDiv(time - anchor, width);
    }

    private long bucketStart(long index) {
        return anchor + index * width;
    }

    /** Makes the buckets of {@code first..last} (epoch nanoseconds) slots of the arrays. */
    private void touch(long first, long last) {
        if (isEmpty()) {
            anchor = first;
        }
        long newLo = Math.min(lo, index(first));
        long newHi = Math.max(hi, index(last));
        while (newHi - newLo >= BUCKETS) {
            doubleWidth();
            newLo = Math.min(lo, index(first));
            newHi = Math.max(hi, index(last));
        }
        if (newLo < base || newHi >= base + BUCKETS) {
            rebase(newLo);
        }
        lo = newLo;
        hi = newHi;
    }

    /** Halves the resolution: bucket {@code a} and its pair become bucket {@code floorDiv(a, 2)}. */
    private void doubleWidth() {
        if (!isEmpty()) {
            long newBase = Math.floorDiv(lo, 2);
            for (Channel c : channels) {
                c.materialize();
                double[] merged = new double[BUCKETS];
                for (long a = lo; a <= hi; a++) {
                    merged[(int) (Math.floorDiv(a, 2) - newBase)] += c.amount[(int) (a - base)];
                }
                c.amount = merged;
            }
            lo = Math.floorDiv(lo, 2);
            hi = Math.floorDiv(hi, 2);
            base = newBase;
        }
        width *= 2;
    }

    /** Moves the slots so that slot 0 is bucket {@code newBase}; {@code lo..hi} fits either way. */
    private void rebase(long newBase) {
        for (Channel c : channels) {
            double[] amount = new double[BUCKETS];
            int[] cover = new int[BUCKETS];
            for (long a = lo; a <= hi; a++) {
                amount[(int) (a - newBase)] = c.amount[(int) (a - base)];
                cover[(int) (a - newBase)] = c.cover[(int) (a - base)];
            }
            c.amount = amount;
            c.cover = cover;
        }
        base = newBase;
    }
}
