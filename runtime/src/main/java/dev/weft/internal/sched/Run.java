package dev.weft.internal.sched;

import dev.weft.DeadlockException;
import dev.weft.GoroutinePanicException;
import dev.weft.SuspendableCallable;
import dev.weft.internal.cont.Sneaky;
import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;

import java.util.concurrent.locks.LockSupport;

/**
 * One call of {@code Go.run}: its main goroutine, and how the call ends. It ends once, with the
 * first of: the main goroutine returns (its value) or throws (that exception, unchanged); a
 * goroutine of the run panics ({@link GoroutinePanicException}); every goroutine is asleep
 * ({@link DeadlockException}); the runtime cannot go on ({@link #abandoned}). Goroutines still
 * running keep running.
 *
 * <p>The exceptions the run throws are made by the caller's thread in {@link #await}, so their
 * stack trace is the caller's: where {@code Go.run} was called, not a carrier's scheduling loop.
 * What the goroutines knew travels as the cause (the panic) or in the message (the dump).
 *
 * <p>The caller's thread waits in {@link #await}; it does not count as a thread inside a weft
 * operation, or no run could ever be found deadlocked. It wakes every
 * {@link #LIVENESS_CHECK_NANOS} to check that the runtime's monitor is alive.
 */
public final class Run {
    /** How often a waiting caller checks that the runtime can still end its run. */
    static final long LIVENESS_CHECK_NANOS = 1_000_000_000L;
    /** How many times, and how far apart, {@link #ending} tries again when out of memory: 5 s in all. */
    private static final int OUT_OF_MEMORY_RETRIES = 100;
    private static final long OUT_OF_MEMORY_RETRY_NANOS = 50_000_000L;

    private static final int RUNNING = 0;
    private static final int RETURNED = 1;
    private static final int THREW = 2;
    private static final int PANICKED = 3;
    private static final int DEADLOCKED = 4;
    private static final int ABANDONED = 5;

    private final Thread caller = Thread.currentThread();
    volatile G main;
    /** The last deadlock check that found this run's main asleep: written and read by the one thread checking. */
    long asleepInScan;
    /** Under this object's monitor once set: how the run ended, and with what. */
    private volatile int end = RUNNING;
    private Object result;
    private Throwable failure;
    private String dump;

    /** Starts {@code body} as the main goroutine of a new run and waits for the run to end. */
    public static <T> T run(SuspendableCallable<T> body) {
        Scheduler sched = Scheduler.get();
        Run r = new Run();
        sched.runs.add(r);
        try {
            sched.start(() -> {
                try {
                    r.result = body.call();
                } finally {
                    if (RaceMode.ENABLED) {
                        Sync.release(r); // the main goroutine's end is before Go.run returns
                    }
                }
            }, r, 0, true, null);
            T result = r.await(sched);
            if (RaceMode.ENABLED) {
                Sync.acquire(r);
            }
            return result;
        } finally {
            sched.runs.remove(r);
        }
    }

    boolean isFinished() {
        return end != RUNNING;
    }

    void mainEnded(Throwable t) {
        finish(t == null ? RETURNED : THREW, t, null);
    }

    void panicked(Throwable t) {
        finish(PANICKED, t, null);
    }

    void deadlocked(String dump) {
        finish(DEADLOCKED, null, dump);
    }

    /** The runtime cannot go on (its monitor died and cannot be restarted, or no carrier may be started): the run fails. */
    void abandoned(String why) {
        finish(ABANDONED, null, why);
    }

    /** Records how the run ended, the first time; allocates nothing (it may run out of memory). */
    private synchronized void finish(int how, Throwable t, String text) {
        if (end != RUNNING) {
            return;
        }
        failure = t;
        dump = text;
        end = how;
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
            sched.procs.handoff(p, m);
        }
        boolean interrupted = false;
        while (end == RUNNING) {
            LockSupport.parkNanos(this, LIVENESS_CHECK_NANOS);
            interrupted |= Thread.interrupted(); // Go.run is not interruptible; the flag is kept
            if (end == RUNNING && !sched.ensureMonitor()) {
                abandoned("weft: the runtime cannot go on: its monitor thread died and no thread can be started"
                        + " to replace it (out of memory or threads?)");
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (m != null) {
            m.p = sched.procs.acquireIdleP(m);
        }
        synchronized (this) {
            if (end == RETURNED) {
                return (T) result;
            }
            if (end == THREW) {
                throw Sneaky.rethrow(failure);
            }
        }
        throw ending();
    }

    /**
     * The exception a failed run throws, made here so that it carries the caller's stack. A
     * goroutine that died of an {@code OutOfMemoryError} may still hold its memory for a moment
     * (its carrier is finishing with it): making the exception is retried briefly before the
     * caller gets that error itself.
     */
    private RuntimeException ending() {
        for (int attempt = 1; ; attempt++) {
            try {
                synchronized (this) {
                    switch (end) {
                        case PANICKED:
                            return new GoroutinePanicException(failure);
                        case DEADLOCKED:
                            return new DeadlockException("all goroutines are asleep - deadlock!\n\n" + dump);
                        default:
                            return new IllegalStateException(dump);
                    }
                }
            } catch (OutOfMemoryError e) {
                if (attempt == OUT_OF_MEMORY_RETRIES) {
                    throw e;
                }
                LockSupport.parkNanos(this, OUT_OF_MEMORY_RETRY_NANOS);
            }
        }
    }
}
