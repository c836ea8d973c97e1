package dev.weft.internal.sched;

import dev.weft.Suspendable;
import dev.weft.internal.cont.Continuation;
import dev.weft.internal.jfr.Recorder;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * How blocking operations wait. A goroutine parks (unwinding, or pinning its carrier); a plain
 * thread blocks, with the same semantics. Every wait sits in a loop on a condition the waker
 * sets before waking, so a wake-up is never lost nor taken for another.
 */
public final class Parking {
    private Parking() {}

    /** A waiter for the current goroutine (its cached one) or plain thread (a new one). */
    public static Waiter waiter(Object elem) {
        G g = G.current();
        return (g != null ? g.cachedWaiter() : new Waiter(null, Thread.currentThread())).reset(elem);
    }

    /**
     * Waits until {@code w} is done. The caller holds {@code held}, under which it queued
     * {@code w} where a waker will find it; it is released once the waiter cannot miss the wake.
     */
    @Suspendable
    public static void await(Waiter w, WaitReason reason, Lock held) {
        G g = w.g;
        if (g == null) {
            Scheduler.get().blockThread(w, held);
            return;
        }
        // Parked straight from here, not through park(): every frame between a blocking call
        // and the park is unwound and re-entered on each switch.
        prepare(g, reason, held, null, null);
        Continuation.park();
        resumed(g);
        while (!w.done) {
            // Not reached: a goroutine is readied only after its waiter is done. Kept as the
            // loop every park sits in, should a future caller ready it otherwise.
            prepare(g, reason, null, null, null);
            Continuation.park();
            resumed(g);
        }
    }

    /** Parks the current goroutine; its carrier releases the locks once it is off the stack. */
    @Suspendable
    public static void park(G g, WaitReason reason, Lock a, Lock b, Lock[] many) {
        prepare(g, reason, a, b, many);
        Continuation.park();
        resumed(g);
    }

    /** What the goroutine's carrier needs to commit its park: why, since when, the locks to release. */
    private static void prepare(G g, WaitReason reason, Lock a, Lock b, Lock[] many) {
        g.reason = reason;
        g.waitSince = Monitor.coarseNanos();
        g.parkKind = G.PARK;
        g.unlock1 = a;
        g.unlock2 = b;
        g.unlockMany = many;
        g.parkEvent = Recorder.parkBegins(g.id, reason.toString());
    }

    private static void resumed(G g) {
        Object e = g.parkEvent;
        if (e != null) {
            g.parkEvent = null;
            Recorder.parkEnds(e);
        }
    }

    /** {@code runtime.Gosched}: lets other goroutines run; a plain thread yields the CPU. */
    @Suspendable
    public static void yield() {
        G g = G.current();
        if (g == null) {
            Thread.yield();
            return;
        }
        g.parkKind = G.YIELD;
        Continuation.park();
    }

    /** {@code time.Sleep}: parks the goroutine (blocks the thread) for at least {@code nanos}. */
    @Suspendable
    public static void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        Scheduler sched = Scheduler.get();
        G g = G.current();
        if (g == null) {
            sleepThread(sched, nanos);
            return;
        }
        SleepTimer t = new SleepTimer(sched, g);
        TimerHeap heap = sched.heapForNewTimer();
        heap.lock.lock();
        t.when = System.nanoTime() + nanos;
        heap.add(t);
        sched.busy.incrementAndGet();
        // This goroutine's carrier, going idle, waits for the earliest timer: no wake needed.
        park(g, WaitReason.SLEEP, heap.lock, null, null);
    }

    private static void sleepThread(Scheduler sched, long nanos) {
        long deadline = System.nanoTime() + nanos;
        sched.busy.incrementAndGet();
        sched.threadsBlocked.incrementAndGet();
        try {
            boolean interrupted = false;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(left);
                interrupted |= Thread.interrupted(); // Go.sleep is not interruptible; the flag is kept
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            sched.threadActivity = System.nanoTime();
            sched.threadsBlocked.decrementAndGet();
            sched.busy.decrementAndGet();
        }
    }

    /** The timer of one sleep: readies the sleeper. */
    private static final class SleepTimer extends RuntimeTimer {
        private final Scheduler sched;
        private final G g;

        SleepTimer(Scheduler sched, G g) {
            this.sched = sched;
            this.g = g;
        }

        @Override
        protected void fire(long now, long seq) {
            sched.ready(g);
        }
    }
}
