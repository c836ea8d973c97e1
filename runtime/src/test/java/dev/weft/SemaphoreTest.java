package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The weighted semaphore against {@code golang.org/x/sync/semaphore}'s tests. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SemaphoreTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    // ---- misuse --------------------------------------------------------------------------

    @Test
    void acquire_negativeOrWithoutContextMoreThanPermits_throwsIllegalArgumentException() {
        Semaphore s = new Semaphore(3);
        assertThrows(IllegalArgumentException.class, () -> s.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> s.acquire(4));
        assertThrows(IllegalArgumentException.class, () -> s.acquire(Context.background(), -1));
        assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(-1));
        assertTrue(s.tryAcquire(3), "the failed calls acquired nothing");
        s.release(3);
    }

    @Test
    void tryAcquire_moreThanPermits_answersFalse() {
        // Go: TryAcquire(n) with n > size is false, not a panic.
        Semaphore s = new Semaphore(3);
        assertFalse(s.tryAcquire(4));
        assertTrue(s.tryAcquire(3), "the failed tryAcquire acquired nothing");
        s.release(3);
    }

    @Test
    void acquireWithContext_moreThanPermits_waitsForContextAndBlocksNoOtherAcquire() {
        // TestAcquireLargerThanSize's sibling: a doomed request must not block the queue.
        Semaphore sem = new Semaphore(3);
        CancelableContext ctx = Context.withCancel(Context.background());
        Chan<Boolean> large = Chan.make(1);
        Go.run(() -> {
            Go.go(() -> large.send(sem.acquire(ctx, 4)));
            Dumps.awaitParked("chan receive", SemaphoreTest.class, 1);
            assertNull(large.tryRecv(), "the large acquire returned before its context was done");
            // Neither a parked acquire nor a context acquire queues behind the doomed one.
            sem.acquire(2);
            assertTrue(sem.acquire(Context.background(), 1));
            assertFalse(sem.tryAcquire(1), "all three permits are held");
            ctx.cancel();
            assertFalse(large.recv(), "the large acquire fails once its context is done");
            sem.release(3);
        });
        assertTrue(sem.tryAcquire(3), "the failed acquire holds nothing");
    }

    @Test
    void acquireWithContext_contextAlreadyDone_failsEvenWithPermitsFree() {
        // x/sync: ctx becoming done happened before acquiring, so Acquire fails.
        Semaphore sem = new Semaphore(2);
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertFalse(Go.run(() -> sem.acquire(ctx, 1)));
        assertTrue(sem.tryAcquire(2), "the failed acquire holds nothing");
    }

    @Test
    void release_moreThanHeld_throwsIllegalStateException() {
        // TestWeightedPanic.
        Semaphore w = new Semaphore(1);
        assertThrows(IllegalStateException.class, () -> w.release(1));
        w.acquire(1);
        assertThrows(IllegalStateException.class, () -> w.release(2));
        w.release(1);
        assertThrows(IllegalStateException.class, () -> w.release(1));
        assertTrue(w.tryAcquire(1), "the failed releases changed nothing");
    }

    // ---- x/sync/semaphore's tests --------------------------------------------------------

    @Test
    void tryAcquire_answersWhetherPermitsWereFree() {
        // TestWeightedTryAcquire.
        Semaphore sem = new Semaphore(2);
        List<Boolean> tries = new ArrayList<>();
        sem.acquire(1);
        tries.add(sem.tryAcquire(1));
        tries.add(sem.tryAcquire(1));
        sem.release(2);
        tries.add(sem.tryAcquire(1));
        sem.acquire(1);
        tries.add(sem.tryAcquire(1));
        assertEquals(List.of(true, false, true, false), tries);
    }

    @Test
    void acquireWithContext_givesUpWhenTheContextTimesOut() {
        // TestWeightedAcquire.
        Semaphore sem = new Semaphore(2);
        List<Boolean> tries = Go.run(() -> {
            List<Boolean> l = new ArrayList<>();
            sem.acquire(Context.background(), 1);
            l.add(tryAcquire(sem, 1));
            l.add(tryAcquire(sem, 1));
            sem.release(2);
            l.add(tryAcquire(sem, 1));
            sem.acquire(Context.background(), 1);
            l.add(tryAcquire(sem, 1));
            return l;
        });
        assertEquals(List.of(true, false, true, false), tries);
    }

    @Suspendable
    private static boolean tryAcquire(Semaphore sem, long n) {
        try (CancelableContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(10))) {
            return sem.acquire(ctx, n);
        }
    }

    @Test
    void hammer_weightedAcquireAndRelease_neverExceedsThePermits() {
        // TestWeighted: goroutine i acquires weight i, over and over.
        int n = Math.max(2, Go.maxProcs());
        int loops = 10_000 / n;
        Semaphore sem = new Semaphore(n);
        AtomicLong inUse = new AtomicLong();
        AtomicLong maxInUse = new AtomicLong();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                long weight = i;
                Go.go(() -> {
                    for (int k = 0; k < loops; k++) {
                        sem.acquire(Context.background(), weight);
                        long now = inUse.addAndGet(weight);
                        maxInUse.accumulateAndGet(now, Math::max);
                        if (k % 8 == 0) {
                            Go.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(100_000)));
                        } else {
                            Go.yield();
                        }
                        inUse.addAndGet(-weight);
                        sem.release(weight);
                    }
                    wg.done();
                });
            }
            wg.await();
        });
        assertTrue(maxInUse.get() <= n, "held " + maxInUse.get() + " of " + n + " permits");
        assertTrue(sem.tryAcquire(n), "every permit came back");
    }

    @Test
    void largeAcquire_isNotStarvedBySmallOnes() {
        // TestLargeAcquireDoesntStarve: returning at all is the success.
        int n = Math.max(2, Go.maxProcs());
        Semaphore sem = new Semaphore(n);
        AtomicBoolean running = new AtomicBoolean(true);
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = n; i > 0; i--) {
                sem.acquire(Context.background(), 1);
                Go.go(() -> {
                    while (running.get()) {
                        Go.sleep(Duration.ofMillis(1));
                        sem.release(1);
                        sem.acquire(Context.background(), 1);
                    }
                    sem.release(1);
                    wg.done();
                });
            }
            sem.acquire(Context.background(), n);
            running.set(false);
            sem.release(n);
            wg.await();
        });
    }

    @Test
    void acquire_waitersAreServedFirstComeFirstServed() {
        // A small request queued behind a large one waits, although permits are free for it.
        Semaphore sem = new Semaphore(10);
        Chan<String> order = Chan.make(2);
        Go.run(() -> {
            sem.acquire(5);
            Go.go(() -> {
                sem.acquire(10);
                order.send("large");
                sem.release(10);
            });
            Dumps.awaitParked("semacquire", SemaphoreTest.class, 1);
            Go.go(() -> {
                sem.acquire(1);
                order.send("small");
                sem.release(1);
            });
            Dumps.awaitParked("semacquire", SemaphoreTest.class, 2);
            assertFalse(sem.tryAcquire(1), "tryAcquire jumped the queue");
            assertNull(order.tryRecv());
            sem.release(5);
            assertEquals("large", order.recv());
            assertEquals("small", order.recv());
        });
        assertTrue(sem.tryAcquire(10));
    }

    @Test
    void release_wakesEveryQueuedWaiterThatNowFits() {
        Semaphore sem = new Semaphore(4);
        Chan<Integer> got = Chan.make(4);
        Go.run(() -> {
            sem.acquire(4);
            for (int i = 0; i < 4; i++) {
                Go.go(() -> {
                    sem.acquire(1);
                    got.send(1);
                });
            }
            Dumps.awaitParked("semacquire", SemaphoreTest.class, 4);
            sem.release(3);
            for (int i = 0; i < 3; i++) {
                got.recv();
            }
            assertEquals(1, Dumps.count("semacquire", SemaphoreTest.class), "exactly three fit");
            sem.release(1);
            got.recv();
        });
        assertFalse(sem.tryAcquire(1), "the four waiters hold all permits");
        sem.release(4);
    }

    @Test
    void canceledLargeAcquire_letsTheSmallerWaitersBehindItProceed() {
        // TestAllocCancelDoesntStarve.
        Semaphore sem = new Semaphore(10);
        Go.run(() -> {
            sem.acquire(Context.background(), 1);
            CancelableContext ctx = Context.withCancel(Context.background());
            Chan<Boolean> largeResult = Chan.make(1);
            Go.go(() -> largeResult.send(sem.acquire(ctx, 10)));
            // Wait until the acquire of 10 is queued: then a small tryAcquire must fail.
            Eventually.until("the large acquire is queued", () -> {
                if (sem.tryAcquire(1)) {
                    sem.release(1);
                    return false;
                }
                return true;
            });
            Go.go(ctx::cancel);
            assertTrue(sem.acquire(Context.background(), 1), "Acquire(1) failed");
            sem.release(1);
            assertFalse(largeResult.recv(), "the canceled acquire of 10 cannot have succeeded while 1 was held");
            sem.release(1);
        });
        assertTrue(sem.tryAcquire(10), "nothing leaked");
    }

    @Test
    void acquireWithContext_contextAlreadyDoneAndNoPermits_returnsFalseAtOnce() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        CancelableContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        assertFalse(Go.run(() -> sem.acquire(ctx, 1)));
        sem.release(1);
        assertTrue(sem.tryAcquire(1), "the failed acquire holds nothing");
    }

    @Test
    void acquireWithContext_racingWithCancelAndRelease_answerMatchesWhatIsHeld() {
        // Whatever wins the race, true means the permits are held and false means nothing is.
        Semaphore sem = new Semaphore(3);
        AtomicInteger trues = new AtomicInteger();
        Go.run(() -> {
            for (int i = 0; i < 500; i++) {
                sem.acquire(3);
                CancelableContext ctx = Context.withCancel(Context.background());
                Chan<Boolean> result = Chan.make(1);
                Go.go(() -> result.send(sem.acquire(ctx, 2)));
                Dumps.awaitParked("select", SemaphoreTest.class, 1);
                Go.go(ctx::cancel);
                sem.release(3);
                boolean acquired = result.recv();
                if (acquired) {
                    trues.incrementAndGet();
                    sem.release(2);
                }
                assertTrue(sem.tryAcquire(3), "round " + i + ": acquire answered " + acquired + " but permits are missing");
                sem.release(3);
                Dumps.ignoreExisting();
            }
        });
    }

    @Test
    void acquire_parks_shownAsSemacquire() {
        Semaphore sem = new Semaphore(1);
        Chan<Boolean> done = Chan.make();
        Go.run(() -> {
            sem.acquire(1);
            Go.go(() -> {
                sem.acquire(1);
                done.send(true);
            });
            Dumps.awaitParked("semacquire", SemaphoreTest.class, 1);
            sem.release(1);
            done.recv();
            sem.release(1);
        });
    }

    @Test
    void acquireZero_alwaysSucceeds() {
        Semaphore sem = new Semaphore(1);
        sem.acquire(1);
        assertTrue(sem.tryAcquire(0));
        sem.acquire(0);
        assertTrue(Go.run(() -> sem.acquire(Context.background(), 0)));
        sem.release(1);
    }
}
