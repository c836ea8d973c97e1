package dev.weft.agent.trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.ToLongFunction;

/**
 * The {@code limit} earliest of the items offered, by start time, whatever order they come in:
 * what a trace keeps of spans too many to draw one by one. A max-heap on start holds the kept
 * ones; a later item than the latest kept is dropped once the heap is full. So the kept items are
 * exactly those that start before some time {@link #until()} (and some that start at it): a
 * window from the beginning of the recording in which nothing is missing.
 */
final class Earliest<T> {
    private final int limit;
    private final ToLongFunction<T> start;
    private final PriorityQueue<T> kept;
    private long offered;

    Earliest(int limit, ToLongFunction<T> start) {
        this.limit = limit;
        this.start = start;
        this.kept = new PriorityQueue<>(Comparator.comparingLong(start).reversed());
    }

    void offer(T item) {
        offered++;
        if (kept.size() < limit) {
            kept.add(item);
        } else if (start.applyAsLong(item) < start.applyAsLong(kept.peek())) {
            kept.poll();
            kept.add(item);
        }
    }

    /** How many were offered, kept or not. */
    long offered() {
        return offered;
    }

    /** Whether some were dropped. */
    boolean truncated() {
        return offered > kept.size();
    }

    /**
     * The start of the latest item kept if some were dropped: every item that starts before it
     * was kept. {@code Long.MAX_VALUE} if none were dropped.
     */
    long until() {
        return truncated() ? start.applyAsLong(kept.peek()) : Long.MAX_VALUE;
    }

    /** The kept items, earliest first. */
    List<T> sorted() {
        List<T> list = new ArrayList<>(kept);
        list.sort(Comparator.comparingLong(start));
        return list;
    }
}
