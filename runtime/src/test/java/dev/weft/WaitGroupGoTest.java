package dev.weft;

import dev.weft.testing.SystemProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Go 1.25's {@code sync.WaitGroup.Go} against Go's {@code src/sync/waitgroup_test.go}
 * (TestWaitGroupGo) and its documentation: {@code go(f)} adds one, runs {@code f} in a new
 * goroutine and calls {@code done} when {@code f} ends, so {@code await} returns once every such
 * goroutine has ended; {@code f} may park without pinning; a goroutine whose {@code f} throws
 * still calls {@code done} (its panic fails the run, and waiters are released all the same).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitGroupGoTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    @Test
    void go_thenAwait_seesWhatTheGoroutineDid() {
        // TestWaitGroupGo: wg.Go(func() { i++ }); wg.Wait(); i == 1.
        for (int round = 0; round < 100; round++) {
            int[] i = {0};
            WaitGroup wg = new WaitGroup();
            Go.run(() -> {
                wg.go(() -> i[0]++);
                wg.await();
            });
            assertEquals(1, i[0], "round " + round);
        }
    }

    @Test
    void await_returnsOnlyAfterEveryGoroutineStartedByGoHasEnded() {
        int n = 20;
        WaitGroup wg = new WaitGroup();
        AtomicInteger finished = new AtomicInteger();
        int seen = SystemProperty.with("weft.strict", "true", () -> Go.run(() -> {
            Chan<Boolean> gate = Chan.make();
            Chan<Integer> awaited = Chan.make(1);
            for (int i = 0; i < n; i++) {
                wg.go(() -> {
                    gate.recv(); // f parks: the goroutine wg.go starts must not pin
                    finished.incrementAndGet();
                });
            }
            Go.go(() -> {
                wg.await();
                awaited.send(finished.get());
            });
            Dumps.awaitParked("chan receive", WaitGroup.class, n); // dumps show them as created by WaitGroup
            Dumps.awaitParked("sync.WaitGroup.Wait", WaitGroupGoTest.class, 1);
            assertNull(awaited.tryRecv(), "await returned while every goroutine was still parked");
            gate.close();
            return awaited.recv();
        }));
        assertEquals(n, seen, "await returned before every goroutine's f had ended");
    }

    @Test
    void go_calledFromInsideAGoroutineItStarted_awaitWaitsForBoth() {
        WaitGroup wg = new WaitGroup();
        Chan<Boolean> gate = Chan.make();
        AtomicInteger finished = new AtomicInteger();
        Chan<Integer> awaited = Chan.make(1);
        Go.run(() -> {
            wg.go(() -> {
                wg.go(() -> {
                    gate.recv();
                    finished.incrementAndGet();
                });
                finished.incrementAndGet();
            });
            Go.go(() -> {
                wg.await();
                awaited.send(finished.get());
            });
            Dumps.awaitParked("sync.WaitGroup.Wait", WaitGroupGoTest.class, 1);
            Eventually.until("the outer goroutine ended", () -> finished.get() == 1);
            assertNull(awaited.tryRecv(), "await returned while the inner goroutine was parked");
            gate.send(true);
            assertEquals(2, awaited.recv());
        });
    }

    @Test
    void go_fromAPlainThread_awaitFromAPlainThread() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            wg.go(() -> {
                Go.yield();
                assertTrue(Go.inGoroutine(), "f runs in a goroutine");
                ran.incrementAndGet();
            });
        }
        Bounded.within(Duration.ofSeconds(10), () -> {
            wg.await();
            return null;
        });
        assertEquals(10, ran.get());
    }

    @Test
    void go_fThrows_doneIsStillCalled_theRunFails_andAWaiterElsewhereIsReleased() throws Exception {
        RuntimeException boom = new IllegalStateException("boom in f");
        WaitGroup wg = new WaitGroup();
        CountDownLatch released = new CountDownLatch(1);
        Chan<Boolean> gate = Chan.make();
        Chan<Boolean> mainGoesOn = Chan.make();
        Thread waiter = new Thread(() -> {
            wg.await();
            released.countDown();
        }, "wait-group-waiter");
        waiter.setDaemon(true);
        GoroutinePanicException e = assertThrows(GoroutinePanicException.class, () -> Go.run(() -> {
            wg.go(() -> {
                gate.recv();
                throw boom;
            });
            waiter.start(); // after go's add(1): the waiter blocks until done()
            Eventually.threadBlocked(waiter);
            assertEquals(1, released.getCount(), "the waiter was released before f ended");
            gate.send(true);
            mainGoesOn.recv(); // main waits; the panic ends the run
        }));
        assertSame(boom, e.getCause(), "the panic of f is what fails the run");
        assertTrue(released.await(10, TimeUnit.SECONDS), "done() was not called when f threw: the waiter is still blocked");
        waiter.join(10_000);
        assertFalse(waiter.isAlive());
        mainGoesOn.close(); // let the abandoned main goroutine end
        // The counter is back at zero: another await returns at once.
        Bounded.within(Duration.ofSeconds(5), () -> {
            wg.await();
            return null;
        });
    }

    @Test
    void go_nullF_throwsNullPointerException_andAddsNothing() {
        WaitGroup wg = new WaitGroup();
        assertThrows(NullPointerException.class, () -> wg.go(null));
        Bounded.within(Duration.ofSeconds(5), () -> {
            wg.await(); // a counter left at one would block here
            return null;
        });
        assertThrows(IllegalStateException.class, wg::done, "the counter is zero");
    }
}
