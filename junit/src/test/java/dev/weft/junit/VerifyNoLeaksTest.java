package dev.weft.junit;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leak check, on fixture classes run as a user's build runs them: a test that leaves a
 * goroutine waiting fails, naming it with its wait reason and creation site, and only that test;
 * a test whose goroutines end, before it returns or within the grace period, passes; ignored
 * functions are tolerated, the top one only at the top; the class as a whole is checked too.
 *
 * <p>Every goroutine a fixture leaves waits on {@link #forever}, which each test here closes when
 * it ends; so these tests check themselves for leaks with the extension they test.
 */
@VerifyNoLeaks
@Timeout(60)
class VerifyNoLeaksTest {
    /** The functions below as a dump names them (constants, for the annotations' attributes). */
    private static final String WAIT_FOREVER = "dev.weft.junit.VerifyNoLeaksTest.waitForever";
    private static final String CALLS_WAIT_FOREVER = "dev.weft.junit.VerifyNoLeaksTest.callsWaitForever";

    /** Closed after each test, which ends every goroutine a fixture left. */
    static Chan<Void> forever;

    @BeforeEach
    void openForever() {
        forever = Chan.make();
    }

    @AfterEach
    void closeForever() {
        forever.close();
    }

    @Suspendable
    static void waitForever() {
        forever.recv();
    }

    @Suspendable
    static void callsWaitForever() {
        waitForever();
    }

    // ---- fixtures ----------------------------------------------------------------------------

    @VerifyNoLeaks(graceMillis = 100)
    static class Leaky {
        @Test
        void leavesAGoroutineWaiting() {
            Go.go(VerifyNoLeaksTest::waitForever);
        }

        @Test
        void leavesNone() {
        }
    }

    @VerifyNoLeaks
    static class Clean {
        @Test
        void waitsForItsGoroutines() {
            Go.run(() -> {
                Chan<Integer> answer = Chan.make();
                Go.go(() -> answer.send(42));
                assertEquals(42, answer.recv());
            });
        }
    }

    @VerifyNoLeaks
    static class EndsDuringTheGracePeriod {
        /** Its goroutine ends only once the check after it has found it alive and waits for it. */
        @Test
        void releasesItsGoroutineOnceTheCheckWaits() {
            Chan<Void> release = Chan.make();
            Go.go(() -> release.recv());
            Thread test = Thread.currentThread();
            Thread releaser = new Thread(() -> {
                awaitGracePeriod(test);
                release.close();
            }, "releaser");
            releaser.setDaemon(true);
            releaser.start();
        }
    }

    @VerifyNoLeaks(ignoreTopFunction = WAIT_FOREVER, graceMillis = 100)
    static class IgnoredByTopFunction {
        @Test
        void leavesAGoroutineWaitingIn_waitForever() {
            Go.go(VerifyNoLeaksTest::waitForever);
        }
    }

    @VerifyNoLeaks(ignoreTopFunction = CALLS_WAIT_FOREVER, graceMillis = 100)
    static class TopFunctionBelowTheTop {
        @Test
        void leavesAGoroutineWaitingIn_waitForever_below_callsWaitForever() {
            Go.go(VerifyNoLeaksTest::callsWaitForever);
        }
    }

    static class IgnoredByAnyFunction {
        @RegisterExtension
        static final GoroutineLeakExtension leaks = new GoroutineLeakExtension()
                .ignoringAnyFunction(CALLS_WAIT_FOREVER)
                .withGrace(Duration.ofMillis(100));

        @Test
        void leavesAGoroutineWaitingIn_waitForever_below_callsWaitForever() {
            Go.go(VerifyNoLeaksTest::callsWaitForever);
        }
    }

    @VerifyNoLeaks(ignoreCurrent = false, graceMillis = 100)
    static class ChecksEveryGoroutine {
        @Test
        void startsNone() {
        }
    }

    @VerifyNoLeaks(graceMillis = 100)
    static class LeaksInBeforeAll {
        @BeforeAll
        static void startsAGoroutine() {
            Go.go(VerifyNoLeaksTest::waitForever);
        }

        @Test
        void startsNone() {
        }
    }

    static class CheckedOnOneMethod {
        @Test
        @VerifyNoLeaks(graceMillis = 100)
        void checked() {
            Go.go(VerifyNoLeaksTest::waitForever);
        }

        @Test
        void notChecked() {
            Go.go(VerifyNoLeaksTest::waitForever);
        }
    }

    /** Polls, for at most 10 s, until {@code test} sleeps in a leak check's grace period. */
    private static void awaitGracePeriod(Thread test) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0 && !(test.getState() == Thread.State.TIMED_WAITING
                && Arrays.stream(test.getStackTrace()).anyMatch(f -> f.getClassName().equals(LeakCheck.class.getName())))) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    // ---- tests -------------------------------------------------------------------------------

    @Test
    void aTestThatLeavesAGoroutineWaiting_fails_namingItsWaitReasonStackAndCreationSite() {
        Kit run = Kit.run(Leaky.class);
        Throwable failure = run.failureOf("leavesAGoroutineWaiting");
        assertInstanceOf(AssertionFailedError.class, failure);
        String m = failure.getMessage();
        assertTrue(m.startsWith("found unexpected goroutines after " + Leaky.class.getName()
                + ".leavesAGoroutineWaiting(): 1 still alive after a grace period of 100 ms"), m);
        assertTrue(m.matches("(?s).*\ngoroutine \\d+ \\[chan receive]:\ndev\\.weft\\.Chan\\.recv\\(\\.\\.\\.\\)\n.*"), m);
        assertTrue(m.contains("\n" + WAIT_FOREVER + "(...)\n\tVerifyNoLeaksTest.java:"), m);
        assertTrue(m.matches("(?s).*\ncreated by " + Leaky.class.getName().replace("$", "\\$")
                + "\\.leavesAGoroutineWaiting\n\tVerifyNoLeaksTest\\.java:\\d+\n"), m);
    }

    @Test
    void aLeak_failsOnlyTheTestThatLeftIt_notTheOthers_norTheClass() {
        Kit run = Kit.run(Leaky.class);
        run.assertPassed("leavesNone");
        run.assertClassPassed();
    }

    @Test
    void aTestWhoseGoroutinesEnd_passes() {
        Kit run = Kit.run(Clean.class);
        run.assertPassed("waitsForItsGoroutines");
        run.assertClassPassed();
    }

    @Test
    void aGoroutineThatEndsDuringTheGracePeriod_isNoLeak() {
        Kit.run(EndsDuringTheGracePeriod.class).assertPassed("releasesItsGoroutineOnceTheCheckWaits");
    }

    @Test
    void ignoreTopFunction_toleratesAGoroutineWaitingInThatFunction() {
        Kit.run(IgnoredByTopFunction.class).assertPassed("leavesAGoroutineWaitingIn_waitForever");
    }

    @Test
    void ignoreTopFunction_doesNotTolerateTheFunctionBelowTheTop() {
        Throwable failure = Kit.run(TopFunctionBelowTheTop.class)
                .failureOf("leavesAGoroutineWaitingIn_waitForever_below_callsWaitForever");
        assertTrue(failure.getMessage().contains("\n" + CALLS_WAIT_FOREVER + "(...)\n"), failure.getMessage());
    }

    @Test
    void ignoringAnyFunction_onARegisteredExtension_toleratesAGoroutineWithThatFunctionAnywhereInItsStack() {
        Kit.run(IgnoredByAnyFunction.class).assertPassed("leavesAGoroutineWaitingIn_waitForever_below_callsWaitForever");
    }

    @Test
    void ignoreCurrentFalse_blamesAGoroutineStartedBeforeTheTest_whichByDefaultIsTolerated() {
        Go.go(VerifyNoLeaksTest::callsWaitForever);
        Kit.run(Clean.class).assertPassed("waitsForItsGoroutines");
        Throwable failure = Kit.run(ChecksEveryGoroutine.class).failureOf("startsNone");
        assertTrue(failure.getMessage().contains("\ncreated by " + VerifyNoLeaksTest.class.getName()
                + ".ignoreCurrentFalse_blamesAGoroutineStartedBeforeTheTest_whichByDefaultIsTolerated\n"), failure.getMessage());
    }

    @Test
    void aGoroutineLeftByBeforeAll_failsTheClass_notItsTests() {
        Kit run = Kit.run(LeaksInBeforeAll.class);
        run.assertPassed("startsNone");
        String m = run.classFailure().getMessage();
        assertTrue(m.startsWith("found unexpected goroutines after the tests of " + LeaksInBeforeAll.class.getName()
                + ": 1 still alive after a grace period of 100 ms"), m);
        assertTrue(m.contains("\ncreated by " + LeaksInBeforeAll.class.getName() + ".startsAGoroutine\n"), m);
    }

    @Test
    void onAMethod_checksThatTestOnly() {
        Kit run = Kit.run(CheckedOnOneMethod.class);
        run.failureOf("checked");
        run.assertPassed("notChecked");
        run.assertClassPassed();
    }

    @Test
    void aNegativeGracePeriod_isRefused() {
        GoroutineLeakExtension leaks = new GoroutineLeakExtension();
        assertThrows(IllegalArgumentException.class, () -> leaks.withGrace(Duration.ofMillis(-1)));
    }
}
