package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code sync.RWMutex} against Go's {@code src/sync/rwmutex_test.go} and its writer preference. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RWMutexTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    @Test
    void rLock_manyReaders_holdTheLockAtOnce() {
        // TestParallelReaders: every reader is inside before any leaves.
        for (int numReaders : new int[] {1, 3, 4}) {
            RWMutex m = new RWMutex();
            Chan<Boolean> clocked = Chan.make();
            Chan<Boolean> cunlock = Chan.make();
            Chan<Boolean> cdone = Chan.make();
            Go.run(() -> {
                for (int i = 0; i < numReaders; i++) {
                    Go.go(() -> {
                        m.rLock();
                        clocked.send(true);
                        cunlock.recv();
                        m.rUnlock();
                        cdone.send(true);
                    });
                }
                for (int i = 0; i < numReaders; i++) {
                    clocked.recv(); // blocks unless all readers hold the read lock together
                }
                for (int i = 0; i < numReaders; i++) {
                    cunlock.send(true);
                }
                for (int i = 0; i < numReaders; i++) {
                    cdone.recv();
                }
            });
        }
    }

    @Test
    void hammer_writersAreExclusive_readersShareOnlyWithReaders() {
        // HammerRWMutex: an activity counter, +1 per reader and +10000 per writer.
        RWMutex rw = new RWMutex();
        AtomicInteger activity = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            int iterations = 500;
            for (int g = 0; g < 10; g++) {
                boolean writer = g % 3 == 0;
                wg.add(1);
                Go.go(() -> {
                    for (int i = 0; i < iterations; i++) {
                        if (writer) {
                            rw.lock();
                            if (activity.addAndGet(10_000) != 10_000) {
                                violations.incrementAndGet();
                            }
                            Go.yield();
                            activity.addAndGet(-10_000);
                            rw.unlock();
                        } else {
                            rw.rLock();
                            int n = activity.incrementAndGet();
                            if (n < 1 || n >= 10_000) {
                                violations.incrementAndGet();
                            }
                            Go.yield();
                            activity.decrementAndGet();
                            rw.rUnlock();
                        }
                    }
                    wg.done();
                });
            }
            wg.await();
        });
        assertEquals(0, violations.get(), "a writer overlapped another holder");
        assertEquals(0, activity.get());
    }

    @Test
    void lock_waitingWriter_keepsNewReadersOut() {
        // Go: "If any goroutine calls Lock while the lock is already held by one or more
        // readers, concurrent calls to RLock will block until the writer has acquired (and
        // released) the lock."
        RWMutex rw = new RWMutex();
        List<String> order = new ArrayList<>();
        Mutex orderLock = new Mutex();
        Chan<Boolean> done = Chan.make(2);
        Go.run(() -> {
            rw.rLock(); // the first reader: main
            Go.go(() -> {
                rw.lock();
                orderLock.lock();
                order.add("writer");
                orderLock.unlock();
                rw.unlock();
                done.send(true);
            });
            Dumps.awaitParked("sync.RWMutex.Lock", RWMutexTest.class, 1);
            Go.go(() -> {
                rw.rLock();
                orderLock.lock();
                order.add("reader");
                orderLock.unlock();
                rw.rUnlock();
                done.send(true);
            });
            Dumps.awaitParked("sync.RWMutex.RLock", RWMutexTest.class, 1);
            rw.rUnlock();
            done.recv();
            done.recv();
        });
        assertEquals(List.of("writer", "reader"), order);
    }

    @Test
    void unlock_readersQueuedBehindAWriter_goBeforeTheNextWriter() {
        // Neither side starves: readers that arrived while a writer held or waited for the lock
        // get it when that writer unlocks, ahead of a writer that queued after them.
        RWMutex rw = new RWMutex();
        List<String> order = new ArrayList<>();
        Mutex orderLock = new Mutex();
        Chan<Boolean> readersIn = Chan.make(2);
        Chan<Boolean> releaseReaders = Chan.make();
        Chan<Boolean> done = Chan.make(4);
        Go.run(() -> {
            rw.lock();
            Go.go(() -> {
                rw.lock();
                record(orderLock, order, "writer2");
                rw.unlock();
                done.send(true);
            });
            Dumps.awaitParked("sync.RWMutex.Lock", RWMutexTest.class, 1);
            for (int i = 0; i < 2; i++) {
                Go.go(() -> {
                    rw.rLock();
                    record(orderLock, order, "reader");
                    readersIn.send(true);
                    releaseReaders.recv();
                    rw.rUnlock();
                    done.send(true);
                });
            }
            Dumps.awaitParked("sync.RWMutex.RLock", RWMutexTest.class, 2);
            rw.unlock(); // writer 1 (main) leaves
            readersIn.recv();
            readersIn.recv(); // both readers are in together
            orderLock.lock();
            assertEquals(List.of("reader", "reader"), order, "the waiting writer went first");
            orderLock.unlock();
            assertEquals(1, Dumps.count("sync.RWMutex.Lock", RWMutexTest.class), "writer 2 waits for the readers");
            releaseReaders.send(true);
            releaseReaders.send(true);
            for (int i = 0; i < 3; i++) {
                done.recv();
            }
        });
        assertEquals(List.of("reader", "reader", "writer2"), order);
    }

    @Suspendable
    private static void record(Mutex m, List<String> order, String what) {
        m.lock();
        order.add(what);
        m.unlock();
    }

    @Test
    void readLockedTwice_thenWriter_waitsForBothReadUnlocks() {
        // TestRLocker: the read side is a lock the writer respects, and the writer keeps new
        // readers out, round after round.
        RWMutex wl = new RWMutex();
        Chan<Boolean> wlocked = Chan.make(1);
        Chan<Boolean> rlocked = Chan.make(1);
        int n = 10;
        Go.run(() -> {
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    wl.rLock();
                    wl.rLock();
                    rlocked.send(true);
                    wl.lock();
                    wlocked.send(true);
                }
            });
            for (int i = 0; i < n; i++) {
                rlocked.recv();
                wl.rUnlock();
                Dumps.awaitParked("sync.RWMutex.Lock", RWMutexTest.class, 1);
                assertNull(wlocked.tryRecv(), "the writer got in while a read lock was held");
                wl.rUnlock();
                wlocked.recv();
                if (i < n - 1) {
                    Dumps.awaitParked("sync.RWMutex.RLock", RWMutexTest.class, 1);
                }
                assertNull(rlocked.tryRecv(), "a reader got in while the write lock was held");
                wl.unlock();
            }
        });
    }

    @Test
    void unlock_ofUnlockedRWMutex_throwsIllegalStateException() {
        RWMutex rw = new RWMutex();
        assertThrows(IllegalStateException.class, rw::unlock);
        rw.rLock();
        assertThrows(IllegalStateException.class, rw::unlock, "Unlock while only read-locked");
        rw.rUnlock();
    }

    @Test
    void rUnlock_ofUnlockedRWMutex_throwsIllegalStateException() {
        RWMutex rw = new RWMutex();
        assertThrows(IllegalStateException.class, rw::rUnlock);
        rw.lock();
        assertThrows(IllegalStateException.class, rw::rUnlock, "RUnlock while write-locked");
        rw.unlock();
        rw.rLock();
        rw.rUnlock();
        assertThrows(IllegalStateException.class, rw::rUnlock);
    }

    @Test
    void lockAndRLock_afterMisuse_stillWork() {
        RWMutex rw = new RWMutex();
        assertThrows(IllegalStateException.class, rw::rUnlock);
        Go.run(() -> {
            rw.lock();
            rw.unlock();
            rw.rLock();
            rw.rLock();
            rw.rUnlock();
            rw.rUnlock();
            rw.lock();
            rw.unlock();
        });
    }
}
