package dev.weft.benchmarks.workloads;

import dev.weft.benchmarks.JdkThreads;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The workloads on JDK threads, one thread per goroutine: virtual threads ({@link #virtual},
 * JDK 21 and newer) or platform threads ({@link #platform}). An unbuffered channel is a
 * {@link SynchronousQueue}, a buffered one an {@link ArrayBlockingQueue}, a wait group a
 * {@link CountDownLatch}, a mutex a {@link ReentrantLock}. These queues cannot be closed, so
 * where the Go program closes a channel this sends one stop marker per receiver instead, or,
 * where closing is a broadcast (the barrier's start), counts down a {@code CountDownLatch(1)}.
 * The JDK has no select and no context: {@link #select} takes from whichever producer's queue
 * has a producer waiting, blocking on a semaphore that counts their offers, and
 * {@link #contextTree} is a tree of {@link CompletableFuture}s (see each). The main goroutine is
 * a thread of the same kind, started and joined by the calling (platform) thread.
 * The threads come from {@link JdkThreads}.
 */
final class ThreadPeer implements Peer {
    private static final Integer STOP = -1;

    private final ThreadFactory threads;

    private ThreadPeer(ThreadFactory threads) {
        this.threads = threads;
    }

    static ThreadPeer virtual() {
        return new ThreadPeer(JdkThreads.virtual());
    }

    static ThreadPeer platform() {
        return new ThreadPeer(JdkThreads.platform()); // stack size from -Xss
    }

    interface Body {
        void run() throws Exception;
    }

    private void go(Body body) {
        threads.newThread(() -> {
            try {
                body.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }).start();
    }

    /** Runs {@code main} in a new thread of this peer's kind and waits for it, like {@code Go.run}. */
    private <T> T run(Callable<T> main) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = threads.newThread(() -> {
            try {
                result.set(main.call());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) {
            throw new RuntimeException(failure.get());
        }
        return result.get();
    }

    // ---- skynet ----

    @Override
    public long skynet(int size, int div) throws Exception {
        return run(() -> {
            SynchronousQueue<Long> c = new SynchronousQueue<>();
            go(() -> skynet(c, 0, size, div));
            return c.take();
        });
    }

    private void skynet(SynchronousQueue<Long> c, long num, int size, int div) throws InterruptedException {
        if (size == 1) {
            c.put(num);
            return;
        }
        SynchronousQueue<Long> rc = new SynchronousQueue<>();
        int childSize = size / div;
        for (int i = 0; i < div; i++) {
            long childNum = num + (long) i * childSize;
            go(() -> skynet(rc, childNum, childSize, div));
        }
        long sum = 0;
        for (int i = 0; i < div; i++) {
            sum += rc.take();
        }
        c.put(sum);
    }

    // ---- spawn ----

    @Override
    public long spawn(int n) throws Exception {
        return run(() -> {
            CountDownLatch wg = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                go(wg::countDown);
            }
            wg.await();
            return (long) n;
        });
    }

    // ---- ping-pong ----

    @Override
    public long pingPong(int n) throws Exception {
        return run(() -> {
            SynchronousQueue<Integer> ping = new SynchronousQueue<>();
            SynchronousQueue<Integer> pong = new SynchronousQueue<>();
            go(() -> {
                for (int i = 0; i < n; i++) {
                    pong.put(ping.take());
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                ping.put(i);
                sum += pong.take();
            }
            return sum;
        });
    }

    // ---- buffered ----

    @Override
    public long buffered(int n, int capacity) throws Exception {
        return run(() -> {
            ArrayBlockingQueue<Integer> c = new ArrayBlockingQueue<>(capacity);
            go(() -> {
                for (int i = 0; i < n; i++) {
                    c.put(i);
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += c.take();
            }
            return sum;
        });
    }

    // ---- worker pool ----

    @Override
    public long workerPool(int n, int workers, int capacity) throws Exception {
        return run(() -> {
            ArrayBlockingQueue<Integer> tasks = new ArrayBlockingQueue<>(capacity);
            ArrayBlockingQueue<Long> results = new ArrayBlockingQueue<>(capacity);
            go(() -> {
                for (int i = 0; i < n; i++) {
                    tasks.put(i);
                }
                for (int w = 0; w < workers; w++) {
                    tasks.put(STOP); // in place of close(tasks)
                }
            });
            for (int w = 0; w < workers; w++) {
                go(() -> worker(tasks, results));
            }
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += results.take();
            }
            return sum;
        });
    }

    private static void worker(BlockingQueue<Integer> tasks, BlockingQueue<Long> results) throws InterruptedException {
        for (Integer t; (t = tasks.take()) != STOP; ) {
            results.put(Peer.work(t));
        }
    }

    // ---- pipeline ----

    @Override
    public long pipeline(int n, int stages) throws Exception {
        return run(() -> {
            SynchronousQueue<Integer> first = new SynchronousQueue<>();
            go(() -> {
                for (int i = 1; i <= n; i++) {
                    first.put(i);
                }
            });
            SynchronousQueue<Integer> in = first;
            for (int s = 1; s < stages - 1; s++) {
                SynchronousQueue<Integer> out = new SynchronousQueue<>();
                SynchronousQueue<Integer> from = in;
                go(() -> stage(from, out, n));
                in = out;
            }
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += in.take();
            }
            return sum;
        });
    }

    private static void stage(SynchronousQueue<Integer> in, SynchronousQueue<Integer> out, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            out.put(in.take() + 1);
        }
    }

    // ---- counters ----

    @Override
    public long counters(int n, int workers, int slice) throws Exception {
        return run(() -> {
            int[] cells = new int[workers * slice];
            Tally[] tallies = new Tally[workers];
            Tally shared = new Tally();
            ReentrantLock mu = new ReentrantLock();
            CountDownLatch wg = new CountDownLatch(workers);
            int passes = n / (workers * slice);
            for (int w = 0; w < workers; w++) {
                int id = w;
                go(() -> counter(cells, id, slice, passes, tallies, shared, mu, wg));
            }
            wg.await();
            long sum = shared.sum;
            for (int c : cells) {
                sum += c;
            }
            for (Tally t : tallies) {
                sum += t.sum + t.count;
            }
            return sum;
        });
    }

    private static void counter(int[] cells, int w, int slice, int passes, Tally[] tallies, Tally shared,
                                ReentrantLock mu, CountDownLatch wg) {
        Tally mine = new Tally();
        int base = w * slice;
        for (int p = 0; p < passes; p++) {
            for (int j = 0; j < slice; j++) {
                cells[base + j]++;
                mine.sum += j;
                mine.count++;
            }
            mu.lock();
            shared.sum += slice;
            mu.unlock();
        }
        tallies[w] = mine;
        wg.countDown();
    }

    // ---- fan-in ----

    @Override
    public long fanIn(int n, int producers) throws Exception {
        return run(() -> {
            SynchronousQueue<Integer> c = new SynchronousQueue<>();
            int per = n / producers;
            for (int k = 0; k < producers; k++) {
                int from = k * per;
                go(() -> produce(c, from, per));
            }
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += c.take();
            }
            return sum;
        });
    }

    private static void produce(SynchronousQueue<Integer> c, int from, int count) throws InterruptedException {
        for (int i = from; i < from + count; i++) {
            c.put(i);
        }
    }

    // ---- select ----

    /**
     * The JDK has no select. This is the nearest to Go's over four unbuffered channels that keeps
     * each producer on a channel of its own and blocked until its value is taken: before each
     * {@code put} on its own {@link SynchronousQueue}, a producer releases a permit of one
     * semaphore shared by all four, so the permits count the offers made and not yet taken. The
     * consumer acquires a permit (it blocks while no producer offers: the select's park), then
     * {@code poll}s the four queues round-robin, starting after the one it last took from, in
     * place of Go's random order; a {@code poll} takes only from a producer waiting in its
     * {@code put}. A permit guarantees an untaken offer, so the polling ends: it goes round again
     * only while that offer's producer is between its release and its {@code put}, and yields
     * after each fruitless round so that the producer runs even on one cpu. One queue shared by
     * the four producers would be a fan-in, not a select; a timed {@code poll} on each queue in
     * turn would measure its timeout.
     */
    @Override
    public long select(int n) throws Exception {
        return run(() -> {
            @SuppressWarnings("unchecked")
            SynchronousQueue<Integer>[] chans = new SynchronousQueue[4];
            Semaphore offers = new Semaphore(0);
            int per = n / 4;
            for (int k = 0; k < 4; k++) {
                SynchronousQueue<Integer> c = chans[k] = new SynchronousQueue<>();
                int from = k * per;
                go(() -> {
                    for (int i = from; i < from + per; i++) {
                        offers.release();
                        c.put(i);
                    }
                });
            }
            long sum = 0;
            int next = 0;
            for (int i = 0; i < n; i++) {
                offers.acquire();
                Integer v;
                for (int tried = 1; (v = chans[next].poll()) == null; tried++) {
                    next = (next + 1) % 4;
                    if (tried % 4 == 0) {
                        Thread.yield();
                    }
                }
                next = (next + 1) % 4;
                sum += v;
            }
            return sum;
        });
    }

    // ---- mutex ----

    @Override
    public long mutex(int n, int goroutines) throws Exception {
        return run(() -> {
            ReentrantLock mu = new ReentrantLock();
            long[] counter = new long[1];
            CountDownLatch wg = new CountDownLatch(goroutines);
            for (int g = 0; g < goroutines; g++) {
                go(() -> locker(mu, counter, n / goroutines, wg));
            }
            wg.await();
            return counter[0];
        });
    }

    private static void locker(ReentrantLock mu, long[] counter, int times, CountDownLatch wg) {
        for (int i = 0; i < times; i++) {
            mu.lock();
            counter[0]++;
            mu.unlock();
        }
        wg.countDown();
    }

    // ---- barrier ----

    @Override
    public long barrier(int n, int goroutines) throws Exception {
        return run(() -> {
            int rounds = n / goroutines;
            CountDownLatch[] start = new CountDownLatch[rounds]; // counted down in place of close(start[r])
            CountDownLatch[] arrived = new CountDownLatch[rounds];
            for (int r = 0; r < rounds; r++) {
                start[r] = new CountDownLatch(1);
                arrived[r] = new CountDownLatch(goroutines);
            }
            int[] passed = new int[goroutines];
            for (int g = 0; g < goroutines; g++) {
                int id = g;
                go(() -> member(id, start, arrived, passed));
            }
            for (int r = 0; r < rounds; r++) {
                start[r].countDown();
                arrived[r].await();
            }
            long sum = 0;
            for (int p : passed) {
                sum += p;
            }
            return sum;
        });
    }

    private static void member(int g, CountDownLatch[] start, CountDownLatch[] arrived, int[] passed)
            throws InterruptedException {
        for (int r = 0; r < start.length; r++) {
            start[r].await();
            passed[g]++;
            arrived[r].countDown();
        }
    }

    // ---- context tree ----

    /**
     * The JDK has no context; its nearest is {@link CompletableFuture}. A context is a
     * {@code CompletableFuture<Void>}, a child derived with {@code withCancel} its parent's
     * {@link CompletableFuture#copy copy()}: completed (exceptionally) when the parent is, while
     * its own cancel would not reach the parent, as in Go. The root's {@code cancel} is the
     * root's, which completes the whole tree in the canceling thread, as Go's cancel does; a
     * leaf's goroutine blocks in {@code join()}, which throws once the leaf is done, canceled.
     */
    @Override
    public long contextTree(int leaves, int div) throws Exception {
        return run(() -> {
            int[] seen = new int[leaves];
            CountDownLatch started = new CountDownLatch(leaves);
            CountDownLatch finished = new CountDownLatch(leaves);
            CompletableFuture<Void> root = new CompletableFuture<>();
            tree(root, 0, leaves, div, seen, started, finished);
            started.await();
            root.cancel(false);
            finished.await();
            long sum = 0;
            for (int s : seen) {
                sum += s;
            }
            return sum;
        });
    }

    private void tree(CompletableFuture<Void> parent, int first, int size, int div, int[] seen,
                      CountDownLatch started, CountDownLatch finished) {
        if (size == 1) {
            go(() -> watch(parent, first, seen, started, finished));
            return;
        }
        int childSize = size / div;
        for (int i = 0; i < div; i++) {
            tree(parent.copy(), first + i * childSize, childSize, div, seen, started, finished);
        }
    }

    private static void watch(CompletableFuture<Void> leaf, int i, int[] seen, CountDownLatch started,
                              CountDownLatch finished) {
        started.countDown();
        try {
            leaf.join();
        } catch (CancellationException | CompletionException e) {
            // the root's CancellationException; below the root, copies relay it wrapped
            seen[i] = 1;
        }
        finished.countDown();
    }

    // ---- parked ----

    @Override
    public Parked parked(int n) throws Exception {
        SynchronousQueue<Integer> gate = new SynchronousQueue<>();
        CountDownLatch started = new CountDownLatch(n);
        CountDownLatch finished = new CountDownLatch(n);
        run(() -> {
            for (int i = 0; i < n; i++) {
                go(() -> {
                    started.countDown();
                    level1(gate);
                    finished.countDown();
                });
            }
            started.await();
            return null;
        });
        return () -> run(() -> {
            // in place of close(gate): one value per parked thread
            for (int i = 0; i < n; i++) {
                gate.put(0);
            }
            finished.await();
            return null;
        });
    }

    private static int level1(SynchronousQueue<Integer> gate) throws InterruptedException {
        return level2(gate) + 1;
    }

    private static int level2(SynchronousQueue<Integer> gate) throws InterruptedException {
        return level3(gate) + 1;
    }

    private static int level3(SynchronousQueue<Integer> gate) throws InterruptedException {
        return gate.take();
    }
}
