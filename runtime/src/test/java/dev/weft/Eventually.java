package dev.weft;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Polling with a deadline, for tests that must wait for something to happen (a goroutine to
 * park, a thread to block) without sleeping and hoping. From a goroutine it parks between polls
 * ({@link Go#sleep}); from a plain thread it sleeps the thread, which does not count as a weft
 * operation, so polling never hides a deadlock.
 */
final class Eventually {
    static final Duration DEFAULT = Duration.ofSeconds(10);

    private Eventually() {}

    /** Polls {@code condition} until it holds; fails with {@code what} (and {@code detail}) after {@link #DEFAULT}. */
    @Suspendable
    static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition, () -> "");
    }

    @Suspendable
    static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout + " waiting for: " + what + "\n" + detail.get());
            }
            pause();
        }
    }

    /** Waits until plain thread {@code t} is blocked (parked: it waits inside a weft operation). */
    static void threadBlocked(Thread t) {
        long deadline = System.nanoTime() + DEFAULT.toNanos();
        while (true) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            if (s == Thread.State.TERMINATED) {
                fail("thread " + t.getName() + " ended instead of blocking");
            }
            if (System.nanoTime() - deadline > 0) {
                fail("thread " + t.getName() + " never blocked; state " + s);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Suspendable
    private static void pause() {
        if (Go.inGoroutine()) {
            Go.sleep(Duration.ofMillis(1));
        } else {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted while polling", e);
            }
        }
    }
}
