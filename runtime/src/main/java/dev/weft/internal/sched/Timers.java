package dev.weft.internal.sched;

import java.util.List;

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
        sched.timerArmed();
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
        Scheduler.get().deadlock.timerDisarmed();
        return true;
    }

    /**
     * Runs {@code p}'s due timers, on the carrier that holds {@code p} or on a thief about to
     * steal from it; reads the clock only if some timer is pending. A timer counts as firing
     * from before it leaves the heap until its fire returns (see {@link DeadlockDetector}).
     * Answers whether any fired.
     */
    static boolean runDue(P p, DeadlockDetector deadlock) {
        long next = p.timers.nextWhen();
        if (next == Long.MAX_VALUE) {
            return false;
        }
        long now = System.nanoTime();
        if (next > now) {
            return false;
        }
        List<TimerHeap.Due> due = p.timers.takeDue(now, deadlock.timersFiring);
        if (due == null) {
            return false;
        }
        for (TimerHeap.Due d : due) {
            try {
                d.timer().fire(now, d.seq());
            } catch (Throwable e) {
                Panics.report(null, e);
            }
            deadlock.timerFired(d.last());
        }
        return true;
    }
}
