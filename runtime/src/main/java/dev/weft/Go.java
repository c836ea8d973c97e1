package dev.weft;

import dev.weft.internal.sched.G;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.Run;
import dev.weft.internal.sched.Scheduler;

import java.time.Duration;

/**
 * Goroutines: {@code go f()}, the main goroutine of a program, and the {@code runtime}
 * package's controls. One scheduler serves the whole JVM.
 */
public final class Go {
    private Go() {}

    /** {@code go body()}: starts a goroutine and returns at once. */
    public static void go(SuspendableRunnable body) {
        if (body == null) {
            throw new NullPointerException("go: body is null");
        }
        Scheduler.get().go(body);
    }

    /**
     * Runs {@code main} as the main goroutine and blocks the caller until it returns. What it
     * throws propagates unchanged. If a goroutine of this run dies of an uncaught exception,
     * throws {@link GoroutinePanicException}; if every goroutine is asleep, {@link DeadlockException}.
     */
    public static void run(SuspendableRunnable main) {
        if (main == null) {
            throw new NullPointerException("run: main is null");
        }
        Run.run(() -> {
            main.run();
            return null;
        });
    }

    /** As {@link #run(SuspendableRunnable)}, answering what {@code main} returns. */
    public static <T> T run(SuspendableCallable<T> main) {
        if (main == null) {
            throw new NullPointerException("run: main is null");
        }
        return Run.run(main);
    }

    /** {@code runtime.Gosched}: lets other goroutines run. */
    @Suspendable
    public static void yield() {
        Parking.yield();
    }

    /** {@code time.Sleep}: parks the goroutine for at least {@code d}; returns at once if {@code d <= 0}. */
    @Suspendable
    public static void sleep(Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 2;
        }
        Parking.sleep(nanos);
    }

    /** {@code runtime.NumGoroutine}: goroutines that exist now, in every run. */
    public static int numGoroutine() {
        return Scheduler.get().numGoroutine();
    }

    /** {@code runtime.GOMAXPROCS(0)}. */
    public static int maxProcs() {
        return Scheduler.get().maxProcs();
    }

    /** {@code runtime.GOMAXPROCS(n)}: sets it (if {@code n > 0}) and answers the previous value. */
    public static int maxProcs(int n) {
        return Scheduler.get().maxProcs(n);
    }

    /** True when called from a goroutine, false from a plain thread. */
    public static boolean inGoroutine() {
        return G.current() != null;
    }

    /** Every goroutine, as Go prints them: {@code goroutine 7 [chan receive, 2 minutes]:} and its stack. */
    public static String dump() {
        return Scheduler.get().dump();
    }
}
