package dev.weft;

import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.Waiter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import dev.weft.internal.sched.RuntimeLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A million goroutines parked at once, then all released: the claim that a parked goroutine
 * costs a few hundred bytes, and that the scheduler copes with that many. 400,000 wait on one
 * shared channel that is then closed, 300,000 each on a channel of its own that then gets one
 * value, and 300,000 on one WaitGroup that then reaches zero. The test waits until every one of
 * them is queued on its channel or WaitGroup (read under that object's lock, so each counted
 * goroutine is off its carrier), measures the heap while they are all parked, releases them and
 * checks every one ran to the end with what it was sent. It prints the time each phase took and
 * the heap per parked goroutine.
 *
 * <p>Runs with the default heap (a quarter of the machine's memory); it needs well under 1 GiB.
 */
class MillionGoroutinesTest {
    private static final int ON_SHARED_CHANNEL = 400_000;
    private static final int ON_OWN_CHANNEL = 300_000;
    private static final int ON_WAITGROUP = 300_000;
    private static final int N = ON_SHARED_CHANNEL + ON_OWN_CHANNEL + ON_WAITGROUP;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void millionGoroutines_parkedOnChannelsAndAWaitGroup_allRunToCompletionWhenReleased() {
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger wrongValues = new AtomicInteger();
        AtomicLong receivedSum = new AtomicLong();
        long heapBefore = usedHeapAfterGc();
        long cpuBefore = processCpuNanos();
        long[] at = new long[3];
        long[] heapParked = {0};
        int[] alive = {0};
        long start = System.nanoTime();
        Go.run(() -> {
            Chan<Integer> shared = Chan.make();
            @SuppressWarnings({"unchecked", "rawtypes"})
            Chan<Integer>[] own = new Chan[ON_OWN_CHANNEL];
            WaitGroup barrier = new WaitGroup();
            barrier.add(1);
            WaitGroup all = new WaitGroup();
            all.add(N);
            for (int i = 0; i < ON_SHARED_CHANNEL; i++) {
                Go.go(() -> {
                    if (shared.recv() != null) {
                        wrongValues.incrementAndGet();
                    }
                    finished.incrementAndGet();
                    all.done();
                });
            }
            for (int i = 0; i < ON_OWN_CHANNEL; i++) {
                Chan<Integer> mine = Chan.make();
                own[i] = mine;
                int expected = i;
                Go.go(() -> {
                    Integer v = mine.recv();
                    if (v == null || v != expected) {
                        wrongValues.incrementAndGet();
                    } else {
                        receivedSum.addAndGet(v);
                    }
                    finished.incrementAndGet();
                    all.done();
                });
            }
            for (int i = 0; i < ON_WAITGROUP; i++) {
                Go.go(() -> {
                    barrier.await();
                    finished.incrementAndGet();
                    all.done();
                });
            }
            at[0] = System.nanoTime();
            awaitParked(shared, barrier, own);
            at[1] = System.nanoTime();
            alive[0] = Go.numGoroutine();
            heapParked[0] = usedHeapAfterGc();
            assertEquals(0, finished.get(), "goroutines that ended before being released");
            shared.close();
            barrier.done();
            for (int i = 0; i < ON_OWN_CHANNEL; i++) {
                own[i].send(i);
            }
            all.await();
            at[2] = System.nanoTime();
        });
        long end = System.nanoTime();
        long cpu = processCpuNanos() - cpuBefore;
        assertEquals(N, finished.get(), "goroutines that ran to completion");
        assertEquals(0, wrongValues.get(), "receivers that got a value they were not sent");
        assertEquals((long) ON_OWN_CHANNEL * (ON_OWN_CHANNEL - 1) / 2, receivedSum.get(), "sum of the values sent one to each");
        assertTrue(alive[0] >= N, "goroutines alive while all were parked: " + alive[0]);
        System.out.printf("weft: %,d goroutines started in %d ms, all parked after %d ms, released and finished in %d ms"
                        + " (total %d ms, %d ms of CPU); heap used %d MiB before, %d MiB with all parked: %d bytes per parked goroutine%n",
                N, ms(at[0] - start), ms(at[1] - start), ms(at[2] - at[1]), ms(end - start), ms(cpu),
                heapBefore >> 20, heapParked[0] >> 20, (heapParked[0] - heapBefore) / N);
    }

    /** Parks (in 20 ms sleeps) until every goroutine is queued where it waits; fails after 120 s. */
    @Suspendable
    private static void awaitParked(Chan<Integer> shared, WaitGroup barrier, Chan<Integer>[] own) {
        Lock barrierLock = field(barrier, RuntimeLock.class);
        WaitQueue barrierWaiters = field(barrier, WaitQueue.class);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int ownParked = 0;
        while (true) {
            int onShared = queued(shared.lock, shared.recvq);
            int onBarrier = queued(barrierLock, barrierWaiters);
            while (ownParked < own.length && queued(own[ownParked].lock, own[ownParked].recvq) == 1) {
                ownParked++; // once queued, each stays queued until it is sent its value
            }
            if (onShared == ON_SHARED_CHANNEL && onBarrier == ON_WAITGROUP && ownParked == ON_OWN_CHANNEL) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "after 120 s only " + onShared + " of " + ON_SHARED_CHANNEL
                    + " parked on the shared channel, " + ownParked + " of " + ON_OWN_CHANNEL + " on their own, "
                    + onBarrier + " of " + ON_WAITGROUP + " on the WaitGroup");
            Go.sleep(Duration.ofMillis(20));
        }
    }

    private static int queued(Lock lock, WaitQueue queue) {
        lock.lock();
        try {
            int n = 0;
            for (Waiter w = queue.peek(); w != null; w = w.next) {
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** The one field of {@code type} in {@code owner} (WaitGroup keeps its lock and queue private). */
    private static <T> T field(Object owner, Class<T> type) {
        T found = null;
        for (Field f : owner.getClass().getDeclaredFields()) {
            if (f.getType() == type) {
                if (found != null) {
                    throw new AssertionError(owner.getClass().getSimpleName() + " has two fields of type " + type.getSimpleName());
                }
                f.setAccessible(true);
                try {
                    found = type.cast(f.get(owner));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        if (found == null) {
            throw new AssertionError(owner.getClass().getSimpleName() + " has no field of type " + type.getSimpleName());
        }
        return found;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** CPU time of the whole JVM (garbage collection included), or 0 if the JVM does not say. */
    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
