package dev.weft.internal.sched;

/**
 * A timer in a P's heap (Go's {@code timer}): fires at {@link #when} (a {@code System.nanoTime}
 * deadline), then again every {@link #period} nanoseconds if that is positive.
 *
 * <p>{@link #fire} runs on a carrier, outside every lock, and must not block: it readies a
 * goroutine, sends without blocking, or starts a goroutine. All other fields are guarded by the
 * lock of the heap the timer is in ({@link #heap}, null when it is in none).
 */
public abstract class RuntimeTimer {
    long when;
    long period;
    int index = -1;
    TimerHeap heap;
    /** Bumped whenever the timer is stopped or re-armed, so a firing already taken out of the heap can tell it is stale. */
    long seq;

    /** Runs when the timer fires. {@code now} is the nanoTime it fired at; {@code seq} the arming it fires for. */
    protected abstract void fire(long now, long seq);

    /** True while the timer is in a heap (pending). */
    public boolean pending() {
        TimerHeap h = heap;
        return h != null && h.contains(this);
    }
}
