package dev.weft.internal.sched;

/**
 * Arming and stopping {@link RuntimeTimer}s: what {@code Time}, {@code Timer} and
 * {@code Ticker} build on. A pending timer counts as busy for deadlock detection, as a timer
 * in any P's heap keeps Go's {@code checkdead} from declaring a deadlock.
 *
 * <p>Callers serialize arming and stopping of one timer with their own lock (a timer channel's
 * lock), which {@code fire} takes too: so {@code seq} changes only under both that lock and the
 * heap's.
 */
public final class Timers {
    private Timers() {}

    /** Arms {@code t}, which is not pending, to fire in {@code delayNanos}, then every {@code period} if positive. */
    public static void start(RuntimeTimer t, long delayNanos, long period) {
        Scheduler sched = Scheduler.get();
        TimerHeap heap = sched.heapForNewTimer();
        heap.lock.lock();
        try {
            t.seq++;
            t.when = System.nanoTime() + Math.max(0, delayNanos);
            t.period = period;
            heap.add(t);
        } finally {
            heap.lock.unlock();
        }
        sched.timerAdded();
    }

    /**
     * Disarms {@code t}; answers whether it was pending (in a heap). A firing in progress becomes
     * stale. The heap is found and locked by {@link TimerHeap#lockHolding}: a periodic timer being
     * re-armed or moved to another P is in a heap all along, so it is always found and removed.
     */
    public static boolean stop(RuntimeTimer t) {
        TimerHeap heap = TimerHeap.lockHolding(t);
        if (heap == null) {
            t.seq++;
            return false;
        }
        try {
            heap.remove(t);
            t.seq++;
        } finally {
            heap.lock.unlock();
        }
        Scheduler.get().timerDone();
        return true;
    }
}
