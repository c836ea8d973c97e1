package dev.weft.internal.sched;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.WaitGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * A P changing hands ({@code Scheduler.handoff}): a carrier that pins gives its P to another
 * carrier, the monitor takes the P of a carrier stuck in code that never yields
 * ({@code retake}), and a retired P's goroutines and timers are drained to live Ps. With one P,
 * the queued work can run only if the P really moved: a hand-off that fails is a hang, which
 * {@link #run} turns into a failure.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HandoffTest {
    private int procsBefore;

    @BeforeEach
    void rememberProcs() {
        procsBefore = Go.maxProcs();
    }

    @AfterEach
    void restoreProcs() {
        Go.maxProcs(procsBefore);
    }

    @Test
    void aPinnedCarrier_givesItsPAway_andAnotherCarrierRunsTheQueuedGoroutine() {
        Go.maxProcs(1);
        AtomicReference<Thread> mainCarrier = new AtomicReference<>();
        AtomicReference<Thread> queuedCarrier = new AtomicReference<>();
        AtomicInteger pinnedSeen = new AtomicInteger(-1);
        int pinnedBefore = SchedHooks.pinned(); // goroutines an earlier test left pinned for good (a deadlocked run's)
        run(() -> {
            mainCarrier.set(Thread.currentThread());
            Chan<Integer> c = Chan.make();
            Go.go(() -> { // queued on the only P, which main holds
                queuedCarrier.set(Thread.currentThread());
                pinnedSeen.set(SchedHooks.pinned() - pinnedBefore);
                c.send(1);
            });
            recvPinned(c);
        });
        assertEquals(1, pinnedSeen.get(), "main was not pinned while the queued goroutine ran");
        assertNotSame(mainCarrier.get(), queuedCarrier.get(), "the queued goroutine ran on the pinned carrier");
    }

    @Test
    void aCarrierStuckInCodeThatNeverYields_losesItsPToTheMonitor_andItsLaterGoroutinesStillRun() {
        Go.maxProcs(1);
        AtomicInteger ran = new AtomicInteger();
        run(() -> {
            Flag released = new Flag();
            Go.go(() -> released.set = true); // can run only once the monitor retakes the P
            spinUntil(released);
            // This carrier's P was taken: what it starts now goes to the global queue.
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 10; i++) {
                wg.add(1);
                Go.go(() -> {
                    ran.incrementAndGet();
                    wg.done();
                });
            }
            wg.await();
        });
        assertEquals(10, ran.get());
    }

    @Test
    void aRetiredP_hasItsGoroutinesAndTimersDrainedToLivePs() {
        for (int round = 0; round < 20; round++) {
            Go.maxProcs(2);
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger woke = new AtomicInteger();
            run(() -> {
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < 100; i++) {
                    wg.add(1);
                    Go.go(() -> {
                        ran.incrementAndGet();
                        wg.done();
                    });
                }
                for (int i = 0; i < 20; i++) {
                    wg.add(1);
                    Go.go(() -> {
                        Go.sleep(Duration.ofMillis(5)); // a timer in this P's heap
                        woke.incrementAndGet();
                        wg.done();
                    });
                }
                Go.maxProcs(1); // main's P may be the one retired, with all of the above on it
                wg.await();
            });
            assertEquals(100, ran.get(), "round " + round);
            assertEquals(20, woke.get(), "round " + round);
            P[] ps = SchedHooks.processors();
            for (int i = SchedHooks.procs(); i < ps.length; i++) {
                assertFalse(ps[i].hasWork(), "retired P " + i + " kept goroutines, round " + round);
                assertEquals(0, ps[i].timers.size(), "retired P " + i + " kept timers, round " + round);
            }
        }
    }

    /** Receives through a frame that is not rewritten: the park cannot unwind, so it pins. */
    private static void recvPinned(Chan<Integer> c) {
        Runnable notSuspendable = c::recv;
        notSuspendable.run();
    }

    /** Spins in code with no preemption point: only the monitor can take this carrier's P. */
    private static void spinUntil(Flag f) {
        while (!f.set) {
            Thread.onSpinWait();
        }
    }

    private static final class Flag {
        volatile boolean set;
    }

    /** {@code Go.run(main)}, failing after 20 s with a dump instead of hanging. */
    private static void run(dev.weft.SuspendableRunnable main) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            Go.run(main);
            return null;
        });
        Thread t = new Thread(task, "handoff-test");
        t.setDaemon(true);
        t.start();
        try {
            task.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("did not end within 20 s; goroutines:\n" + Go.dump());
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
