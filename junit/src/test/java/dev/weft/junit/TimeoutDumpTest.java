package dev.weft.junit;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import dev.weft.internal.sched.Goroutines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The goroutine dump on a timeout: a fixture test that times out (JUnit's {@code @Timeout}, in
 * the test or in a {@code @BeforeEach} method, or {@code assertTimeoutPreemptively}) while a
 * goroutine it started waits on a channel prints the dump, which shows that goroutine and its
 * wait reason, and still fails with the timeout; a test that fails otherwise prints nothing.
 *
 * <p>Each fixture's goroutine waits in {@link #stuck} until the fixture's {@code @AfterEach}
 * releases it, so it is no leak.
 */
@VerifyNoLeaks
@Timeout(60)
class TimeoutDumpTest {
    private static final String STUCK = "dev.weft.junit.TimeoutDumpTest.stuck";

    @Suspendable
    static void stuck(Chan<Void> release) {
        release.recv();
    }

    /** The fixtures' base: a goroutine waiting in {@link #stuck} while the test waits for nothing. */
    abstract static class Fixture {
        private final Chan<Void> release = Chan.make();

        /** Starts the goroutine and returns once it waits, in at most 10 s. */
        void startStuckGoroutine() throws InterruptedException {
            Go.go(() -> stuck(release));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (Goroutines.all().stream().noneMatch(g -> g.hasFrameIn(STUCK) && g.state().equals("chan receive"))) {
                if (System.nanoTime() - deadline > 0) {
                    fail("the goroutine does not wait:\n" + Goroutines.dump());
                }
                Thread.sleep(1);
            }
        }

        @AfterEach
        void releaseIt() {
            release.close();
        }
    }

    @VerifyNoLeaks
    static class TimesOut extends Fixture {
        @Test
        @Timeout(value = 1, unit = TimeUnit.SECONDS)
        void waitsForNothing() throws InterruptedException {
            startStuckGoroutine();
            new CountDownLatch(1).await();
        }
    }

    @VerifyNoLeaks
    static class TimesOutPreemptively extends Fixture {
        @Test
        void waitsForNothing() {
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                startStuckGoroutine();
                new CountDownLatch(1).await();
            });
        }
    }

    @VerifyNoLeaks
    static class TimesOutInBeforeEach extends Fixture {
        @BeforeEach
        @Timeout(value = 1, unit = TimeUnit.SECONDS)
        void waitsForNothing() throws InterruptedException {
            startStuckGoroutine();
            new CountDownLatch(1).await();
        }

        @Test
        void neverRuns() {
        }
    }

    @VerifyNoLeaks
    static class FailsOtherwise extends Fixture {
        @Test
        void fails() throws InterruptedException {
            startStuckGoroutine();
            fail("not a timeout");
        }
    }

    private static void assertDumped(Kit run, String what) {
        assertTrue(run.stderr.contains("weft: " + what + " timed out; the goroutines:\n\ngoroutine "), run.stderr);
        assertTrue(run.stderr.matches("(?s).*\ngoroutine \\d+ \\[chan receive]:\ndev\\.weft\\.Chan\\.recv\\(\\.\\.\\.\\)\n\tChan\\.java:\\d+\n"
                + STUCK.replace(".", "\\.") + "\\(\\.\\.\\.\\)\n.*"), run.stderr);
    }

    @Test
    void aTimeout_printsTheGoroutineDump_thenFailsWithTheTimeout() {
        Kit run = Kit.run(TimesOut.class);
        assertInstanceOf(TimeoutException.class, run.failureOf("waitsForNothing"));
        assertDumped(run, TimesOut.class.getName() + ".waitsForNothing()");
    }

    @Test
    void assertTimeoutPreemptively_failing_printsTheGoroutineDump_thenFailsWithItsFailure() {
        Kit run = Kit.run(TimesOutPreemptively.class);
        Throwable failure = run.failureOf("waitsForNothing");
        assertInstanceOf(AssertionFailedError.class, failure);
        assertTrue(failure.getMessage().startsWith("execution timed out after 1000 ms"), failure.getMessage());
        assertDumped(run, TimesOutPreemptively.class.getName() + ".waitsForNothing()");
    }

    @Test
    void aTimeoutInBeforeEach_printsTheGoroutineDump_thenFailsTheTestWithTheTimeout() {
        Kit run = Kit.run(TimesOutInBeforeEach.class);
        assertInstanceOf(TimeoutException.class, run.failureOf("neverRuns"));
        assertDumped(run, TimesOutInBeforeEach.class.getName() + ".neverRuns()");
    }

    @Test
    void anotherFailure_printsNoDump() {
        Kit run = Kit.run(FailsOtherwise.class);
        assertInstanceOf(AssertionFailedError.class, run.failureOf("fails"));
        assertFalse(run.stderr.contains("goroutine "), run.stderr);
    }
}
