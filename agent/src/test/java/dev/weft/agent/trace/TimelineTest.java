package dev.weft.agent.trace;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimelineTest {
    private static final long T0 = 1_700_000_000_000_000_000L;

    @Test
    void anInterval_addsItsOverlapWithEachBucket() {
        Timeline timeline = new Timeline();
        timeline.channel().addPoint(T0, 0); // the first time added is where the buckets start
        Timeline.Channel c = timeline.channel();
        c.addInterval(T0 + 500, T0 + 3_500);
        assertEquals(Timeline.FIRST_WIDTH, timeline.width());
        assertEquals(T0, timeline.start());
        assertArrayEquals(new double[] {500, 1_000, 1_000, 500}, c.values());
    }

    @Test
    void spanningMoreThanTheBuckets_doublesTheWidth_keepingEveryAmount() {
        Timeline timeline = new Timeline();
        Timeline.Channel c = timeline.channel();
        c.addInterval(T0, T0 + 1_000);
        c.addInterval(T0 + 10_000_000, T0 + 10_000_100);
        assertTrue(timeline.size() <= Timeline.BUCKETS, "size " + timeline.size());
        assertTrue(timeline.width() >= 10_000_000 / Timeline.BUCKETS, "width " + timeline.width());
        assertEquals(Long.bitCount(timeline.width() / Timeline.FIRST_WIDTH), 1, "a power of two times the first width");
        assertEquals(1_100, Arrays.stream(c.values()).sum(), 1e-6);
    }

    @Test
    void intervalsInAnyOrder_giveTheSameBucketsAsInOrder() {
        long[][] intervals = new long[5_000][];
        Random random = new Random(7);
        for (int k = 0; k < intervals.length; k++) {
            long start = T0 + (long) (random.nextDouble() * 3e9);
            intervals[k] = new long[] {start, start + random.nextInt(50_000_000)};
        }
        long[][] sorted = intervals.clone();
        Arrays.sort(sorted, (a, b) -> Long.compare(a[0], b[0]));
        Timeline inOrder = new Timeline();
        Timeline shuffled = new Timeline();
        Timeline.Channel a = inOrder.channel();
        Timeline.Channel b = shuffled.channel();
        // the same first interval, so that both have the same anchor
        for (long[] i : sorted) {
            a.addInterval(i[0], i[1]);
        }
        b.addInterval(sorted[0][0], sorted[0][1]);
        for (long[] i : intervals) {
            if (i != sorted[0]) {
                b.addInterval(i[0], i[1]);
            }
        }
        assertEquals(inOrder.width(), shuffled.width());
        assertEquals(inOrder.start(), shuffled.start());
        assertArrayEquals(a.values(), b.values(), 1e-3);
        double total = Arrays.stream(intervals).mapToDouble(i -> i[1] - i[0]).sum();
        assertEquals(total, Arrays.stream(a.values()).sum(), total * 1e-12);
    }

    @Test
    void aTimeBeforeTheFirst_extendsTheBucketsBackwards() {
        Timeline timeline = new Timeline();
        Timeline.Channel c = timeline.channel();
        c.addPoint(T0, 1);
        c.addPoint(T0 - 2_500, 2);
        assertEquals(T0 - 3_000, timeline.start());
        assertArrayEquals(new double[] {2, 0, 0, 1}, c.values());
    }

    @Test
    void aLongInterval_coversEveryBucketBetweenItsEnds_eachWhole() {
        Timeline timeline = new Timeline();
        Timeline.Channel c = timeline.channel();
        Timeline.Channel points = timeline.channel();
        points.addPoint(T0, 0);
        points.addPoint(T0 + 99_999, 0);
        c.addInterval(T0 + 250, T0 + 99_750);
        double[] v = c.values();
        assertEquals(100, v.length);
        assertEquals(750, v[0]);
        for (int k = 1; k < 99; k++) {
            assertEquals(1_000, v[k], "bucket " + k);
        }
        assertEquals(750, v[99]);
    }

    @Test
    void aChannelMadeLate_startsEmpty() {
        Timeline timeline = new Timeline();
        timeline.channel().addInterval(T0, T0 + 5_000_000);
        Timeline.Channel late = timeline.channel();
        late.addPoint(T0 + 1_000, 3);
        assertEquals(3, Arrays.stream(late.values()).sum());
        assertEquals(timeline.size(), late.values().length);
    }
}
