package dev.weft.internal.sched;

import dev.weft.DeadlockException;
import dev.weft.GoroutinePanicException;
import dev.weft.SuspendableCallable;
import dev.weft.internal.cont.Sneaky;

import java.util.concurrent.locks.LockSupport;

/**
 * One call of {@code Go.run}: its main goroutine, and how the call ends. It ends once, with the
 * first of: the main goroutine returns (its value) or throws (that exception, unchanged); a
 * goroutine of the run panics ({@link GoroutinePanicException}); every goroutine is asleep
 * ({@link DeadlockException}). Goroutines still running keep running.
 *
 * <p>The caller's thread waits in {@link #await}; it does not count as a thread inside a weft
 * operation, or no run could ever be found deadlocked.
 */
public final class Run {
    private final Thread caller = Thread.currentThread();
    volatile G main;
    private volatile boolean finished;
    private Object result;
    private Throwable failure;

    /** Starts {@code body} as the main goroutine of a new run and waits for the run to end. */
    public static <T> T run(SuspendableCallable<T> body) {
        Scheduler sched = Scheduler.get();
        Run r = new Run();
        sched.runs.add(r);
        try {
            sched.start(() -> r.result = body.call(), r, 0, true);
            return r.await(sched);
        } finally {
            sched.runs.remove(r);
        }
    }

    boolean isFinished() {
        return finished;
    }

    void mainEnded(Throwable t) {
        finish(t);
    }

    void panicked(Throwable t) {
        finish(new GoroutinePanicException(t));
    }

    void deadlocked(String dump) {
        finish(new DeadlockException("all goroutines are asleep - deadlock!\n\n" + dump));
    }

    private synchronized void finish(Throwable t) {
        if (finished) {
            return;
        }
        failure = t;
        finished = true;
        LockSupport.unpark(caller);
    }

    @SuppressWarnings("unchecked")
    private <T> T await(Scheduler sched) {
        // Called from a goroutine (Go.run is not a suspension point), this blocks its carrier:
        // the carrier gives its P to another first, as a pinned park does.
        Thread t = Thread.currentThread();
        M m = t instanceof M carrier && carrier.g != null ? carrier : null;
        P p = m != null ? m.p : null;
        if (p != null) {
            m.p = null;
            sched.handoff(p, m);
        }
        boolean interrupted = false;
        while (!finished) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted(); // Go.run is not interruptible; the flag is kept
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (m != null) {
            m.p = sched.acquireIdleP(m);
        }
        synchronized (this) {
            if (failure != null) {
                throw Sneaky.rethrow(failure);
            }
            return (T) result;
        }
    }
}
