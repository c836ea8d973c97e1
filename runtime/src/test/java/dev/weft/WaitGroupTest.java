package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code sync.WaitGroup} against Go's {@code src/sync/waitgroup_test.go}. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitGroupTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    @Test
    void await_releasesWaitersOnlyWhenTheCounterReachesZero() {
        // TestWaitGroup: n goroutines pass wg1 and wait on wg2, released one done() at a time.
        for (int round = 0; round < 8; round++) {
            WaitGroup wg1 = new WaitGroup();
            WaitGroup wg2 = new WaitGroup();
            int n = 16;
            Go.run(() -> {
                wg1.add(n);
                wg2.add(n);
                Chan<Boolean> exited = Chan.make(n);
                for (int i = 0; i < n; i++) {
                    Go.go(() -> {
                        wg1.done();
                        wg2.await();
                        exited.send(true);
                    });
                }
                wg1.await();
                for (int i = 0; i < n; i++) {
                    assertNull(exited.tryRecv(), "WaitGroup released group too soon");
                    wg2.done();
                }
                for (int i = 0; i < n; i++) {
                    exited.recv(); // blocks if the barrier failed to release someone
                }
            });
        }
    }

    @Test
    void add_belowZero_throwsIllegalStateException_andLeavesTheCounterAlone() {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        wg.done();
        assertThrows(IllegalStateException.class, wg::done);
        assertThrows(IllegalStateException.class, () -> wg.add(-5));
        wg.add(1);
        assertThrows(IllegalStateException.class, () -> wg.add(-2));
        wg.done();
        Go.run(wg::await); // the counter is back to zero: await returns at once
    }

    @Test
    void await_onZeroCounter_returnsAtOnce() {
        WaitGroup wg = new WaitGroup();
        assertEquals("ok", Go.run(() -> {
            wg.await();
            return "ok";
        }));
        wg.await(); // from a plain thread too
    }

    @Test
    void await_parks_shownAsSyncWaitGroupWait_andEveryWaiterIsReleased() {
        WaitGroup wg = new WaitGroup();
        wg.add(2);
        Chan<Boolean> released = Chan.make(5);
        Go.run(() -> {
            for (int i = 0; i < 5; i++) {
                Go.go(() -> {
                    wg.await();
                    released.send(true);
                });
            }
            Dumps.awaitParked("sync.WaitGroup.Wait", WaitGroupTest.class, 5);
            wg.done();
            assertNull(released.tryRecv(), "released with the counter at 1");
            assertEquals(5, Dumps.count("sync.WaitGroup.Wait", WaitGroupTest.class));
            wg.done();
            for (int i = 0; i < 5; i++) {
                released.recv();
            }
        });
    }

    @Test
    void waitGroup_reusedAfterAwaitReturns_worksAgain() {
        WaitGroup wg = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();
        Go.run(() -> {
            for (int round = 1; round <= 50; round++) {
                for (int i = 0; i < 4; i++) {
                    wg.add(1);
                    Go.go(() -> {
                        ran.incrementAndGet();
                        wg.done();
                    });
                }
                wg.await();
                assertEquals(round * 4, ran.get(), "round " + round);
            }
        });
    }

    @Test
    void await_neverWakesSpuriously() {
        // TestWaitGroupRace.
        int[] spurious = {0};
        Go.run(() -> {
            for (int i = 0; i < 1000; i++) {
                WaitGroup wg = new WaitGroup();
                AtomicInteger n = new AtomicInteger();
                wg.add(1);
                Go.go(() -> {
                    n.incrementAndGet();
                    wg.done();
                });
                wg.add(1);
                Go.go(() -> {
                    n.incrementAndGet();
                    wg.done();
                });
                wg.await();
                if (n.get() != 2) {
                    spurious[0]++;
                }
            }
        });
        assertEquals(0, spurious[0], "spurious wake-ups from await");
    }

    @Test
    void await_byManyWaiters_underChurn_allReleased() {
        Go.run(() -> {
            for (int round = 0; round < 200; round++) {
                WaitGroup work = new WaitGroup();
                WaitGroup waiters = new WaitGroup();
                AtomicInteger finished = new AtomicInteger();
                int workers = 10;
                work.add(workers);
                for (int i = 0; i < 5; i++) {
                    waiters.add(1);
                    Go.go(() -> {
                        work.await();
                        assertEquals(workers, finished.get(), "await returned before every done");
                        waiters.done();
                    });
                }
                for (int i = 0; i < workers; i++) {
                    Go.go(() -> {
                        Go.yield();
                        finished.incrementAndGet();
                        work.done();
                    });
                }
                waiters.await();
            }
        });
    }
}
