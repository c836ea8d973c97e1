package dev.weft.internal.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RunQueue} on its own, after Go's {@code TestRunqueue} and steal tests in
 * {@code proc_test.go}: first in, first out at every length; a full ring refuses and gives up
 * its older half; a thief takes half (rounded up); and under a producer racing thieves every
 * goroutine is taken exactly once.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RunQueueTest {
    private static final int N = RunQueue.CAPACITY;
    private final List<G> gs = SchedHooks.unstartedGs(N + 1);

    @Test
    void offerThenPoll_atEveryLength_isFirstInFirstOut_andEndsEmpty() {
        RunQueue q = new RunQueue();
        for (int n = 0; n <= N; n++) {
            assertTrue(q.isEmpty(), "not empty before round " + n);
            for (int i = 0; i < n; i++) {
                assertTrue(q.offer(gs.get(i)), "offer " + i + " of " + n + " refused");
                assertEquals(i + 1, q.size());
            }
            for (int i = 0; i < n; i++) {
                assertSame(gs.get(i), q.poll(), "poll " + i + " of " + n);
            }
            assertNull(q.poll(), "a goroutine left after round " + n);
            assertEquals(0, q.size());
        }
    }

    @Test
    void offer_toAFullRing_isRefused_andMoveHalfGivesTheOlderHalfToTheGlobalQueue() {
        RunQueue q = new RunQueue();
        GlobalRunQueue global = new GlobalRunQueue();
        assertFalse(q.moveHalfTo(global), "a ring that is not full keeps everything");
        assertEquals(0, global.size());
        for (int i = 0; i < N; i++) {
            assertTrue(q.offer(gs.get(i)));
        }
        assertFalse(q.offer(gs.get(N)), "a full ring took one more");
        assertTrue(q.moveHalfTo(global));
        assertEquals(N / 2, global.size());
        for (int i = 0; i < N / 2; i++) {
            assertSame(gs.get(i), global.get(), "the global queue did not get the oldest half in order, at " + i);
        }
        assertNull(global.get());
        assertTrue(q.offer(gs.get(N)), "room was not made");
        for (int i = N / 2; i <= N; i++) {
            assertSame(gs.get(i), q.poll(), "the newer half is out of order at " + i);
        }
        assertTrue(q.isEmpty());
    }

    @Test
    void stealInto_atEveryLength_takesHalfRoundedUp_andEveryGoroutineEndsUpInExactlyOnePlace() {
        for (int n = 0; n <= N; n++) {
            RunQueue victim = new RunQueue();
            RunQueue thief = new RunQueue();
            for (int i = 0; i < n; i++) {
                victim.offer(gs.get(i));
            }
            G first = victim.stealInto(thief);
            int stolen = n - n / 2;
            if (n == 0) {
                assertNull(first);
                continue;
            }
            assertSame(gs.get(stolen - 1), first, "the one to run now is the newest stolen, n=" + n);
            assertEquals(stolen - 1, thief.size(), "thief's queue, n=" + n);
            assertEquals(n / 2, victim.size(), "victim's queue, n=" + n);
            for (int i = 0; i < stolen - 1; i++) {
                assertSame(gs.get(i), thief.poll(), "stolen out of order, n=" + n);
            }
            for (int i = stolen; i < n; i++) {
                assertSame(gs.get(i), victim.poll(), "victim's rest out of order, n=" + n);
            }
            assertTrue(victim.isEmpty() && thief.isEmpty());
        }
    }

    @Test
    void stealInto_aThiefWithQueuedWorkOfItsOwn_keepsItAndAppends() {
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        thief.offer(gs.get(0));
        victim.offer(gs.get(1));
        victim.offer(gs.get(2));
        assertSame(gs.get(1), victim.stealInto(thief));
        assertSame(gs.get(0), thief.poll());
        assertNull(thief.poll());
        assertSame(gs.get(2), victim.poll());
    }

    /**
     * A thief whose own ring has little room left (due timers it ran just made goroutines
     * runnable there) steals only what fits: writing past its capacity would overwrite the
     * oldest entries, losing those goroutines and running the newer ones twice.
     */
    @Test
    void stealInto_aThiefWithLittleRoomLeft_takesOnlyWhatFits_andLosesNothing() {
        List<G> more = SchedHooks.unstartedGs(2 * N);
        RunQueue victim = new RunQueue();
        RunQueue thief = new RunQueue();
        int own = N - 10;
        for (int i = 0; i < own; i++) {
            assertTrue(thief.offer(more.get(i)));
        }
        for (int i = own; i < own + N; i++) {
            assertTrue(victim.offer(more.get(i)));
        }
        List<G> all = new ArrayList<>();
        G first = victim.stealInto(thief);
        assertTrue(first != null, "nothing stolen although ten slots were free");
        all.add(first);
        assertTrue(thief.size() <= N, "the thief's ring holds " + thief.size() + " of " + N);
        for (G g; (g = thief.poll()) != null; ) {
            all.add(g);
        }
        for (G g; (g = victim.poll()) != null; ) {
            all.add(g);
        }
        Map<G, Integer> taken = new IdentityHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        record(all, taken, duplicates);
        assertEquals(0, duplicates.get(), "goroutines taken twice");
        assertEquals(own + N, taken.size(), "goroutines lost");
    }

    /**
     * The owner offers (and, when the ring is full, polls or moves half out, as {@code P.put}
     * does) while thieves steal into queues of their own and drain them. Every goroutine must
     * be taken exactly once: a lost one is a goroutine that never runs, a duplicate one that
     * runs twice.
     */
    @Test
    void ownerRacingThieves_takesEveryGoroutineExactlyOnce() throws InterruptedException {
        int total = 200_000;
        int thieves = 3;
        List<G> work = SchedHooks.unstartedGs(total);
        RunQueue victim = new RunQueue();
        Map<G, Integer> taken = Collections.synchronizedMap(new IdentityHashMap<>());
        AtomicInteger duplicates = new AtomicInteger();
        AtomicBoolean ownerDone = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < thieves; k++) {
            Thread t = new Thread(() -> {
                RunQueue own = new RunQueue();
                List<G> mine = new ArrayList<>();
                await(start);
                while (!ownerDone.get() || !victim.isEmpty()) {
                    G g = victim.stealInto(own);
                    if (g == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    mine.add(g);
                    for (G h; (h = own.poll()) != null; ) {
                        mine.add(h);
                    }
                }
                record(mine, taken, duplicates);
            }, "thief-" + k);
            threads.add(t);
            t.start();
        }
        List<G> ownerTook = new ArrayList<>();
        GlobalRunQueue overflow = new GlobalRunQueue();
        start.countDown();
        for (int i = 0; i < total; i++) {
            G g = work.get(i);
            while (!victim.offer(g)) {
                if (victim.moveHalfTo(overflow)) {
                    for (G h; (h = overflow.get()) != null; ) {
                        ownerTook.add(h); // P.put leaves these in the global queue
                    }
                } else {
                    G polled = victim.poll();
                    if (polled != null) {
                        ownerTook.add(polled);
                    }
                }
            }
            if (i % 7 == 0) {
                G mine = victim.poll();
                if (mine != null) {
                    ownerTook.add(mine);
                }
            }
        }
        ownerDone.set(true);
        for (Thread t : threads) {
            t.join(30_000);
            assertFalse(t.isAlive(), t.getName() + " did not finish");
        }
        for (G g; (g = victim.poll()) != null; ) {
            ownerTook.add(g);
        }
        record(ownerTook, taken, duplicates);
        assertEquals(0, duplicates.get(), "goroutines taken twice");
        assertEquals(total, taken.size(), "goroutines lost");
    }

    private static void record(List<G> gs, Map<G, Integer> taken, AtomicInteger duplicates) {
        for (G g : gs) {
            if (taken.put(g, 1) != null) {
                duplicates.incrementAndGet();
            }
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
