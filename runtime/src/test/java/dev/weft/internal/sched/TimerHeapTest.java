package dev.weft.internal.sched;

import dev.weft.internal.sched.SchedHooks.HeapTimer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link TimerHeap} on its own: due timers come out in deadline order whatever was added and
 * removed; a periodic timer is re-armed in place for its next period, skipping missed ones;
 * and the protocol stop relies on ({@link TimerHeap#lockHolding}) always finds a pending
 * timer, while it is re-armed or moved to another heap.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimerHeapTest {
    private final AtomicInteger firing = new AtomicInteger();

    @Test
    void takeDue_afterRandomAddsAndRemoves_answersWhatIsLeftInDeadlineOrder() {
        Random random = new Random(8);
        TimerHeap heap = new TimerHeap();
        List<HeapTimer> left = new ArrayList<>();
        heap.lock.lock();
        try {
            for (int i = 0; i < 500; i++) {
                HeapTimer t = SchedHooks.timer(random.nextInt(1_000_000), 0);
                heap.add(t);
                left.add(t);
            }
            for (int i = 0; i < 250; i++) {
                assertTrue(heap.remove(left.remove(random.nextInt(left.size()))));
            }
        } finally {
            heap.lock.unlock();
        }
        left.sort((a, b) -> Long.compare(a.when(), b.when()));
        assertEquals(left.get(0).when(), heap.nextWhen());
        assertNull(heap.takeDue(left.get(0).when() - 1, firing), "nothing is due before the earliest");
        List<TimerHeap.Due> due = heap.takeDue(Long.MAX_VALUE, firing);
        assertEquals(left.size(), due.size());
        for (int i = 0; i < due.size(); i++) {
            assertEquals(left.get(i).when(), due.get(i).timer().when, "out of deadline order at " + i);
            assertTrue(due.get(i).last(), "a one-shot timer's firing is its last");
            assertNull(((HeapTimer) due.get(i).timer()).heap(), "a fired one-shot timer is in no heap");
        }
        assertEquals(left.size(), firing.get(), "each due timer is counted as firing");
        assertEquals(0, heap.size());
        assertEquals(Long.MAX_VALUE, heap.nextWhen());
    }

    @Test
    void remove_ofATimerInNoHeap_answersFalse_andAdd_ofAPendingOne_isRefused() {
        TimerHeap heap = new TimerHeap();
        HeapTimer t = SchedHooks.timer(5, 0);
        heap.lock.lock();
        try {
            assertFalse(heap.remove(t));
            heap.add(t);
            assertThrows(IllegalStateException.class, () -> heap.add(t), "armed twice");
            assertTrue(heap.remove(t));
            assertFalse(heap.remove(t));
        } finally {
            heap.lock.unlock();
        }
    }

    @Test
    void takeDue_ofAPeriodicTimer_reArmsItInPlace_skippingTheMissedPeriods() {
        TimerHeap heap = new TimerHeap();
        HeapTimer tick = SchedHooks.timer(100, 10);
        HeapTimer later = SchedHooks.timer(200, 0);
        heap.lock.lock();
        heap.add(tick);
        heap.add(later);
        heap.lock.unlock();
        tick.seq = 3;
        List<TimerHeap.Due> due = heap.takeDue(135, firing);
        assertEquals(1, due.size());
        assertSame(tick, due.get(0).timer());
        assertEquals(3, due.get(0).seq(), "the arming it fires for");
        assertFalse(due.get(0).last(), "a periodic timer fires again");
        assertEquals(140, tick.when(), "the next period after now, not a burst of missed ones");
        assertSame(heap, tick.heap());
        assertEquals(140, heap.nextWhen());
        assertEquals(2, heap.size());
    }

    /**
     * A reader of {@code heap} without the lock, as stop is, never sees a pending periodic
     * timer in no heap while carriers re-arm it again and again.
     */
    @Test
    void aPendingPeriodicTimer_isInItsHeapAllAlong_whileItIsReArmed() throws InterruptedException {
        TimerHeap heap = new TimerHeap();
        List<HeapTimer> timers = new ArrayList<>();
        heap.lock.lock();
        for (int i = 0; i < 32; i++) {
            HeapTimer t = SchedHooks.timer(0, 1);
            heap.add(t);
            timers.add(t);
        }
        heap.lock.unlock();
        assertNeverSeenInNoHeap(timers, () -> {
            for (long now = 1; now < 200_000; now++) {
                heap.takeDue(now, firing);
            }
        });
    }

    /**
     * A reader of {@code heap} without the lock never sees a pending timer in no heap while
     * every timer is moved from heap to heap (as a retired P's are).
     */
    @Test
    void aPendingTimer_isInSomeHeapAllAlong_whileItIsMoved() throws InterruptedException {
        TimerHeap a = new TimerHeap();
        TimerHeap b = new TimerHeap();
        List<HeapTimer> timers = new ArrayList<>();
        a.lock.lock();
        for (int i = 0; i < 64; i++) {
            HeapTimer t = SchedHooks.timer(i, 0);
            a.add(t);
            timers.add(t);
        }
        a.lock.unlock();
        assertNeverSeenInNoHeap(timers, () -> {
            for (int i = 0; i < 20_000; i++) {
                a.moveTo(b);
                b.moveTo(a);
            }
        });
        assertEquals(64, a.size());
    }

    /**
     * Stops (lock the heap the timer is in, then remove) race a move of every timer to another
     * heap, as when a P is retired: each timer is removed exactly once, wherever it is.
     */
    @Test
    void lockHolding_racingMoveTo_findsEveryTimerWhereverItIs() throws InterruptedException {
        for (int round = 0; round < 200; round++) {
            TimerHeap from = new TimerHeap();
            TimerHeap to = new TimerHeap();
            List<HeapTimer> timers = new ArrayList<>();
            from.lock.lock();
            for (int i = 0; i < 64; i++) {
                HeapTimer t = SchedHooks.timer(i, 0);
                from.add(t);
                timers.add(t);
            }
            from.lock.unlock();
            CountDownLatch go = new CountDownLatch(1);
            AtomicInteger removed = new AtomicInteger();
            Thread stopper = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (HeapTimer t : timers) {
                    TimerHeap h = TimerHeap.lockHolding(t);
                    if (h != null) {
                        try {
                            if (h.remove(t)) {
                                removed.incrementAndGet();
                            }
                        } finally {
                            h.lock.unlock();
                        }
                    }
                }
            });
            stopper.start();
            go.countDown();
            from.moveTo(to);
            stopper.join(10_000);
            assertFalse(stopper.isAlive(), "the stopper did not finish");
            assertEquals(64, removed.get(), "timers a stop did not find, round " + round);
            assertEquals(0, from.size() + to.size(), "timers left armed, round " + round);
        }
    }

    /**
     * Runs {@code churn} while another thread reads each timer's {@code heap} without the lock,
     * as {@code Timers.stop} does; fails if it ever saw a pending timer in no heap.
     */
    private static void assertNeverSeenInNoHeap(List<HeapTimer> timers, Runnable churn) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger seenInNoHeap = new AtomicInteger();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                for (HeapTimer t : timers) {
                    if (t.heap() == null) {
                        seenInNoHeap.incrementAndGet();
                    }
                }
            }
        });
        reader.start();
        try {
            churn.run();
        } finally {
            stop.set(true);
            reader.join();
        }
        assertEquals(0, seenInNoHeap.get(), "times a pending timer was seen in no heap");
    }
}
