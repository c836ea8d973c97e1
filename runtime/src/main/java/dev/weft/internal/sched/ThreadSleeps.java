package dev.weft.internal.sched;

import dev.weft.Suspendable;
import dev.weft.internal.cont.Continuation;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * What {@code Thread.sleep} and {@code TimeUnit.sleep} become in rewritten code (the instrumenter
 * redirects those calls here): in a goroutine, a park for the same time, as on a virtual thread,
 * so a sleeping goroutine holds no carrier; on a plain thread, the JDK's own sleep. So too in a
 * goroutine that holds a {@code java.util.concurrent} lock: its park would pin (the lock belongs
 * to its carrier), so it blocks its carrier in the JDK's sleep instead, as a sleep inside
 * {@code synchronized} does (the instrumenter leaves those alone), with no pin warning and no
 * {@code PinnedError} in strict mode.
 *
 * <p>The JDK's meaning is kept: a negative argument or nanoseconds out of range throw
 * {@code IllegalArgumentException} with the JDK's message; a goroutine whose interrupt status is
 * set when it calls throws {@code InterruptedException} and the status is cleared. Nothing can
 * interrupt a parked goroutine (it has no thread of its own to interrupt), so once parked the
 * sleep runs its full time.
 */
public final class ThreadSleeps {
    private ThreadSleeps() {}

    /** {@code Thread.sleep(millis)}. */
    @Suspendable
    public static void sleep(long millis) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (jdkSleeps()) {
            Thread.sleep(millis);
            return;
        }
        park(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** {@code Thread.sleep(millis, nanos)}. */
    @Suspendable
    public static void sleep(long millis, int nanos) throws InterruptedException {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout value is negative");
        }
        if (nanos < 0 || nanos > 999_999) {
            throw new IllegalArgumentException("nanosecond timeout value out of range");
        }
        if (jdkSleeps()) {
            Thread.sleep(millis, nanos);
            return;
        }
        park(saturatedAdd(TimeUnit.MILLISECONDS.toNanos(millis), nanos));
    }

    /** {@code Thread.sleep(Duration)} (JDK 19 and newer): nothing for a negative or zero duration. */
    @Suspendable
    public static void sleep(Duration duration) throws InterruptedException {
        long nanos;
        try {
            nanos = duration.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        if (jdkSleeps()) {
            if (nanos > 0) {
                Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
            return;
        }
        park(nanos);
    }

    /** {@code unit.sleep(timeout)}: nothing for a timeout that is not positive. */
    @Suspendable
    public static void sleep(TimeUnit unit, long timeout) throws InterruptedException {
        if (jdkSleeps()) {
            unit.sleep(timeout);
            return;
        }
        if (timeout > 0) {
            park(unit.toNanos(timeout));
        }
    }

    /** On a plain thread, or holding a j.u.c lock, where a park could not leave the thread. */
    private static boolean jdkSleeps() {
        return G.current() == null || Continuation.holdsLocks();
    }

    @Suspendable
    private static void park(long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("sleep interrupted");
        }
        Parking.sleep(Math.min(nanos, Long.MAX_VALUE / 2)); // a deadline that cannot overflow
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
