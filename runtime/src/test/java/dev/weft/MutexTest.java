package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sync.Mutex} against Go's {@code src/sync/mutex_test.go}. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MutexTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    @Test
    void unlock_whileAWaiterTurnsStarvingBehindABarger_neverHandsTheMutexToASecondHolder() {
        // Holders that yield inside make waiters wait past the starvation threshold. An unlock
        // that frees the mutex, a goroutine that takes it at once, a waiter that queues behind
        // that one marking the mutex starving: the first unlock must not then hand the mutex
        // to the next waiter (it decides its mode from the state it left). A second holder
        // shows as an overlap, a lost update or an unlock of an unlocked mutex (a panic).
        // The window is narrow: a round lost it about once in twenty before, so many rounds.
        int previous = Go.maxProcs(2);
        try {
            for (int round = 0; round < 100; round++) {
                Mutex m = new Mutex();
                int[] counter = {0};
                AtomicInteger inside = new AtomicInteger();
                AtomicInteger overlaps = new AtomicInteger();
                Go.run(() -> {
                    WaitGroup wg = new WaitGroup();
                    wg.add(16);
                    for (int g = 0; g < 16; g++) {
                        Go.go(() -> {
                            for (int i = 0; i < 2000; i++) {
                                m.lock();
                                if (inside.incrementAndGet() != 1) {
                                    overlaps.incrementAndGet();
                                }
                                counter[0]++;
                                if (i % 50 == 0) {
                                    Go.yield();
                                }
                                inside.decrementAndGet();
                                m.unlock();
                            }
                            wg.done();
                        });
                    }
                    wg.await();
                });
                assertEquals(0, overlaps.get(), "two holders at once in round " + round);
                assertEquals(16 * 2000, counter[0], "lost updates in round " + round);
            }
        } finally {
            Go.maxProcs(previous);
        }
    }

    @Test
    void lock_contendedByGoroutinesAndThreadsWithTryLock_excludesMutuallyAndWakesEveryWaiter() {
        // The one-word state's races: fast-path CASes, spinning, barging, a woken waiter that
        // loses and goes back to the front, tryLock, plain threads parking on the same queue,
        // and a holder that sleeps past the starvation threshold now and then, so hand-offs
        // happen too. A lost wake-up hangs the run (the timeout fails it); a broken exclusion
        // shows as an overlap or a lost update.
        Mutex m = new Mutex();
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger tried = new AtomicInteger();
        int goroutines = 50;
        int threads = 3;
        int rounds = 2000;
        SuspendableRunnable body = () -> {
            for (int i = 0; i < rounds; i++) {
                boolean got = i % 7 == 0 && m.tryLock();
                if (got) {
                    tried.incrementAndGet();
                } else {
                    m.lock();
                }
                if (inside.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                counter[0]++;
                if (i % 500 == 0) {
                    Go.sleep(Duration.ofMillis(2));
                }
                inside.decrementAndGet();
                m.unlock();
            }
        };
        int previous = Go.maxProcs(2);
        try {
            Go.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(goroutines + threads);
                for (int g = 0; g < goroutines; g++) {
                    Go.go(() -> {
                        body.run();
                        wg.done();
                    });
                }
                for (int t = 0; t < threads; t++) {
                    Thread th = new Thread(() -> {
                        try {
                            body.run();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            wg.done();
                        }
                    });
                    th.start();
                }
                wg.await();
            });
        } finally {
            Go.maxProcs(previous);
        }
        assertEquals(0, overlaps.get(), "two holders at once");
        assertEquals((goroutines + threads) * rounds, counter[0], "lost updates");
        assertFalse(m.isLocked(), "left locked");
        assertTrue(m.tryLock(), "free at the end");
    }

    @Test
    void lock_hammeredByManyGoroutines_excludesMutually() {
        // HammerMutex: 10 goroutines x 1000 critical sections, each checking it is alone.
        Mutex m = new Mutex();
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int g = 0; g < 10; g++) {
                wg.add(1);
                Go.go(() -> {
                    for (int i = 0; i < 1000; i++) {
                        m.lock();
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        int c = counter[0];
                        if (i % 10 == 0) {
                            Go.yield(); // let others try while we hold it
                        }
                        counter[0] = c + 1;
                        inside.decrementAndGet();
                        m.unlock();
                    }
                    wg.done();
                });
            }
            wg.await();
        });
        assertEquals(0, overlaps.get(), "two goroutines held the mutex at once");
        assertEquals(10_000, counter[0], "lost updates");
    }

    @Test
    void unlock_ofUnlockedMutex_throwsIllegalStateException() {
        Mutex m = new Mutex();
        assertThrows(IllegalStateException.class, m::unlock);
        m.lock();
        m.unlock();
        assertThrows(IllegalStateException.class, m::unlock);
    }

    @Test
    void tryLock_failsWhileHeld_andSucceedsWhenFree() {
        Mutex m = new Mutex();
        assertTrue(m.tryLock());
        assertFalse(m.tryLock(), "TryLock succeeded with mutex locked");
        m.unlock();
        assertTrue(m.tryLock(), "TryLock failed with mutex unlocked");
        m.unlock();
    }

    @Test
    void lock_whileHeld_parksShownAsSyncMutexLock_untilUnlocked() {
        Mutex m = new Mutex();
        AtomicBoolean acquired = new AtomicBoolean();
        Chan<Boolean> done = Chan.make();
        Go.run(() -> {
            m.lock();
            Go.go(() -> {
                m.lock();
                acquired.set(true);
                m.unlock();
                done.send(true);
            });
            Dumps.awaitParked("sync.Mutex.Lock", MutexTest.class, 1);
            assertFalse(acquired.get());
            m.unlock();
            done.recv();
            assertTrue(acquired.get());
        });
    }

    @Test
    void unlock_byAnotherGoroutineThanTheLocker_isAllowed() {
        // Go: "A locked Mutex is not associated with a particular goroutine."
        Mutex m = new Mutex();
        Go.run(() -> {
            m.lock();
            Chan<Throwable> result = Chan.make(1);
            Go.go(() -> {
                try {
                    m.unlock();
                    result.send(new Exception("none"));
                } catch (Throwable t) {
                    result.send(t);
                }
            });
            assertEquals("none", result.recv().getMessage());
            assertTrue(m.tryLock(), "the other goroutine's unlock freed it");
            m.unlock();
        });
    }

    @Test
    void lock_waiterIsNotStarvedByAGoroutineThatRelocksAtOnce() {
        // TestMutexFairness: one goroutine holds the mutex almost all the time; another that
        // wants it ten times must get it within seconds (starvation mode).
        Mutex mu = new Mutex();
        Chan<Boolean> stop = Chan.make();
        Chan<Boolean> done = Chan.make(1);
        WaitGroup hog = new WaitGroup();
        boolean gotIt = Go.run(() -> {
            hog.add(1);
            Go.go(() -> {
                boolean[] stopped = {false};
                while (!stopped[0]) {
                    mu.lock();
                    Go.sleep(Duration.ofNanos(100_000));
                    mu.unlock();
                    Select.select(stop.onRecv(v -> stopped[0] = true), Select.onDefault(null));
                }
                hog.done();
            });
            Go.go(() -> {
                for (int i = 0; i < 10; i++) {
                    Go.sleep(Duration.ofNanos(100_000));
                    mu.lock();
                    mu.unlock();
                }
                done.send(true);
            });
            Timer limit = Time.newTimer(Duration.ofSeconds(10));
            int i = Select.select(done.onRecv(null), limit.c().onRecv(null));
            limit.stop();
            stop.close();
            hog.await();
            return i == 0;
        });
        assertTrue(gotIt, "can't acquire Mutex in 10 seconds");
    }

    @Test
    void lock_mixedWithTryLock_excludesMutually() {
        Mutex m = new Mutex();
        int[] counter = {0};
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int g = 0; g < 8; g++) {
                boolean trying = g % 2 == 0;
                wg.add(1);
                Go.go(() -> {
                    int mine = 0;
                    while (mine < 500) {
                        if (trying) {
                            if (!m.tryLock()) {
                                Go.yield();
                                continue;
                            }
                        } else {
                            m.lock();
                        }
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        counter[0]++;
                        inside.decrementAndGet();
                        m.unlock();
                        mine++;
                    }
                    wg.done();
                });
            }
            wg.await();
        });
        assertEquals(0, overlaps.get());
        assertEquals(4000, counter[0]);
    }

    @Test
    void lock_manyWaitersQueued_eachGetsItOnce_noLostWakeup() {
        Mutex m = new Mutex();
        Chan<Integer> order = Chan.make(20);
        Go.run(() -> {
            m.lock();
            for (int i = 0; i < 20; i++) {
                int id = i;
                Go.go(() -> {
                    m.lock();
                    order.send(id);
                    m.unlock();
                });
            }
            Dumps.awaitParked("sync.Mutex.Lock", MutexTest.class, 20);
            m.unlock();
            boolean[] seen = new boolean[20];
            for (int i = 0; i < 20; i++) {
                int id = order.recv();
                assertFalse(seen[id], "goroutine " + id + " got the mutex twice");
                seen[id] = true;
            }
            assertNull(order.tryRecv());
            assertTrue(m.tryLock(), "free once everyone is done");
            m.unlock();
        });
    }

    /** Busy for {@code nanos} in a method that is not rewritten: no preemption check can run here. */
    static void spinUnwoven(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void lock_byGoroutinesThatRunLongBetweenLocks_survivesPreemption() {
        // Each goroutine runs past the monitor's 10 ms slice before it locks, so it is asked to
        // yield at its next loop back-edge, which may be inside lock() while it holds the
        // mutex's internal state. The mutex must keep working and exclude mutually.
        Mutex m = new Mutex();
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int goroutines = Math.max(4, 2 * Go.maxProcs());
        int rounds = 15;
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int g = 0; g < goroutines; g++) {
                wg.add(1);
                Go.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        spinUnwoven(12_000_000L);
                        m.lock();
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        counter[0]++;
                        spinUnwoven(200_000L);
                        inside.decrementAndGet();
                        m.unlock();
                    }
                    wg.done();
                });
            }
            wg.await();
        });
        assertEquals(0, overlaps.get());
        assertEquals(goroutines * rounds, counter[0]);
    }
}
