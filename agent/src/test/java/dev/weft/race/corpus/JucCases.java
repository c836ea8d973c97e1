package dev.weft.race.corpus;

import dev.weft.race.Corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Exchanger;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Race corpus, plain Java threads: what {@code java.util.concurrent} orders, as its package
 * javadoc's "Memory Consistency Properties" and each class's javadoc say: {@code ReentrantLock}
 * (lock, tryLock, lockInterruptibly) and its {@code Condition}s, {@code ReentrantReadWriteLock},
 * {@code StampedLock}, executors and {@code Future.get} ({@code submit}, {@code execute},
 * {@code invokeAll}, a bare {@code FutureTask}), {@code CompletableFuture}, {@code CountDownLatch},
 * {@code CyclicBarrier}, {@code Phaser}, {@code Semaphore}, {@code Exchanger},
 * {@code ConcurrentHashMap}, blocking queues ({@code ArrayBlockingQueue},
 * {@code LinkedBlockingQueue}, {@code SynchronousQueue}) and {@code ConcurrentLinkedQueue}. What
 * the JMM itself orders (monitors, volatile, atomics, threads) is in {@link JmmCases}.
 *
 * <p>This file ports no Go file. Its checklist was google/java-thread-sanitizer's
 * {@code tests/JUConcurrentTests} and the {@code java.util.concurrent} tests of its
 * {@code EasyTests} and {@code MediumTests} (Apache-2.0); the cases are written in weft's own
 * words, and most are new. Every jtsan test of that kind is here: {@code writingUnderReaderLock}
 * ({@code RaceRWLockWritersUnderReadLock}, with the readers made to overlap so that no order
 * of lock and unlock can connect them), {@code differentLocksWW2}
 * ({@code RaceReentrantLockVsOtherMonitor}), {@code lockNeMonitor}
 * ({@code RaceReentrantLockVsItsMonitor}),
 * {@code cyclicBarrierWrong}, {@code arrayBlockingQueue}, {@code reentrantLockInterruptibly},
 * {@code countDownLatch}, {@code cyclicBarrier}, {@code semaphore}, {@code writeLocksOnly},
 * {@code readAndWriteLocks}, {@code tryLock}, {@code reentrantLockSimple}, {@code tryLock2},
 * {@code fifoMutexUser} and {@code futureTask}; {@code atomicInteger} is in {@link JmmCases}.
 * Left out on purpose, because the documented contract does not settle their verdict though
 * the implementation happens to order them: a consumer's write before {@code take} against the
 * producer's read after {@code put} on a {@code SynchronousQueue} (only put-before-take is
 * promised), a timed-out {@code await} of a latch some thread already counted down once, and
 * {@code invokeAll}'s results read without {@code Future.get}.
 *
 * <p>Verdicts follow {@link JmmCases}' rules: a race case does its racing accesses before any
 * synchronization that could order them, and is a race in every execution; where two accesses
 * must overlap for that (two holders of a read lock, two holders of a two-permit semaphore, two
 * tasks of one {@code invokeAll}), a {@code CyclicBarrier} after both accesses makes them. A
 * no-race case waits only through the synchronizer under test, polling it if need be
 * ({@link #spinUntil}). Every case makes what it shares, shuts down the pools it made, and joins
 * every thread it started before it returns.
 */
public final class JucCases implements Corpus.Source {
    /** Shared memory: plain fields the detector tracks. */
    static final class Box {
        int x;
        int y;
        int total;
        boolean ready;
    }

    // ---------------------------------------------------------------- threads the cases start

    /** A plain thread that keeps what its body threw, so that {@link #join} can rethrow it. */
    static final class Worker extends Thread {
        private final Corpus.ThreadBody body;
        /** Written by this thread only, read by the joiner after {@code join}. */
        private Throwable failure;

        Worker(Corpus.ThreadBody body) {
            super("juc-case worker");
            this.body = body;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                body.run();
            } catch (Throwable e) {
                failure = e;
            }
        }
    }

    static Worker start(Corpus.ThreadBody body) {
        Worker w = new Worker(body);
        w.start();
        return w;
    }

    /** Joins every worker, then rethrows the first failure among them. */
    static void join(Worker... workers) throws InterruptedException {
        AssertionError failed = null;
        for (Worker w : workers) {
            w.join();
            if (w.failure != null) {
                if (failed == null) {
                    failed = new AssertionError("a worker failed", w.failure);
                } else {
                    failed.addSuppressed(w.failure);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** Runs {@code other} on a new thread and {@code mine} on this one, then joins the thread. */
    static void concurrently(Corpus.ThreadBody other, Corpus.ThreadBody mine) throws Exception {
        Worker w = start(other);
        try {
            mine.run();
        } finally {
            join(w);
        }
    }

    /** Runs every body on a thread of its own and joins them all. */
    static void all(Corpus.ThreadBody... bodies) throws Exception {
        List<Worker> workers = new ArrayList<>();
        try {
            for (Corpus.ThreadBody body : bodies) {
                workers.add(start(body));
            }
        } finally {
            join(workers.toArray(new Worker[0]));
        }
    }

    /** A pool the case owns; {@link #shutdown} waits for its threads' work to end. */
    static ExecutorService pool(int threads) {
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "juc-case pool");
            t.setDaemon(true);
            return t;
        });
    }

    static void shutdown(ExecutorService pool) throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new AssertionError("race corpus: a pool did not terminate within 30 s");
        }
    }

    /** A condition that may throw. */
    @FunctionalInterface
    interface Probe<T> {
        T probe() throws Exception;
    }

    /** How long a poll or a barrier waits before it fails the case. */
    static final long PATIENCE_NANOS = 20_000_000_000L;

    /** Polls until {@code condition} holds; the edge, if any, is the condition's own. */
    static void spinUntil(Probe<Boolean> condition) throws Exception {
        spinFor(() -> condition.probe() ? Boolean.TRUE : null);
    }

    /** Polls until {@code probe} gives a value, and returns it. */
    static <T> T spinFor(Probe<T> probe) throws Exception {
        long end = System.nanoTime() + PATIENCE_NANOS;
        for (;;) {
            T value = probe.probe();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - end > 0) {
                throw new AssertionError("race corpus: a poll saw nothing within 20 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /**
     * Waits at a barrier whose only job is to make two accesses overlap: they are both before
     * it, so what it orders comes after them.
     */
    static void overlap(CyclicBarrier barrier) throws Exception {
        barrier.await(PATIENCE_NANOS, TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- the cases

    @Override
    public void cases(Corpus c) {
        reentrantLocks(c);
        conditions(c);
        readWriteLocks(c);
        stampedLocks(c);
        executors(c);
        completableFutures(c);
        latches(c);
        barriers(c);
        phasers(c);
        semaphores(c);
        exchangers(c);
        concurrentMaps(c);
        queues(c);
        callsSeenThroughApplicationCode(c);
    }

    /** A lock that is a subclass of ReentrantLock, called through its own type (as Guava's cache segments are). */
    static final class CountingLock extends ReentrantLock {
        private static final long serialVersionUID = 1L;
        int count;
    }

    /** A map key whose equals reads a plain field: the map calls it from inside get. */
    static final class Key {
        String name;

        Key(String name) {
            this.name = name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.name.equals(name);
        }

        @Override
        public int hashCode() {
            return 1;
        }
    }

    /** Orders made by JDK calls that application code reaches other than by naming a j.u.c. type. */
    private static void callsSeenThroughApplicationCode(Corpus c) {
        c.noRaceThreads("ReentrantLockSubclassCalledThroughItsOwnType", () -> {
            CountingLock lock = new CountingLock();
            Corpus.ThreadBody inc = () -> {
                for (int i = 0; i < 100; i++) {
                    lock.lock();
                    try {
                        lock.count++;
                    } finally {
                        lock.unlock();
                    }
                }
            };
            all(inc, inc);
        });
        c.raceThreads("ReentrantLockSubclassUnlocked", () -> {
            CountingLock lock = new CountingLock();
            Corpus.ThreadBody inc = () -> lock.count++;
            all(inc, inc);
        });
        // The stored key was made before its put, and the map's get reads the entry (and calls the
        // stored key's equals) after that put: the read inside equals is ordered.
        c.noRaceThreads("ConcurrentHashMapKeyEqualsInsideGet", () -> {
            ConcurrentHashMap<Key, Integer> map = new ConcurrentHashMap<>();
            concurrently(() -> map.put(new Key("k"), 1), () -> spinUntil(() -> map.get(new Key("k")) != null));
        });
    }

    private static void reentrantLocks(Corpus c) {
        c.noRaceThreads("ReentrantLock", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            Corpus.ThreadBody inc = () -> {
                lock.lock();
                try {
                    b.x++;
                } finally {
                    lock.unlock();
                }
            };
            all(inc, inc);
        });

        // A successful tryLock, timed or not, acquires like lock.
        c.noRaceThreads("ReentrantLockTryLock", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            all(() -> {
                spinUntil(lock::tryLock);
                try {
                    b.x++;
                } finally {
                    lock.unlock();
                }
            }, () -> {
                spinUntil(() -> lock.tryLock(1, TimeUnit.MILLISECONDS));
                try {
                    b.x++;
                } finally {
                    lock.unlock();
                }
            }, () -> {
                lock.lock();
                try {
                    b.x++;
                } finally {
                    lock.unlock();
                }
            });
        });

        c.noRaceThreads("ReentrantLockInterruptibly", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            all(() -> {
                lock.lockInterruptibly();
                try {
                    b.x++;
                } finally {
                    lock.unlock();
                }
            }, () -> {
                lock.lock();
                try {
                    b.x++;
                } finally {
                    lock.unlock();
                }
            });
        });

        // The LockSupport javadoc's FIFO mutex: the AtomicBoolean's compareAndSet and set order
        // the critical sections; park and unpark only wait.
        c.noRaceThreads("FifoMutexOverLockSupport", () -> {
            Box b = new Box();
            FifoMutex mutex = new FifoMutex();
            Corpus.ThreadBody inc = () -> {
                mutex.lock();
                try {
                    b.x++;
                } finally {
                    mutex.unlock();
                }
            };
            all(inc, inc, inc, inc);
        });

        c.raceThreads("ReentrantLockVsUnlocked", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            concurrently(() -> {
                lock.lock();
                try {
                    b.x++;
                } finally {
                    lock.unlock();
                }
            }, () -> b.x++);
        });

        // A Lock and the monitor of the same object are two unrelated synchronizers.
        c.raceThreads("ReentrantLockVsItsMonitor", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            concurrently(() -> {
                lock.lock();
                try {
                    b.x++;
                } finally {
                    lock.unlock();
                }
            }, () -> {
                synchronized (lock) {
                    b.x++;
                }
            });
        });

        c.raceThreads("ReentrantLockVsOtherMonitor", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            Object monitor = new Object();
            concurrently(() -> {
                lock.lock();
                try {
                    b.x++;
                } finally {
                    lock.unlock();
                }
            }, () -> {
                synchronized (monitor) {
                    b.x++;
                }
            });
        });

        c.raceThreads("TwoReentrantLocks", () -> {
            Box b = new Box();
            ReentrantLock one = new ReentrantLock();
            ReentrantLock two = new ReentrantLock();
            Worker w = start(() -> {
                one.lock();
                try {
                    b.x++;
                } finally {
                    one.unlock();
                }
            });
            try {
                two.lock();
                try {
                    b.x++;
                } finally {
                    two.unlock();
                }
            } finally {
                join(w);
            }
        });

        // A failed tryLock acquires nothing. The worker holds the lock across its write; the
        // latch it counts down first orders only what came before the write.
        c.raceThreads("ReentrantLockFailedTryLock", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch tried = new CountDownLatch(1);
            Worker w = start(() -> {
                lock.lock();
                try {
                    held.countDown();
                    b.x = 1;
                    tried.await();
                } finally {
                    lock.unlock();
                }
            });
            try {
                held.await();
                boolean got = lock.tryLock();
                int v = b.x;
                if (got) {
                    lock.unlock();
                    throw new AssertionError("the worker holds the lock");
                }
            } finally {
                tried.countDown();
                join(w);
            }
        });
    }

    /** The example of {@link LockSupport}'s javadoc, without its interrupt handling. */
    static final class FifoMutex {
        private final AtomicBoolean locked = new AtomicBoolean();
        private final Queue<Thread> waiters = new ConcurrentLinkedQueue<>();

        void lock() {
            Thread current = Thread.currentThread();
            waiters.add(current);
            // Park while not first in the queue or the lock is taken; a wakeup may be spurious.
            while (waiters.peek() != current || !locked.compareAndSet(false, true)) {
                LockSupport.park(this);
            }
            waiters.remove();
        }

        void unlock() {
            locked.set(false);
            LockSupport.unpark(waiters.peek());
        }
    }

    private static void conditions(Corpus c) {
        c.noRaceThreads("ConditionAwaitSignal", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            Condition ready = lock.newCondition();
            concurrently(() -> {
                lock.lock();
                try {
                    b.x = 1;
                    b.ready = true;
                    ready.signal();
                } finally {
                    lock.unlock();
                }
            }, () -> {
                lock.lock();
                try {
                    while (!b.ready) {
                        ready.await();
                    }
                } finally {
                    lock.unlock();
                }
                b.x++;
            });
        });

        // Two waiters, one of them timed, woken by signalAll; the data is written before the
        // lock is taken, so only the lock orders it.
        c.noRaceThreads("ConditionSignalAll", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            Condition ready = lock.newCondition();
            Corpus.ThreadBody waiter = () -> {
                lock.lock();
                try {
                    while (!b.ready) {
                        ready.await();
                    }
                } finally {
                    lock.unlock();
                }
                int v = b.x;
            };
            Corpus.ThreadBody timedWaiter = () -> {
                lock.lock();
                try {
                    while (!b.ready) {
                        ready.await(10, TimeUnit.MILLISECONDS);
                    }
                } finally {
                    lock.unlock();
                }
                int v = b.x;
            };
            all(waiter, timedWaiter, () -> {
                b.x = 1;
                lock.lock();
                try {
                    b.ready = true;
                    ready.signalAll();
                } finally {
                    lock.unlock();
                }
            });
        });

        c.raceThreads("ConditionWriteAfterSignal", () -> {
            Box b = new Box();
            ReentrantLock lock = new ReentrantLock();
            Condition ready = lock.newCondition();
            concurrently(() -> {
                lock.lock();
                try {
                    b.ready = true;
                    ready.signal();
                } finally {
                    lock.unlock();
                }
                b.x = 1;
            }, () -> {
                lock.lock();
                try {
                    while (!b.ready) {
                        ready.await();
                    }
                } finally {
                    lock.unlock();
                }
                int v = b.x;
            });
        });
    }

    private static void readWriteLocks(Corpus c) {
        // The case thread holds the write lock while it starts the reader and writes, so the
        // reader's read lock can only follow the write unlock.
        c.noRaceThreads("RWLockWriterThenReader", () -> {
            Box b = new Box();
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            rw.writeLock().lock();
            Worker reader;
            try {
                reader = start(() -> {
                    rw.readLock().lock();
                    try {
                        int v = b.x;
                    } finally {
                        rw.readLock().unlock();
                    }
                });
                b.x = 1;
            } finally {
                rw.writeLock().unlock();
            }
            join(reader);
        });

        // The other way round: the writer's write lock can only follow the read unlock.
        c.noRaceThreads("RWLockReaderThenWriter", () -> {
            Box b = new Box();
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            rw.readLock().lock();
            Worker writer;
            try {
                writer = start(() -> {
                    rw.writeLock().lock();
                    try {
                        b.x = 2;
                    } finally {
                        rw.writeLock().unlock();
                    }
                });
                int v = b.x;
            } finally {
                rw.readLock().unlock();
            }
            join(writer);
        });

        c.noRaceThreads("RWLockWriteLocksOnly", () -> {
            Box b = new Box();
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            all(() -> {
                rw.writeLock().lock();
                try {
                    int v = b.x;
                } finally {
                    rw.writeLock().unlock();
                }
            }, () -> {
                rw.writeLock().lock();
                try {
                    b.x++;
                } finally {
                    rw.writeLock().unlock();
                }
            });
        });

        // Readers read under the read lock, a writer writes under the write lock, in any order.
        c.noRaceThreads("RWLockReadersAndWriters", () -> {
            Box b = new Box();
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            Corpus.ThreadBody reader = () -> {
                rw.readLock().lock();
                try {
                    int v = b.x;
                } finally {
                    rw.readLock().unlock();
                }
            };
            all(reader, reader, () -> {
                rw.writeLock().lock();
                try {
                    int v = b.x;
                } finally {
                    rw.writeLock().unlock();
                }
            }, () -> {
                rw.writeLock().lock();
                try {
                    b.x++;
                } finally {
                    rw.writeLock().unlock();
                }
            });
        });

        c.noRaceThreads("RWLockTryLock", () -> {
            Box b = new Box();
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            all(() -> {
                spinUntil(rw.readLock()::tryLock);
                try {
                    int v = b.x;
                } finally {
                    rw.readLock().unlock();
                }
            }, () -> {
                spinUntil(() -> rw.readLock().tryLock(1, TimeUnit.MILLISECONDS));
                try {
                    int v = b.x;
                } finally {
                    rw.readLock().unlock();
                }
            }, () -> {
                spinUntil(rw.writeLock()::tryLock);
                try {
                    b.x++;
                } finally {
                    rw.writeLock().unlock();
                }
            }, () -> {
                spinUntil(() -> rw.writeLock().tryLock(1, TimeUnit.MILLISECONDS));
                try {
                    b.x++;
                } finally {
                    rw.writeLock().unlock();
                }
            });
        });

        // Two threads write while both hold the read lock: readers are not ordered among
        // themselves, and here neither unlocks before the other has written.
        c.raceThreads("RWLockWritersUnderReadLock", () -> {
            Box b = new Box();
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            CyclicBarrier bothInside = new CyclicBarrier(2);
            Corpus.ThreadBody inc = () -> {
                rw.readLock().lock();
                try {
                    b.x++;
                    overlap(bothInside);
                } finally {
                    rw.readLock().unlock();
                }
            };
            concurrently(inc, inc);
        });

        c.raceThreads("RWLockReaderWithoutLock", () -> {
            Box b = new Box();
            ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
            concurrently(() -> {
                rw.writeLock().lock();
                try {
                    b.x = 1;
                } finally {
                    rw.writeLock().unlock();
                }
            }, () -> {
                int v = b.x;
            });
        });
    }

    private static void stampedLocks(Corpus c) {
        c.noRaceThreads("StampedLockWriteLocks", () -> {
            Box b = new Box();
            StampedLock sl = new StampedLock();
            Corpus.ThreadBody inc = () -> {
                long stamp = sl.writeLock();
                try {
                    b.x++;
                } finally {
                    sl.unlockWrite(stamp);
                }
            };
            all(inc, inc);
        });

        // The reader's read lock can only follow the case thread's write unlock.
        c.noRaceThreads("StampedLockReadAfterWrite", () -> {
            Box b = new Box();
            StampedLock sl = new StampedLock();
            long ws = sl.writeLock();
            Worker reader;
            try {
                reader = start(() -> {
                    long rs = sl.readLock();
                    try {
                        int v = b.x;
                    } finally {
                        sl.unlockRead(rs);
                    }
                });
                b.x = 1;
            } finally {
                sl.unlockWrite(ws);
            }
            join(reader);
        });

        // tryOptimisticRead gives no stamp while the write lock is held; the stamp it gives
        // after the unlock validates, and the javadoc then orders the write unlock before what
        // follows tryOptimisticRead, the read of b.x included.
        c.noRaceThreads("StampedLockOptimisticRead", () -> {
            Box b = new Box();
            StampedLock sl = new StampedLock();
            long ws = sl.writeLock();
            Worker reader;
            try {
                reader = start(() -> {
                    long stamp = spinFor(() -> {
                        long s = sl.tryOptimisticRead();
                        return s == 0 ? null : s;
                    });
                    int v = b.x;
                    if (!sl.validate(stamp)) {
                        throw new AssertionError("nothing writes after the one unlock");
                    }
                });
                b.x = 1;
            } finally {
                sl.unlockWrite(ws);
            }
            join(reader);
        });

        c.raceThreads("StampedLockWriteVsUnlocked", () -> {
            Box b = new Box();
            StampedLock sl = new StampedLock();
            concurrently(() -> {
                long stamp = sl.writeLock();
                try {
                    b.x = 1;
                } finally {
                    sl.unlockWrite(stamp);
                }
            }, () -> {
                int v = b.x;
            });
        });

        // An optimistic read taken before a writer comes races with that writer, whatever
        // validate says afterwards: the stamp covers only writes unlocked before it.
        c.raceThreads("StampedLockOptimisticReadVsWriter", () -> {
            Box b = new Box();
            StampedLock sl = new StampedLock();
            long stamp = sl.tryOptimisticRead();
            Worker writer = start(() -> {
                long ws = sl.writeLock();
                try {
                    b.x = 1;
                } finally {
                    sl.unlockWrite(ws);
                }
            });
            try {
                int v = b.x;
                boolean valid = sl.validate(stamp);
            } finally {
                join(writer);
            }
        });
    }

    private static void executors(Corpus c) {
        // Before submit is before the task; the task is before get returns.
        c.noRaceThreads("ExecutorSubmitGet", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                b.x = 1;
                Future<Integer> f = pool.submit(() -> {
                    b.y = b.x + 1;
                    return b.y;
                });
                int r = f.get();
                b.x++;
                b.y++;
            } finally {
                shutdown(pool);
            }
        });

        // Before execute is before the task (nothing reads after it).
        c.noRaceThreads("ExecutorExecute", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                b.x = 1;
                pool.execute(() -> b.x++);
            } finally {
                shutdown(pool);
            }
        });

        // invokeAll submits every task (after the seed is written) and hands back their
        // futures; get orders each task before what follows.
        c.noRaceThreads("ExecutorInvokeAll", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                b.x = 5;
                int[] slots = new int[3];
                List<Callable<Integer>> tasks = List.of(
                        () -> slots[0] = b.x,
                        () -> slots[1] = b.x + 1,
                        () -> slots[2] = b.x + 2);
                int sum = 0;
                for (Future<Integer> f : pool.invokeAll(tasks)) {
                    sum += f.get();
                }
                sum += slots[0] + slots[1] + slots[2];
                b.x = sum;
            } finally {
                shutdown(pool);
            }
        });

        // A FutureTask run by a plain thread: the computation is before get returns.
        c.noRaceThreads("FutureTaskOnThread", () -> {
            Box b = new Box();
            FutureTask<Integer> task = new FutureTask<>(() -> {
                b.x = 42;
                return b.x;
            });
            Worker w = start(task::run);
            try {
                int r = task.get();
                b.x++;
            } finally {
                join(w);
            }
        });

        c.raceThreads("ExecutorWriteAfterSubmit", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                Future<Integer> f = pool.submit(() -> b.x);
                b.x = 2;
                f.get();
            } finally {
                shutdown(pool);
            }
        });

        c.raceThreads("ExecutorReadBeforeGet", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                Future<?> f = pool.submit(() -> b.x = 1);
                int v = b.x;
                f.get();
            } finally {
                shutdown(pool);
            }
        });

        // execute gives no future: nothing orders the task before the case thread's read.
        c.raceThreads("ExecutorExecuteUnawaited", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                pool.execute(() -> b.x = 1);
                int v = b.x;
            } finally {
                shutdown(pool);
            }
        });

        // Two tasks of one invokeAll write before a barrier they share, which forces them onto
        // the pool's two threads at once; invokeAll orders them before its return, not against
        // each other.
        c.raceThreads("ExecutorInvokeAllTasksRace", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                CyclicBarrier together = new CyclicBarrier(2);
                Callable<Integer> inc = () -> {
                    b.x++;
                    overlap(together);
                    return 0;
                };
                for (Future<Integer> f : pool.invokeAll(List.of(inc, inc))) {
                    f.get();
                }
            } finally {
                shutdown(pool);
            }
        });

        c.raceThreads("FutureTaskReadBeforeGet", () -> {
            Box b = new Box();
            FutureTask<Integer> task = new FutureTask<>(() -> {
                b.x = 42;
                return 1;
            });
            Worker w = start(task::run);
            try {
                int v = b.x;
                task.get();
            } finally {
                join(w);
            }
        });
    }

    private static void completableFutures(Corpus c) {
        c.noRaceThreads("CompletableFutureSupplyAsync", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                b.x = 1;
                CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
                    b.y = b.x + 1;
                    return b.y;
                }, pool);
                int r = f.join();
                b.x++;
                b.y++;
            } finally {
                shutdown(pool);
            }
        });

        // The source stage is before its dependent, wherever the dependent runs (in the pool
        // thread if registered first, in the case thread if the source was already done).
        c.noRaceThreads("CompletableFutureThenApply", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                CompletableFuture<Integer> f = CompletableFuture.supplyAsync(() -> {
                    b.x = 1;
                    return 1;
                }, pool).thenApply(v -> {
                    b.y = b.x + v;
                    return b.y;
                });
                int r = f.join();
                b.x++;
                b.y++;
            } finally {
                shutdown(pool);
            }
        });

        // complete in one thread, get in another.
        c.noRaceThreads("CompletableFutureCompleteGet", () -> {
            Box b = new Box();
            CompletableFuture<Box> f = new CompletableFuture<>();
            Worker w = start(() -> {
                Box made = new Box();
                made.x = 1;
                b.y = 2;
                f.complete(made);
            });
            try {
                Box got = f.get();
                got.x++;
                b.y++;
            } finally {
                join(w);
            }
        });

        c.noRaceThreads("CompletableFutureAllOf", () -> {
            ExecutorService pool = pool(2);
            try {
                int[] slots = new int[2];
                CompletableFuture<Void> first = CompletableFuture.runAsync(() -> slots[0] = 1, pool);
                CompletableFuture<Void> second = CompletableFuture.runAsync(() -> slots[1] = 2, pool);
                CompletableFuture.allOf(first, second).join();
                slots[0]++;
                slots[1]++;
            } finally {
                shutdown(pool);
            }
        });

        // Exceptional completion in a worker; the dependent runs in a pool thread.
        c.noRaceThreads("CompletableFutureCompleteExceptionally", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                CompletableFuture<Integer> f = new CompletableFuture<>();
                CompletableFuture<Integer> handled = f.handleAsync((v, e) -> {
                    b.y = b.x + 1;
                    return b.y;
                }, pool);
                Worker w = start(() -> {
                    b.x = 1;
                    f.completeExceptionally(new IllegalStateException("fails on purpose"));
                });
                try {
                    int r = handled.join();
                    b.x++;
                    b.y++;
                } finally {
                    join(w);
                }
            } finally {
                shutdown(pool);
            }
        });

        c.raceThreads("CompletableFutureWriteBeforeJoin", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                CompletableFuture<Void> f = CompletableFuture.runAsync(() -> b.x = 1, pool);
                b.x = 2;
                f.join();
            } finally {
                shutdown(pool);
            }
        });

        c.raceThreads("CompletableFutureWriteAfterComplete", () -> {
            Box b = new Box();
            CompletableFuture<Integer> f = new CompletableFuture<>();
            Worker w = start(() -> {
                f.complete(1);
                b.x = 1;
            });
            try {
                f.get();
                int v = b.x;
            } finally {
                join(w);
            }
        });

        // An async dependent of a done future runs in the pool, unordered with what the case
        // thread does before it joins the dependent.
        c.raceThreads("CompletableFutureThenApplyAsync", () -> {
            ExecutorService pool = pool(2);
            try {
                Box b = new Box();
                CompletableFuture<Integer> dependent = CompletableFuture.completedFuture(1).thenApplyAsync(v -> {
                    b.x = v;
                    return v;
                }, pool);
                b.x = 2;
                dependent.join();
            } finally {
                shutdown(pool);
            }
        });
    }

    private static void latches(Corpus c) {
        // Three threads bump under a monitor and count down; the waiter reads and writes
        // without the monitor once the count is zero.
        c.noRaceThreads("CountDownLatch", () -> {
            Box b = new Box();
            Object lock = new Object();
            CountDownLatch latch = new CountDownLatch(3);
            Corpus.ThreadBody inc = () -> {
                synchronized (lock) {
                    b.x++;
                }
                latch.countDown();
            };
            all(() -> {
                latch.await();
                if (b.x != 3) {
                    throw new AssertionError("saw " + b.x);
                }
                b.x = 4;
            }, inc, inc, inc);
        });

        c.noRaceThreads("CountDownLatchSlots", () -> {
            int[] slots = new int[3];
            CountDownLatch latch = new CountDownLatch(3);
            Worker[] workers = new Worker[3];
            for (int i = 0; i < 3; i++) {
                int slot = i;
                workers[i] = start(() -> {
                    slots[slot] = slot + 1;
                    latch.countDown();
                });
            }
            try {
                latch.await();
                slots[0] += slots[1] + slots[2];
            } finally {
                join(workers);
            }
        });

        c.raceThreads("CountDownLatchWriteAfterCountDown", () -> {
            Box b = new Box();
            CountDownLatch latch = new CountDownLatch(1);
            concurrently(() -> {
                latch.countDown();
                b.x = 1;
            }, () -> {
                latch.await();
                int v = b.x;
            });
        });
    }

    private static void barriers(Corpus c) {
        c.noRaceThreads("CyclicBarrierSlots", () -> {
            int[] slots = new int[3];
            CyclicBarrier barrier = new CyclicBarrier(3);
            Worker[] workers = new Worker[3];
            for (int i = 0; i < 3; i++) {
                int slot = i;
                workers[i] = start(() -> {
                    slots[slot] = slot + 1;
                    barrier.await();
                    int sum = slots[0] + slots[1] + slots[2];
                });
            }
            join(workers);
        });

        // The barrier action runs after every arrival and before every release.
        c.noRaceThreads("CyclicBarrierAction", () -> {
            int[] slots = new int[3];
            Box b = new Box();
            CyclicBarrier barrier = new CyclicBarrier(3, () -> b.total = slots[0] + slots[1] + slots[2]);
            Worker[] workers = new Worker[3];
            for (int i = 0; i < 3; i++) {
                int slot = i;
                workers[i] = start(() -> {
                    slots[slot] = slot + 1;
                    barrier.await();
                    if (b.total != 6) {
                        throw new AssertionError("saw " + b.total);
                    }
                });
            }
            join(workers);
        });

        // All bump under a monitor, meet, and then only one of them writes without it.
        c.noRaceThreads("CyclicBarrierThenOneWriter", () -> {
            Box b = new Box();
            Object lock = new Object();
            CyclicBarrier barrier = new CyclicBarrier(4);
            Corpus.ThreadBody inc = () -> {
                synchronized (lock) {
                    b.x++;
                }
                barrier.await();
            };
            all(inc, inc, inc, () -> {
                inc.run();
                b.x++;
            });
        });

        // After the barrier every party writes without the monitor: the barrier orders what is
        // before it, not the parties' later accesses among themselves.
        c.raceThreads("CyclicBarrierWritersAfterAwait", () -> {
            Box b = new Box();
            Object lock = new Object();
            CyclicBarrier barrier = new CyclicBarrier(3);
            Corpus.ThreadBody body = () -> {
                synchronized (lock) {
                    b.x++;
                }
                barrier.await();
                b.x = b.x + 10;
            };
            all(body, body, body);
        });

        c.raceThreads("CyclicBarrierWriteAfterAwait", () -> {
            Box b = new Box();
            CyclicBarrier barrier = new CyclicBarrier(2);
            concurrently(() -> {
                barrier.await();
                b.x = 1;
            }, () -> {
                barrier.await();
                int v = b.x;
            });
        });
    }

    private static void phasers(Corpus c) {
        // Three parties through three phases: write their own slot, read all, write a
        // neighbour's, read all again.
        c.noRaceThreads("PhaserPhases", () -> {
            int[] slots = new int[3];
            Phaser phaser = new Phaser(3);
            Worker[] workers = new Worker[3];
            for (int i = 0; i < 3; i++) {
                int slot = i;
                workers[i] = start(() -> {
                    slots[slot] = slot + 1;
                    phaser.arriveAndAwaitAdvance();
                    int sum = slots[0] + slots[1] + slots[2];
                    phaser.arriveAndAwaitAdvance();
                    slots[(slot + 1) % 3] += sum;
                    phaser.arriveAndAwaitAdvance();
                    int after = slots[0] + slots[1] + slots[2];
                    phaser.arriveAndDeregister();
                });
            }
            join(workers);
        });

        // arrive does not wait: the write after it is not before the other party's advance.
        c.raceThreads("PhaserWriteAfterArrive", () -> {
            Box b = new Box();
            Phaser phaser = new Phaser(2);
            concurrently(() -> {
                phaser.arrive();
                b.x = 1;
            }, () -> {
                phaser.arriveAndAwaitAdvance();
                int v = b.x;
            });
        });
    }

    private static void semaphores(Corpus c) {
        c.noRaceThreads("SemaphoreReleaseAcquire", () -> {
            Box b = new Box();
            Semaphore sem = new Semaphore(0);
            concurrently(() -> {
                b.x = 1;
                sem.release();
            }, () -> {
                sem.acquire();
                b.x = 2;
            });
        });

        // One permit as a mutex, taken by acquire in one thread and tryAcquire in the other.
        c.noRaceThreads("SemaphoreMutex", () -> {
            Box b = new Box();
            Semaphore sem = new Semaphore(1);
            all(() -> {
                sem.acquire();
                try {
                    b.x++;
                } finally {
                    sem.release();
                }
            }, () -> {
                spinUntil(sem::tryAcquire);
                try {
                    b.x++;
                } finally {
                    sem.release();
                }
            });
        });

        c.raceThreads("SemaphoreReleaseThenWrite", () -> {
            Box b = new Box();
            Semaphore sem = new Semaphore(0);
            concurrently(() -> {
                sem.release();
                b.x = 1;
            }, () -> {
                sem.acquire();
                int v = b.x;
            });
        });

        // Two permits let two threads in at once; both write before either releases.
        c.raceThreads("SemaphoreTwoPermits", () -> {
            Box b = new Box();
            Semaphore sem = new Semaphore(2);
            CyclicBarrier bothInside = new CyclicBarrier(2);
            Corpus.ThreadBody inc = () -> {
                sem.acquire();
                try {
                    b.x++;
                    overlap(bothInside);
                } finally {
                    sem.release();
                }
            };
            concurrently(inc, inc);
        });
    }

    private static void exchangers(Corpus c) {
        // Each side's writes before exchange are before the other side's reads after it.
        c.noRaceThreads("Exchanger", () -> {
            Exchanger<Box> exchanger = new Exchanger<>();
            concurrently(() -> {
                Box mine = new Box();
                mine.x = 1;
                Box theirs = exchanger.exchange(mine);
                theirs.y++;
            }, () -> {
                Box mine = new Box();
                mine.y = 1;
                Box theirs = exchanger.exchange(mine);
                theirs.x++;
            });
        });

        c.raceThreads("ExchangerWriteAfterExchange", () -> {
            Exchanger<Box> exchanger = new Exchanger<>();
            concurrently(() -> {
                Box mine = new Box();
                exchanger.exchange(mine);
                mine.x = 1;
            }, () -> {
                Box theirs = exchanger.exchange(new Box());
                int v = theirs.x;
            });
        });
    }

    private static void concurrentMaps(Corpus c) {
        c.noRaceThreads("ConcurrentHashMapPutGet", () -> {
            ConcurrentHashMap<String, Box> map = new ConcurrentHashMap<>();
            concurrently(() -> {
                Box made = new Box();
                made.x = 42;
                map.put("k", made);
            }, () -> {
                Box got = spinFor(() -> map.get("k"));
                got.x++;
            });
        });

        // One of the two runs the mapping function; the other gets its value from the map.
        c.noRaceThreads("ConcurrentHashMapComputeIfAbsent", () -> {
            ConcurrentHashMap<String, Box> map = new ConcurrentHashMap<>();
            Corpus.ThreadBody use = () -> {
                Box got = map.computeIfAbsent("k", k -> {
                    Box made = new Box();
                    made.x = 42;
                    return made;
                });
                int v = got.x;
            };
            all(use, use);
        });

        // The second compute sees the value the first placed, and the first's function ran
        // before it placed it.
        c.noRaceThreads("ConcurrentHashMapCompute", () -> {
            ConcurrentHashMap<String, Integer> map = new ConcurrentHashMap<>();
            Box b = new Box();
            Corpus.ThreadBody inc = () -> map.compute("k", (k, v) -> {
                b.x++;
                return v == null ? 1 : v + 1;
            });
            all(inc, inc);
            b.x++;
        });

        c.raceThreads("ConcurrentHashMapWriteAfterPut", () -> {
            ConcurrentHashMap<String, Box> map = new ConcurrentHashMap<>();
            concurrently(() -> {
                Box made = new Box();
                map.put("k", made);
                made.x = 42;
            }, () -> {
                Box got = spinFor(() -> map.get("k"));
                int v = got.x;
            });
        });

        // A get of another key orders nothing with the put. (The map and its table exist before
        // the worker starts; "a" and "b" sit in different bins.)
        c.raceThreads("ConcurrentHashMapOtherKey", () -> {
            ConcurrentHashMap<String, Box> map = new ConcurrentHashMap<>();
            map.put("b", new Box());
            Box b = new Box();
            concurrently(() -> {
                b.x = 1;
                map.put("a", new Box());
            }, () -> {
                Box other = map.get("b");
                int v = b.x;
            });
        }).knownFailure("weft orders every call on a concurrent map with every other, whatever the key: it hides this race");
    }

    private static void queues(Corpus c) {
        // Two producers, two consumers, a small bounded queue: each box is filled before it
        // is put and changed only by the one consumer that takes it.
        c.noRaceThreads("ArrayBlockingQueue", () -> {
            BlockingQueue<Box> q = new ArrayBlockingQueue<>(10);
            int perThread = 200;
            Corpus.ThreadBody producer = () -> {
                for (int i = 0; i < perThread; i++) {
                    Box made = new Box();
                    made.x = i;
                    q.put(made);
                }
            };
            Corpus.ThreadBody consumer = () -> {
                for (int i = 0; i < perThread; i++) {
                    Box got = q.take();
                    got.y = got.x + 1;
                }
            };
            all(producer, consumer, producer, consumer);
        });

        c.noRaceThreads("LinkedBlockingQueue", () -> {
            BlockingQueue<Box> q = new LinkedBlockingQueue<>();
            concurrently(() -> {
                Box made = new Box();
                made.x = 1;
                q.put(made);
            }, () -> {
                Box got = q.take();
                got.x++;
            });
        });

        // The timed forms: an offer that succeeds, a poll that gets the element.
        c.noRaceThreads("LinkedBlockingQueueTimedOfferPoll", () -> {
            BlockingQueue<Box> q = new LinkedBlockingQueue<>(1);
            concurrently(() -> {
                Box made = new Box();
                made.x = 1;
                if (!q.offer(made, 20, TimeUnit.SECONDS)) {
                    throw new AssertionError("the queue had room");
                }
            }, () -> {
                Box got = q.poll(20, TimeUnit.SECONDS);
                got.x++;
            });
        });

        c.noRaceThreads("SynchronousQueue", () -> {
            BlockingQueue<Box> q = new SynchronousQueue<>();
            concurrently(() -> {
                Box made = new Box();
                made.x = 1;
                q.put(made);
            }, () -> {
                Box got = q.take();
                got.x++;
            });
        });

        c.noRaceThreads("ConcurrentLinkedQueue", () -> {
            Queue<Box> q = new ConcurrentLinkedQueue<>();
            concurrently(() -> {
                for (int i = 0; i < 3; i++) {
                    Box made = new Box();
                    made.x = i;
                    q.offer(made);
                }
            }, () -> {
                for (int i = 0; i < 3; i++) {
                    Box got = spinFor(q::poll);
                    got.x++;
                }
            });
        });

        c.raceThreads("ArrayBlockingQueueWriteAfterPut", () -> {
            BlockingQueue<Box> q = new ArrayBlockingQueue<>(1);
            concurrently(() -> {
                Box made = new Box();
                q.put(made);
                made.x = 1;
            }, () -> {
                Box got = q.take();
                int v = got.x;
            });
        });

        c.raceThreads("LinkedBlockingQueueWriteAfterPut", () -> {
            BlockingQueue<Box> q = new LinkedBlockingQueue<>();
            concurrently(() -> {
                Box made = new Box();
                q.put(made);
                made.x = 1;
            }, () -> {
                Box got = q.take();
                int v = got.x;
            });
        });

        // put returns once the element is taken; the write after it is still unordered with the
        // taker's read after take.
        c.raceThreads("SynchronousQueueWriteAfterPut", () -> {
            BlockingQueue<Box> q = new SynchronousQueue<>();
            concurrently(() -> {
                Box made = new Box();
                q.put(made);
                made.x = 1;
            }, () -> {
                Box got = q.take();
                int v = got.x;
            });
        });

        c.raceThreads("ConcurrentLinkedQueueWriteAfterOffer", () -> {
            Queue<Box> q = new ConcurrentLinkedQueue<>();
            concurrently(() -> {
                Box made = new Box();
                q.offer(made);
                made.x = 1;
            }, () -> {
                Box got = spinFor(q::poll);
                int v = got.x;
            });
        });
    }
}
