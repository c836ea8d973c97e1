package dev.weft.internal.sched;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime's own lock: exclusion under contention, release by another thread, no reentrancy. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RuntimeLockTest {

    @Test
    void lock_contendedByThreads_excludesMutually() throws InterruptedException {
        RuntimeLock lock = new RuntimeLock();
        int[] counter = {0};
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int threads = 4;
        int rounds = 50_000;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            ts[t] = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    lock.lock();
                    if (inside.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                    }
                    counter[0]++;
                    inside.decrementAndGet();
                    lock.unlock();
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(0, overlaps.get(), "two holders at once");
        assertEquals(threads * rounds, counter[0], "lost updates");
        assertFalse(lock.isLocked());
    }

    @Test
    void unlock_byAnotherThread_releasesIt_asACarrierDoesForAParkedGoroutine() throws InterruptedException {
        RuntimeLock lock = new RuntimeLock();
        lock.lock();
        CountDownLatch released = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            lock.unlock();
            released.countDown();
        });
        other.start();
        released.await();
        assertTrue(lock.tryLock(), "free once another thread released it");
        assertFalse(lock.tryLock(), "not reentrant: a second take fails, even on the same thread");
        lock.unlock();
    }

    @Test
    void unlock_ofAFreeLock_throwsAndLeavesItUsable() {
        RuntimeLock lock = new RuntimeLock();
        assertThrows(IllegalMonitorStateException.class, lock::unlock);
        assertTrue(lock.tryLock());
        lock.unlock();
    }
}
