package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code sync.Cond} against Go's {@code src/sync/cond_test.go}. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CondTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    @Test
    void await_withoutHoldingTheMutex_throwsIllegalStateException() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        assertThrows(IllegalStateException.class, c::await);
        Throwable inGoroutine = Go.run(() -> {
            try {
                c.await();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertTrue(inGoroutine instanceof IllegalStateException);
    }

    @Test
    void signalAndBroadcast_withNoWaiters_doNothing() {
        Cond c = new Cond(new Mutex());
        c.signal();
        c.broadcast();
    }

    @Test
    void signal_wakesExactlyOneWaiter() {
        // TestCondSignal.
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 4;
        Go.run(() -> {
            Chan<Boolean> running = Chan.make(n);
            Chan<Boolean> awake = Chan.make(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    m.lock();
                    running.send(true);
                    c.await();
                    awake.send(true);
                    m.unlock();
                });
            }
            for (int i = 0; i < n; i++) {
                running.recv();
            }
            for (int left = n; left > 0; left--) {
                assertNull(awake.tryRecv(), "goroutine not asleep");
                m.lock();
                c.signal();
                m.unlock();
                awake.recv(); // blocks if no goroutine woke up
                assertEquals(left - 1, Dumps.count("sync.Cond.Wait", CondTest.class), "too many goroutines awake");
                assertNull(awake.tryRecv(), "too many goroutines awake");
            }
            c.signal();
        });
    }

    @Test
    void signal_wakesWaitersInTheOrderTheyWaited() {
        // TestCondSignalGenerations.
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 100;
        Go.run(() -> {
            Chan<Boolean> running = Chan.make(n);
            Chan<Integer> awake = Chan.make(n);
            for (int i = 0; i < n; i++) {
                int id = i;
                Go.go(() -> {
                    m.lock();
                    running.send(true);
                    c.await();
                    awake.send(id);
                    m.unlock();
                });
                if (i > 0) {
                    int a = awake.recv();
                    assertEquals(i - 1, a, "wrong goroutine woke up");
                }
                running.recv();
                m.lock();
                c.signal();
                m.unlock();
            }
            assertEquals(n - 1, awake.recv());
        });
    }

    @Test
    void broadcast_wakesEveryWaiterOnce() {
        // TestCondBroadcast.
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int n = 100;
        boolean[] exit = {false};
        Go.run(() -> {
            Chan<Integer> running = Chan.make(n);
            Chan<Integer> awake = Chan.make(n);
            for (int i = 0; i < n; i++) {
                int g = i;
                Go.go(() -> {
                    m.lock();
                    while (!exit[0]) {
                        running.send(g);
                        c.await();
                        awake.send(g);
                    }
                    m.unlock();
                });
            }
            for (int round = 0; round < n; round++) {
                for (int i = 0; i < n; i++) {
                    running.recv(); // blocks unless n are running
                }
                if (round == n - 1) {
                    m.lock();
                    exit[0] = true;
                    m.unlock();
                }
                assertNull(awake.tryRecv(), "goroutine not asleep");
                m.lock();
                c.broadcast();
                m.unlock();
                boolean[] seen = new boolean[n];
                for (int i = 0; i < n; i++) {
                    int g = awake.recv();
                    assertFalse(seen[g], "goroutine woke up twice");
                    seen[g] = true;
                }
            }
            assertNull(running.tryRecv(), "goroutine did not exit");
            c.broadcast();
        });
    }

    @Test
    void broadcast_racingWithANewWaiter_alwaysWakesTheEarlierWaiter() {
        // TestCondSignalStealing: a waiter that arrives with the broadcast may or may not be
        // woken, but the one already waiting must be.
        for (int iter = 0; iter < 300; iter++) {
            Mutex m = new Mutex();
            Cond cond = new Cond(m);
            boolean[] done = {false};
            boolean woken = Go.run(() -> {
                Chan<Boolean> ch = Chan.make();
                Go.go(() -> {
                    m.lock();
                    ch.send(true);
                    cond.await();
                    m.unlock();
                    ch.send(true);
                });
                ch.recv();
                m.lock();
                m.unlock();
                // The waiter is inside await: it held m when it synchronized with us.
                Go.go(cond::broadcast);
                WaitGroup second = new WaitGroup();
                second.add(1);
                Go.go(() -> {
                    m.lock();
                    while (!done[0]) {
                        cond.await();
                    }
                    m.unlock();
                    second.done();
                });
                Timer limit = Time.newTimer(Duration.ofSeconds(5));
                int i = Select.select(ch.onRecv(null), limit.c().onRecv(null));
                limit.stop();
                m.lock();
                done[0] = true;
                m.unlock();
                cond.broadcast();
                if (i != 0) {
                    ch.recv(); // let the first waiter end anyway
                }
                second.await();
                return i == 0;
            });
            if (!woken) {
                fail("first waiter didn't get the broadcast (iteration " + iter + ")");
            }
        }
    }

    @Test
    void await_returnsWithTheMutexLockedAgain() {
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        boolean[] ready = {false};
        Go.run(() -> {
            Chan<Boolean> heldAfterWake = Chan.make(1);
            Chan<Boolean> unlocked = Chan.make(1);
            Go.go(() -> {
                m.lock();
                while (!ready[0]) {
                    c.await();
                }
                heldAfterWake.send(!m.tryLock());
                m.unlock();
                unlocked.send(true);
            });
            Dumps.awaitParked("sync.Cond.Wait", CondTest.class, 1);
            m.lock();
            ready[0] = true;
            c.signal();
            m.unlock();
            assertTrue(heldAfterWake.recv(), "await returned without the mutex locked");
            unlocked.recv(); // its unlock, not just its send, is before this tryLock
            assertTrue(m.tryLock(), "the woken goroutine unlocked it");
            m.unlock();
        });
    }

    @Test
    void signal_betweenWaitersUnlockAndPark_isNotLost() {
        // A producer/consumer ping-pong over one Cond: a lost signal hangs the test.
        Mutex m = new Mutex();
        Cond c = new Cond(m);
        int[] turn = {0};
        int rounds = 5000;
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int p = 0; p < 2; p++) {
                int me = p;
                wg.add(1);
                Go.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        m.lock();
                        while (turn[0] % 2 != me) {
                            c.await();
                        }
                        turn[0]++;
                        c.signal();
                        m.unlock();
                    }
                    wg.done();
                });
            }
            wg.await();
        });
        assertEquals(2 * rounds, turn[0]);
    }
}
