package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sync.Once} against Go's {@code src/sync/once_test.go}. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OnceTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    @Test
    void run_calledFromManyGoroutines_runsTheFunctionExactlyOnce() {
        // TestOnce: every caller sees the increment done.
        Once once = new Once();
        AtomicInteger o = new AtomicInteger();
        AtomicInteger sawUndone = new AtomicInteger();
        Go.run(() -> {
            Chan<Boolean> c = Chan.make();
            for (int i = 0; i < 10; i++) {
                Go.go(() -> {
                    once.run(() -> {
                        Go.yield();
                        o.incrementAndGet();
                    });
                    if (o.get() != 1) {
                        sawUndone.incrementAndGet();
                    }
                    c.send(true);
                });
            }
            for (int i = 0; i < 10; i++) {
                c.recv();
            }
        });
        assertEquals(1, o.get(), "once ran f more than once (or never)");
        assertEquals(0, sawUndone.get(), "a caller returned before f was done");
    }

    @Test
    void run_functionThrows_exceptionPropagatesUnchanged_andLaterCallsDoNotRunIt() {
        // TestOncePanic: Do considers a panicking f to have returned.
        Once once = new Once();
        IOException boom = new IOException("boom");
        Exception thrown = Go.run(() -> {
            try {
                once.run(() -> {
                    throw boom;
                });
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        assertSame(boom, thrown, "the checked exception of f reaches the caller unchanged");
        AtomicBoolean ranAgain = new AtomicBoolean();
        Go.run(() -> once.run(() -> ranAgain.set(true)));
        assertFalse(ranAgain.get(), "once called f again after it threw");
    }

    @Test
    void run_concurrentCaller_waitsUntilTheFunctionReturns() {
        Once once = new Once();
        Chan<Boolean> release = Chan.make();
        AtomicBoolean fDone = new AtomicBoolean();
        AtomicBoolean secondRan = new AtomicBoolean();
        Chan<Boolean> secondReturned = Chan.make(1);
        Go.run(() -> {
            Go.go(() -> once.run(() -> {
                release.recv();
                fDone.set(true);
            }));
            Dumps.awaitParked("chan receive", OnceTest.class, 1); // f runs and is blocked
            Go.go(() -> {
                once.run(() -> secondRan.set(true));
                secondReturned.send(fDone.get());
            });
            Dumps.awaitParked("sync.Once.Do", OnceTest.class, 1);
            assertNull(secondReturned.tryRecv(), "the second caller returned while f still ran");
            release.send(true);
            assertTrue(secondReturned.recv(), "the second caller returned before f was done");
        });
        assertFalse(secondRan.get());
    }

    @Test
    void run_concurrentCaller_whenTheFunctionThrows_returnsNormally() {
        Once once = new Once();
        Chan<Boolean> release = Chan.make();
        Chan<String> outcomes = Chan.make(2);
        Go.run(() -> {
            Go.go(() -> {
                try {
                    once.run(() -> {
                        release.recv();
                        throw new IllegalStateException("f failed");
                    });
                    outcomes.send("first returned");
                } catch (IllegalStateException e) {
                    outcomes.send("first threw");
                }
            });
            Dumps.awaitParked("chan receive", OnceTest.class, 1);
            Go.go(() -> {
                try {
                    once.run(() -> outcomes.send("second ran f"));
                    outcomes.send("second returned");
                } catch (Exception e) {
                    outcomes.send("second threw " + e);
                }
            });
            Dumps.awaitParked("sync.Once.Do", OnceTest.class, 1);
            release.send(true);
            java.util.Set<String> got = new java.util.HashSet<>();
            got.add(outcomes.recv());
            got.add(outcomes.recv());
            assertEquals(java.util.Set.of("first threw", "second returned"), got);
        });
    }

    @Test
    void run_fromPlainThreadAndGoroutines_runsOnce() {
        Once once = new Once();
        AtomicInteger calls = new AtomicInteger();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 50; i++) {
                wg.add(1);
                Go.go(() -> {
                    once.run(calls::incrementAndGet);
                    wg.done();
                });
            }
            wg.await();
        });
        once.run(calls::incrementAndGet);
        assertEquals(1, calls.get());
    }

    @Test
    void run_functionThatRunsLong_releasesEveryWaiterWhenItReturns() {
        // f runs past the monitor's 10 ms slice, so the goroutine running it is asked to yield
        // at its next loop back-edge: possibly in Once's own loop that releases the waiters
        // while it holds its internal lock. Every waiter must still be released normally.
        for (int round = 0; round < 10; round++) {
            Once once = new Once();
            AtomicBoolean fStarted = new AtomicBoolean();
            AtomicBoolean waitersQueued = new AtomicBoolean();
            Chan<String> outcomes = Chan.make(5);
            int r = round;
            Go.run(() -> {
                Go.go(() -> {
                    try {
                        once.run(() -> {
                            fStarted.set(true);
                            while (!waitersQueued.get()) {
                                Go.yield();
                            }
                            MutexTest.spinUnwoven(15_000_000L);
                        });
                        outcomes.send("ok");
                    } catch (Throwable t) {
                        outcomes.send("runner: " + t);
                    }
                });
                Eventually.until("f is running", fStarted::get);
                for (int i = 0; i < 4; i++) {
                    Go.go(() -> {
                        try {
                            once.run(() -> {
                                throw new AssertionError("ran twice");
                            });
                            outcomes.send("ok");
                        } catch (Throwable t) {
                            outcomes.send("waiter: " + t);
                        }
                    });
                }
                Dumps.awaitParked("sync.Once.Do", OnceTest.class, 4);
                waitersQueued.set(true);
                Timer limit = Time.newTimer(java.time.Duration.ofSeconds(10));
                for (int i = 0; i < 5; i++) {
                    String[] got = {null};
                    Select.select(outcomes.onRecv(v -> got[0] = v), limit.c().onRecv(null));
                    assertEquals("ok", got[0], "round " + r + ", outcome " + i + " (null: a caller was never released)");
                }
                limit.stop();
            });
            Dumps.ignoreExisting();
        }
    }
}
