package dev.weft.internal.race;

import java.util.Arrays;

/**
 * A vector clock: one logical time per slot (an actor's index). Copying one is O(1): the copy
 * shares the array, and whichever side writes next copies it first (copy on write), so that a
 * goroutine's start, which copies its parent's clock, costs nothing however many slots exist.
 *
 * <p>Not thread-safe: an actor's clock is written only by its actor (or by one that holds the
 * lock of a channel the actor is parked on); a synchronizer's clock only under its shadow's
 * monitor. A shared array is never written.
 */
final class VectorClock {
    private static final int[] EMPTY = new int[0];

    private int[] times = EMPTY;
    /** Whether {@link #times} may also be another clock's: then it is copied before a write. */
    private boolean shared;

    int get(int slot) {
        int[] t = times;
        return slot < t.length ? t[slot] : 0;
    }

    void set(int slot, int time) {
        own(slot + 1);
        times[slot] = time;
    }

    /** Raises every entry to at least {@code other}'s: this clock now knows all it knew. */
    void join(VectorClock other) {
        int[] o = other.times;
        if (o == times) {
            return;
        }
        int n = o.length;
        int i = 0;
        int[] t = times;
        while (i < n && (i < t.length ? t[i] : 0) >= o[i]) {
            i++;
        }
        if (i == n) {
            return;
        }
        own(n);
        t = times;
        for (; i < n; i++) {
            if (o[i] > t[i]) {
                t[i] = o[i];
            }
        }
    }

    /** Becomes a copy of {@code other} (Go's release-store). */
    void assign(VectorClock other) {
        times = other.times;
        shared = true;
        other.shared = true;
    }

    /** Whether every entry is at most {@code other}'s. */
    boolean leq(VectorClock other) {
        int[] t = times;
        for (int i = 0; i < t.length; i++) {
            if (t[i] > other.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** One slot past the last that may be non-zero. */
    int length() {
        return times.length;
    }

    private void own(int length) {
        if (shared || times.length < length) {
            times = Arrays.copyOf(times, Math.max(length, times.length));
            shared = false;
        }
    }
}
