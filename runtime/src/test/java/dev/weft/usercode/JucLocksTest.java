package dev.weft.usercode;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.PinnedError;
import dev.weft.Suspendable;
import dev.weft.SuspendableRunnable;
import dev.weft.WaitGroup;
import dev.weft.internal.cont.Continuation;
import dev.weft.testing.MaxProcs;
import dev.weft.testing.SystemProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code java.util.concurrent} lock taken in rewritten code belongs to the carrier thread that
 * took it, so while the goroutine holds one, every park pins: the goroutine stays on that thread,
 * no other goroutine on it re-enters the lock, and the unlock runs where the lock was taken.
 * Each case counts the goroutine's own pinned parks ({@link Continuation#pins}), or how many
 * goroutines were inside at once. Two processors, so that goroutines share carriers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JucLocksTest {
    private static final int GOROUTINES = 100;
    private static final Duration MS = Duration.ofMillis(1);

    @RegisterExtension
    final MaxProcs procs = new MaxProcs(2);

    @Test
    void reentrantLock_heldAcrossGoSleep_admitsOneGoroutineAtATime() {
        ReentrantLock lock = new ReentrantLock();
        Occupancy o = everyGoroutine((in, index) -> {
            lock.lock();
            try {
                in.inside(() -> Go.sleep(MS));
            } finally {
                lock.unlock();
            }
        });
        o.assertExclusive(GOROUTINES);
    }

    @Test
    void reentrantLock_heldAcrossThreadSleep_admitsOneGoroutineAtATime() {
        ReentrantLock lock = new ReentrantLock();
        Occupancy o = everyGoroutine((in, index) -> {
            lock.lock();
            try {
                in.inside(() -> Thread.sleep(1));
            } finally {
                lock.unlock();
            }
        });
        o.assertExclusive(GOROUTINES);
    }

    @Test
    void lockInterruptibly_heldAcrossParks_admitsOneGoroutineAtATime() {
        Lock lock = new ReentrantLock();
        Occupancy o = everyGoroutine((in, index) -> {
            lock.lockInterruptibly();
            try {
                in.inside(() -> Go.sleep(MS));
            } finally {
                lock.unlock();
            }
        });
        o.assertExclusive(GOROUTINES);
    }

    @Test
    void tryLock_succeeding_holdsAcrossParksLikeLock() {
        // Untimed tryLock retried until it succeeds, and tryLock with a timeout long enough to succeed.
        ReentrantLock lock = new ReentrantLock();
        AtomicInteger timedOut = new AtomicInteger();
        Occupancy o = everyGoroutine((in, index) -> {
            boolean untimed = index % 2 == 0;
            if (untimed) {
                while (!lock.tryLock()) {
                    Go.yield();
                }
            } else if (!lock.tryLock(30, TimeUnit.SECONDS)) {
                timedOut.incrementAndGet();
                return;
            }
            try {
                in.inside(() -> Go.sleep(MS));
            } finally {
                lock.unlock();
            }
        });
        assertEquals(0, timedOut.get(), "a tryLock with a 30 s timeout failed");
        o.assertExclusive(GOROUTINES);
    }

    @Test
    void readWriteLock_writersExclusive_readersNeverBesideAWriter() {
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        Occupancy writers = new Occupancy();
        Occupancy readers = new Occupancy();
        AtomicInteger overlaps = new AtomicInteger();
        forEachGoroutine(i -> {
            if (i % 2 == 0) {
                ReentrantReadWriteLock.WriteLock w = rw.writeLock();
                w.lock();
                try {
                    writers.inside(() -> {
                        if (readers.now() != 0) {
                            overlaps.incrementAndGet();
                        }
                        Go.sleep(MS);
                    });
                } finally {
                    w.unlock();
                }
            } else {
                ReadWriteLock asInterface = rw;
                asInterface.readLock().lock();
                try {
                    readers.inside(() -> {
                        if (writers.now() != 0) {
                            overlaps.incrementAndGet();
                        }
                        Thread.sleep(1);
                    });
                } finally {
                    asInterface.readLock().unlock();
                }
            }
        });
        writers.assertExclusive(GOROUTINES / 2);
        assertEquals(0, overlaps.get(), "times a reader and a writer were inside together");
        assertEquals(GOROUTINES / 2, readers.finished.get(), "readers that finished");
    }

    @Test
    void stampedLock_writeStampHeldAcrossAPark_pinsAndExcludes() {
        // A StampedLock has no owner thread, so without pinning exclusion would still hold; what
        // the contract adds is that the goroutine keeps its carrier while it holds the stamp.
        StampedLock lock = new StampedLock();
        AtomicInteger unwound = new AtomicInteger();
        Occupancy o = everyGoroutine((in, index) -> {
            long stamp = lock.writeLock();
            try {
                int before = pins();
                in.inside(() -> Go.sleep(MS));
                if (pins() == before) {
                    unwound.incrementAndGet();
                }
            } finally {
                lock.unlockWrite(stamp);
            }
        });
        o.assertExclusive(GOROUTINES);
        assertEquals(0, unwound.get(), "parks that unwound while holding a write stamp");
    }

    @Test
    void stampedLock_eachWayOfHolding_pinsUntilReleased_optimisticReadsHoldNothing() {
        List<String> seen = inOneGoroutine(log -> {
            StampedLock lock = new StampedLock();
            long optimistic = lock.tryOptimisticRead();
            log.park("optimistic");
            long read = lock.readLock();
            log.park("read");
            long write = lock.tryConvertToWriteLock(read);
            log.park("converted to write");
            long backToOptimistic = lock.tryConvertToOptimisticRead(write);
            log.park("converted to optimistic");
            long fromOptimistic = lock.tryConvertToReadLock(backToOptimistic);
            log.park("optimistic converted to read");
            lock.unlockRead(fromOptimistic);
            log.park("unlocked");
            long tried = lock.tryWriteLock(1, TimeUnit.SECONDS);
            log.park("tryWriteLock");
            lock.unlock(tried);
            Lock view = lock.asWriteLock();
            view.lock();
            log.park("write view");
            view.unlock();
            assertFalse(lock.validate(optimistic), "written since: the first optimistic stamp is stale");
            log.park("all released");
        });
        assertEquals(List.of("optimistic unwound", "read pinned", "converted to write pinned",
                "converted to optimistic unwound", "optimistic converted to read pinned", "unlocked unwound",
                "tryWriteLock pinned", "write view pinned", "all released unwound"), seen);
    }

    @Test
    void reentrantAcquisition_pinsUntilTheLastUnlock_thenParksUnwindAgain() {
        List<String> seen = inOneGoroutine(log -> {
            ReentrantLock lock = new ReentrantLock();
            lock.lock();
            lock.lock();
            log.park("held twice");
            lock.unlock();
            log.park("held once");
            lock.unlock();
            log.park("released");
        });
        assertEquals(List.of("held twice pinned", "held once pinned", "released unwound"), seen);
    }

    @Test
    void tryLock_failing_countsNothing_succeeding_counts() {
        ReentrantLock lock = new ReentrantLock();
        List<String> seen = Go.run(() -> {
            Chan<Boolean> held = Chan.make();
            Chan<Boolean> release = Chan.make();
            Chan<Boolean> holderPinned = Chan.make(1);
            Go.go(() -> {
                lock.lock();
                try {
                    int before = pins();
                    held.send(true);
                    release.recv();
                    holderPinned.send(pins() > before);
                } finally {
                    lock.unlock();
                }
            });
            held.recv();
            Log log = new Log();
            log.add("tryLock " + lock.tryLock());
            log.add("timed tryLock " + lock.tryLock(1, TimeUnit.MILLISECONDS));
            log.park("after failing");
            release.send(true);
            log.add("holder " + (holderPinned.recv() ? "pinned" : "unwound"));
            log.add("tryLock " + lock.tryLock(30, TimeUnit.SECONDS));
            log.park("after succeeding");
            lock.unlock();
            log.park("released");
            return log.entries;
        });
        assertEquals(List.of("tryLock false", "timed tryLock false", "after failing unwound", "holder pinned",
                "tryLock true", "after succeeding pinned", "released unwound"), seen);
    }

    @Test
    void lockReleasedInFinally_afterAnException_leavesNothingHeld() {
        List<String> seen = inOneGoroutine(log -> {
            ReentrantLock lock = new ReentrantLock();
            try {
                lock.lock();
                try {
                    log.park("inside");
                    throw new IllegalStateException("thrown while holding");
                } finally {
                    lock.unlock();
                }
            } catch (IllegalStateException expected) {
                log.park("caught");
            }
        });
        assertEquals(List.of("inside pinned", "caught unwound"), seen);
    }

    @Test
    void unlockThatThrows_changesNothingHeld_andIsTheJdksException() {
        List<String> seen = inOneGoroutine(log -> {
            ReentrantLock held = new ReentrantLock();
            Lock notHeld = new ReentrantLock();
            held.lock();
            IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class, notHeld::unlock);
            log.add("threw " + e.getClass().getSimpleName());
            try {
                notHeld.unlock();
            } catch (IllegalMonitorStateException again) {
                log.park("after a failed unlock");
            }
            held.unlock();
            log.park("released");
        });
        assertEquals(List.of("threw IllegalMonitorStateException", "after a failed unlock pinned", "released unwound"), seen);
    }

    @Test
    void goroutineHoldingNoLock_parksWithoutPinning() {
        List<String> seen = inOneGoroutine(log -> {
            log.park("never locked");
            ReentrantLock lock = new ReentrantLock();
            lock.lock();
            lock.unlock();
            log.park("locked and released");
        });
        assertEquals(List.of("never locked unwound", "locked and released unwound"), seen);
    }

    @Test
    void lockedAndUnlockedInHelpers_pinsTheParkBetween() {
        // The lock is taken in one suspendable method and released in another, which have
        // nothing else to rewrite; the park is in their caller.
        List<String> seen = inOneGoroutine(log -> {
            ReentrantLock lock = new ReentrantLock();
            take(lock);
            log.park("between the helpers");
            give(lock);
            log.park("after");
        });
        assertEquals(List.of("between the helpers pinned", "after unwound"), seen);
    }

    @Suspendable
    private static void take(Lock lock) {
        lock.lock();
    }

    @Suspendable
    private static void give(Lock lock) {
        lock.unlock();
    }

    @Test
    void strictMode_parkHoldingALock_throwsPinnedErrorNamingWhereTheLockWasTaken() {
        ReentrantLock lock = new ReentrantLock();
        int[] line = new int[1];
        String message = SystemProperty.with("weft.strict", "true", () -> Go.run(() -> {
            line[0] = lineHere(); lock.lock(); // the site the error must name: this line
            try {
                Thread.sleep(1); // the JDK's sleep while a lock is held: no PinnedError
                // A yield: a park that queues nowhere and holds no lock of weft's, so the
                // error leaves nothing behind.
                Go.yield();
                return "no PinnedError";
            } catch (PinnedError e) {
                return e.getMessage();
            } finally {
                lock.unlock();
            }
        }));
        assertTrue(message.contains("JucLocksTest.java:" + line[0]),
                "the message names the lock's call site, line " + line[0] + ":\n" + message);
        assertTrue(message.contains("java.util.concurrent lock"), message);
    }

    @Test
    void preemptionRequest_whileHoldingALock_doesNotYield() {
        // One processor: a goroutine started by the holder can run only once the holder gives
        // the processor up. The holder asks itself to yield and passes a loop back-edge; holding
        // a lock, it must not yield there, so the goroutine it started has not run yet.
        Go.maxProcs(1);
        int rounds = 5;
        List<Integer> ranBeforeTheHolderWentOn = Go.run(() -> {
            ReentrantLock lock = new ReentrantLock();
            AtomicInteger ran = new AtomicInteger();
            List<Integer> seen = new ArrayList<>();
            WaitGroup all = new WaitGroup();
            all.add(rounds);
            lock.lock();
            try {
                for (int r = 0; r < rounds; r++) {
                    Go.go(() -> {
                        ran.incrementAndGet();
                        all.done();
                    });
                    Continuation.current().requestPreempt();
                    spin(3);
                    seen.add(ran.get());
                }
            } finally {
                lock.unlock();
            }
            all.await();
            return seen;
        });
        assertEquals(List.of(0, 0, 0, 0, 0), ranBeforeTheHolderWentOn,
                "goroutines that ran while the holder passed a back-edge with a preemption request, by round");
    }

    private static int sink;

    /** A loop, so that its back-edge carries a preemption check. */
    @Suspendable
    private static void spin(int n) {
        for (int i = 0; i < n; i++) {
            sink += i;
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static int lineHere() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    /** How many of the current goroutine's parks have pinned so far. */
    private static int pins() {
        return Continuation.current().pins();
    }

    /** How many goroutines were inside a section at once, and how many finished it. */
    private static final class Occupancy {
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();
        final AtomicInteger finished = new AtomicInteger();
        final AtomicInteger wrongThread = new AtomicInteger();

        /** Runs {@code park} counted as inside; the section must end on the thread it began on. */
        @Suspendable
        void inside(SuspendableRunnable park) throws Exception {
            Thread entered = Thread.currentThread();
            int now = inside.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            park.run();
            inside.decrementAndGet();
            if (Thread.currentThread() != entered) {
                wrongThread.incrementAndGet();
            }
            finished.incrementAndGet();
        }

        int now() {
            return inside.get();
        }

        /** At most one inside at once, none moved to another carrier, and all {@code goroutines} finished. */
        void assertExclusive(int goroutines) {
            assertEquals(1, most.get(), "goroutines inside the lock at once");
            assertEquals(0, wrongThread.get(), "sections that resumed on another carrier than they locked on");
            assertEquals(goroutines, finished.get(), "goroutines that finished their section");
        }
    }

    @FunctionalInterface
    private interface Body {
        @Suspendable
        void run(Occupancy o, int index) throws Exception;
    }

    @FunctionalInterface
    private interface Indexed {
        @Suspendable
        void run(int index) throws Exception;
    }

    /** Runs {@code body} in {@link #GOROUTINES} goroutines at once, all counted in one occupancy. */
    private static Occupancy everyGoroutine(Body body) {
        Occupancy o = new Occupancy();
        forEachGoroutine(i -> body.run(o, i));
        return o;
    }

    /** Runs {@code body} in {@link #GOROUTINES} goroutines at once, each with its index; returns when all have. */
    private static void forEachGoroutine(Indexed body) {
        Go.run(() -> {
            WaitGroup done = new WaitGroup();
            done.add(GOROUTINES);
            for (int i = 0; i < GOROUTINES; i++) {
                int index = i;
                Go.go(() -> {
                    body.run(index);
                    done.done();
                });
            }
            done.await();
        });
    }

    /** What one goroutine saw: each park noted as pinned or unwound. */
    private static final class Log {
        final List<String> entries = new ArrayList<>();

        void add(String entry) {
            entries.add(entry);
        }

        /** Parks once (a 1 ms sleep) and notes whether that park pinned. */
        @Suspendable
        void park(String what) {
            int before = pins();
            Go.sleep(MS);
            entries.add(what + (pins() > before ? " pinned" : " unwound"));
        }
    }

    @FunctionalInterface
    private interface Logged {
        @Suspendable
        void run(Log log) throws Exception;
    }

    private static List<String> inOneGoroutine(Logged body) {
        return Go.run(() -> {
            Log log = new Log();
            body.run(log);
            return log.entries;
        });
    }
}
