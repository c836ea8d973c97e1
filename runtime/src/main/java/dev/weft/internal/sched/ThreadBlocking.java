package dev.weft.internal.sched;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * How a plain Java thread waits in a weft operation: it blocks, with the same semantics a
 * goroutine's park has (see {@link Parking}). A blocked thread counts for deadlock detection as
 * something that may still wake others ({@link DeadlockDetector#threadBlocked}).
 *
 * <p>weft's operations are not interruptible, as Go's are not: an interrupt does not end a
 * wait; it is kept, and the thread finds its interrupt status set when the operation returns.
 * Each wait loops on the condition its waker sets before unparking it.
 */
final class ThreadBlocking {
    private ThreadBlocking() {}

    /**
     * Blocks until one of {@code ws} is done. The caller holds {@code held} (in the order given)
     * and has queued the waiters; the locks are released once the thread counts as blocked.
     */
    static void block(Waiter[] ws, Lock[] held) {
        DeadlockDetector deadlock = Scheduler.get().deadlock;
        deadlock.threadBlocked();
        for (int i = held.length - 1; i >= 0; i--) {
            if (held[i] != null) { // a select's array may end in nulls
                held[i].unlock();
            }
        }
        boolean interrupted = false;
        while (!anyDone(ws)) {
            LockSupport.park(ThreadBlocking.class);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        deadlock.threadUnblocked();
    }

    private static boolean anyDone(Waiter[] ws) {
        for (Waiter w : ws) {
            if (w != null && w.done()) {
                return true;
            }
        }
        return false;
    }

    /** A plain thread's {@code select {}}: it can never wake anything, so it does not count as blocked. */
    static void blockForever() {
        while (true) {
            LockSupport.park(ThreadBlocking.class);
            Thread.interrupted(); // never returns, so an interrupt must not turn this into a spin
        }
    }

    /** {@code time.Sleep} on a plain thread. */
    static void sleep(long nanos) {
        DeadlockDetector deadlock = Scheduler.get().deadlock;
        long deadline = System.nanoTime() + nanos;
        deadlock.threadBlocked();
        try {
            boolean interrupted = false;
            for (long left = nanos; left > 0; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(ThreadBlocking.class, left);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            deadlock.threadUnblocked();
        }
    }

    /** Wakes a plain thread's waiter; its fields, {@code done} last, are already set. */
    static void wake(Waiter w) {
        LockSupport.unpark(w.thread);
    }
}
