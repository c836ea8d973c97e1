package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code golang.org/x/sync/errgroup} against its {@code errgroup_test.go}. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ErrGroupTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    @Test
    void newGroup_contextIsBackground() {
        assertSame(Context.background(), new ErrGroup().context());
    }

    @Test
    void await_returnsTheFirstError_groupReusableAfterAwait() {
        // TestZeroGroup: go then await, over and over; await answers the first error so far.
        Exception err1 = new Exception("errgroup_test: 1");
        Exception err2 = new Exception("errgroup_test: 2");
        List<List<Exception>> cases = List.of(
                List.of(),
                Arrays.asList((Exception) null),
                List.of(err1),
                Arrays.asList(err1, null),
                Arrays.asList(err1, null, err2));
        for (List<Exception> errs : cases) {
            ErrGroup g = new ErrGroup();
            Go.run(() -> {
                Throwable firstErr = null;
                for (Exception err : errs) {
                    g.go(() -> {
                        if (err != null) {
                            throw err;
                        }
                    });
                    if (firstErr == null && err != null) {
                        firstErr = err;
                    }
                    assertSame(firstErr, g.await(), "after " + errs);
                }
                if (errs.isEmpty()) {
                    assertNull(g.await());
                }
            });
        }
    }

    @Test
    void task_checkedException_isReturnedUnchanged() {
        IOException boom = new IOException("boom");
        ErrGroup g = new ErrGroup();
        Throwable got = Go.run(() -> {
            g.go(() -> {
                throw boom;
            });
            g.go(() -> { });
            return g.await();
        });
        assertSame(boom, got);
    }

    @Test
    void await_returnsTheFirstError_evenIfOthersFailLater() {
        Exception first = new Exception("first");
        Exception later = new Exception("later");
        ErrGroup g = ErrGroup.withContext(Context.background());
        Throwable got = Go.run(() -> {
            g.go(() -> {
                g.context().done().recv(); // fails only once the first failure canceled the group
                throw later;
            });
            g.go(() -> {
                throw first;
            });
            return g.await();
        });
        assertSame(first, got);
    }

    @Test
    void withContext_contextIsCanceledByTheFirstError() {
        ErrGroup g = ErrGroup.withContext(Context.background());
        Exception doom = new Exception("group_test: doomed");
        AtomicBoolean sawCancel = new AtomicBoolean();
        Throwable got = Go.run(() -> {
            g.go(() -> {
                g.context().done().recv();
                sawCancel.set(g.context().err() instanceof CanceledException);
            });
            Dumps.awaitParked("chan receive", ErrGroup.class, 1); // the task, started by the group
            g.go(() -> {
                throw doom;
            });
            return g.await();
        });
        assertSame(doom, got);
        assertTrue(sawCancel.get(), "the waiting task saw the group's context canceled");
    }

    @Test
    void withContext_contextIsCanceledWhenAwaitReturns_evenWithoutAnError() {
        // TestWithContext.
        List<List<Exception>> cases = List.of(List.of(), Arrays.asList((Exception) null));
        for (List<Exception> errs : cases) {
            ErrGroup g = ErrGroup.withContext(Context.background());
            Throwable got = Go.run(() -> {
                for (Exception err : errs) {
                    g.go(() -> {
                        if (err != null) {
                            throw err;
                        }
                    });
                }
                assertNull(g.context().err(), "canceled before await");
                return g.await();
            });
            assertNull(got);
            assertTrue(g.context().done().isClosed(), "ctx.Done() was not closed after " + errs);
            assertInstanceOf(CanceledException.class, g.context().err());
        }
    }

    @Test
    void withContext_parentCanceled_groupContextIsDone() {
        CancelableContext parent = Context.withCancel(Context.background());
        ErrGroup g = ErrGroup.withContext(parent);
        assertNull(g.context().err());
        parent.cancel();
        assertTrue(g.context().done().isClosed());
        assertNull(Go.run(g::await), "a canceled parent is no task error");
    }

    @Test
    void tryGo_failsWhenTheLimitIsReached_andSucceedsOnceTasksEnd() {
        // TestTryGo.
        ErrGroup g = new ErrGroup();
        int n = 42;
        g.setLimit(42);
        Chan<Boolean> ch = Chan.make();
        SuspendableRunnable fn = () -> ch.send(true);
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                assertTrue(g.tryGo(fn), "TryGo should succeed but got fail at " + i + "-th call.");
            }
            assertFalse(g.tryGo(fn), "TryGo is expected to fail but succeeded.");
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    ch.recv();
                }
            });
            g.await();

            assertTrue(g.tryGo(fn), "TryGo should succeed but got fail after all goroutines.");
            Go.go(ch::recv);
            g.await();

            g.setLimit(1);
            assertTrue(g.tryGo(fn), "TryGo should succeed but got failed.");
            assertFalse(g.tryGo(fn), "TryGo should fail but succeeded.");
            Go.go(ch::recv);
            g.await();

            g.setLimit(0);
            for (int i = 0; i < 1 << 10; i++) {
                assertFalse(g.tryGo(fn), "TryGo should fail but got succeeded.");
            }
            g.await();
        });
    }

    @Test
    void go_parksWhileTheLimitIsReached() {
        ErrGroup g = new ErrGroup();
        g.setLimit(2);
        Chan<Boolean> release = Chan.make();
        AtomicBoolean thirdStarted = new AtomicBoolean();
        Go.run(() -> {
            g.go(release::recv);
            g.go(release::recv);
            Chan<Boolean> goReturned = Chan.make(1);
            Go.go(() -> {
                g.go(() -> thirdStarted.set(true));
                goReturned.send(true);
            });
            Dumps.awaitParked("chan send", ErrGroupTest.class, 1);
            assertNull(goReturned.tryRecv(), "go() returned although the group was full");
            assertFalse(thirdStarted.get());
            release.send(true);
            goReturned.recv();
            release.send(true);
            assertNull(g.await());
            assertTrue(thirdStarted.get());
        });
    }

    @Test
    void setLimit_neverMoreTasksActiveThanTheLimit() {
        // TestGoLimit.
        int limit = 10;
        ErrGroup g = new ErrGroup();
        g.setLimit(limit);
        AtomicInteger active = new AtomicInteger();
        Throwable err = Go.run(() -> {
            for (int i = 0; i <= 1 << 10; i++) {
                g.go(() -> {
                    int n = active.incrementAndGet();
                    if (n > limit) {
                        throw new Exception("saw " + n + " active goroutines; want <= " + limit);
                    }
                    Go.sleep(Duration.ofNanos(1000)); // give the others a chance to increment active
                    active.decrementAndGet();
                });
            }
            return g.await();
        });
        assertNull(err);
    }

    @Test
    void setLimit_whileTasksAreActive_throwsIllegalStateException() {
        ErrGroup g = new ErrGroup();
        Chan<Boolean> release = Chan.make();
        Go.run(() -> {
            g.go(release::recv);
            assertThrows(IllegalStateException.class, () -> g.setLimit(3));
            release.send(true);
            g.await();
            g.setLimit(3); // fine once they are done
        });
    }

    @Test
    void setLimit_negative_meansNoLimit() {
        ErrGroup g = new ErrGroup();
        g.setLimit(1);
        g.setLimit(-1);
        Chan<Boolean> release = Chan.make();
        Go.run(() -> {
            for (int i = 0; i < 100; i++) {
                assertTrue(g.tryGo(release::recv), "tryGo failed without a limit at " + i);
            }
            for (int i = 0; i < 100; i++) {
                release.send(true);
            }
            assertNull(g.await());
        });
    }

    @Test
    void await_waitsForEveryTask() {
        ErrGroup g = new ErrGroup();
        AtomicInteger finished = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < 50; i++) {
                int n = i;
                g.go(() -> {
                    if (n % 3 == 0) {
                        Go.sleep(Duration.ofMillis(n % 7));
                    }
                    Go.yield();
                    finished.incrementAndGet();
                });
            }
            assertNull(g.await());
            assertEquals(50, finished.get(), "await returned before every task was done");
        });
    }

    @Test
    void task_throwingAnError_isAPanicOfTheRun() {
        ErrGroup g = new ErrGroup();
        GoroutinePanicException e = assertThrows(GoroutinePanicException.class, () -> Go.run(() -> {
            g.go(() -> {
                throw new AssertionError("not an Exception: a panic");
            });
            g.await();
            Chan.make().recv(); // the panic ends the run
        }));
        assertInstanceOf(AssertionError.class, e.getCause());
    }

    @Test
    void await_fromAPlainThread_waitsAndReturnsTheFirstError() {
        ErrGroup g = new ErrGroup();
        Exception boom = new Exception("boom");
        Chan<Boolean> release = Chan.make();
        List<Throwable> got = new ArrayList<>();
        g.go(() -> {
            release.recv();
            throw boom;
        });
        Thread releaser = new Thread(() -> release.send(true));
        releaser.start();
        got.add(g.await());
        assertSame(boom, got.get(0));
    }
}
