package dev.weft.internal.sched;

/**
 * A timer in a P's heap (Go's {@code timer}): fires at {@link #when} (a {@code System.nanoTime}
 * deadline), then again every {@link #period} nanoseconds if that is positive.
 *
 * <p>{@link #fire} runs on a carrier, outside every lock, and must not block: it readies a
 * goroutine, sends without blocking, or starts a goroutine. All other fields are guarded by the
 * lock of the heap the timer is in ({@link #heap}, null when it is in none); {@link #heap}
 * itself is also read without a lock, to find that heap (see {@link TimerHeap}).
 */
public abstract class RuntimeTimer {
    long when;
    long period;
    int index = -1;
    /** Written under the lock of the heap it leaves (and of the one it joins); volatile: stop reads it to find that lock. */
    volatile TimerHeap heap;
    /**
     * The arming: bumped whenever the timer is stopped or re-armed, so a firing already taken
     * out of the heap can tell it is stale. Written under the heap lock and the owner's lock
     * together; read under either.
     */
    volatile long seq;
    /** The arming being fired now (taken out of the heap, {@link #fire} not yet done), or -1. */
    volatile long firing = -1;

    /** Runs when the timer fires. {@code now} is the nanoTime it fired at; {@code seq} the arming it fires for. */
    protected abstract void fire(long now, long seq);

    /** The current arming, for {@link #fire} to compare with the one it fires for. */
    public long seq() {
        return seq;
    }

    /** True if a firing of the current arming has been taken out of the heap and not finished. */
    public boolean firingNow() {
        return firing == seq;
    }

    /** Called by {@link #fire} when it is done (delivered or found stale). */
    public void fired() {
        firing = -1;
    }
}
