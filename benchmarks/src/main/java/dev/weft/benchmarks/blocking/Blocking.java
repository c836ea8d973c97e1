package dev.weft.benchmarks.blocking;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;
import dev.weft.benchmarks.JdkThreads;
import dev.weft.benchmarks.Weaving;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Goroutines that block in code weft cannot see: the JDK's own blocking calls, which hold their
 * carrier thread until they return. weft must hand the carrier's P to another carrier promptly,
 * so that such goroutines cost what a thread each costs, and the rest keep running. Run by
 * {@code benchmarks/blocking.sh}, one process per cell, each printing one {@code RESULT} line.
 *
 * <ul>
 *   <li>{@code sleep}: {@code n} goroutines that each call {@code Thread.sleep(500)}; the wall time
 *       until all are done (ms). A thread per goroutine does it in a little over 500 ms.
 *   <li>{@code libsleep}: the same, but each sleep is inside a method that is not rewritten, as in a
 *       library: in weft it holds its carrier, and the monitor hands each P on (the threads peers
 *       run exactly as in {@code sleep}).
 *   <li>{@code pingpong}: a ping-pong over unbuffered channels, first alone for a second, then for a
 *       second while {@code n} goroutines are blocked in JDK calls (half in a {@code Thread.sleep}
 *       that outlasts the second, half in a {@code LinkedBlockingQueue.take}); the rate while they
 *       block (measured once all have entered their call) as a share of the rate alone (%).
 * </ul>
 *
 * The peers: {@code weft} (goroutines; this class is woven at build time), {@code virtual}
 * (a virtual thread per goroutine, JDK 21 and newer, and {@link SynchronousQueue}s as channels)
 * and {@code platform} (a platform thread per goroutine, the same queues).
 */
public final class Blocking {
    private static final long MEASURE_NANOS = 1_000_000_000L;
    /** Longer than a measurement and the start of its blockers. */
    private static final long BLOCK_MILLIS = 3_000;
    /** Blockers that have entered their blocking call. */
    private static final AtomicInteger entered = new AtomicInteger();

    private Blocking() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Blocking sleep|libsleep|pingpong weft|virtual|platform [n]");
            System.exit(2);
        }
        String workload = args[0];
        String peer = args[1];
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        if (peer.equals("weft")) {
            Weaving.requireRewritten(Blocking.class, "rateWeft(Ldev/weft/Chan;Ldev/weft/Chan;)D");
        }
        ThreadFactory threads = peer.equals("virtual") ? JdkThreads.virtual() : JdkThreads.platform();
        String result;
        switch (workload) {
            case "sleep" -> {
                long ms = peer.equals("weft") ? sleepWeft(n, false) : sleepThreads(n, threads);
                result = "value=" + ms + " unit=ms";
            }
            case "libsleep" -> {
                long ms = peer.equals("weft") ? sleepWeft(n, true) : sleepThreads(n, threads);
                result = "value=" + ms + " unit=ms";
            }
            case "pingpong" -> {
                double[] rates = peer.equals("weft") ? pingPongWeft(n) : pingPongThreads(n, threads);
                result = String.format("value=%.1f unit=%% idle=%.0f blocked=%.0f", 100 * rates[1] / rates[0], rates[0], rates[1]);
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload + ": sleep or pingpong");
        }
        int peak = ManagementFactory.getThreadMXBean().getPeakThreadCount();
        System.out.println("RESULT workload=" + workload + " peer=" + peer + " n=" + n + " " + result + " threads=" + peak);
    }

    // ---- sleep ----------------------------------------------------------------------------

    /**
     * {@code n} goroutines in {@code Thread.sleep(500)}: written in the goroutine, where it parks,
     * or, {@code inLibrary}, inside a method that is not rewritten (as in a library), where it
     * holds the carrier and the monitor hands the P on.
     */
    static long sleepWeft(int n, boolean inLibrary) {
        return Go.run(() -> {
            long t0 = System.nanoTime();
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    if (inLibrary) {
                        sleepUninterrupted(500);
                    } else {
                        try {
                            Thread.sleep(500); // in rewritten code: the goroutine parks, as a virtual thread does
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    wg.done();
                });
            }
            wg.await();
            return (System.nanoTime() - t0) / 1_000_000;
        });
    }

    static long sleepThreads(int n, ThreadFactory threads) throws InterruptedException {
        long t0 = System.nanoTime();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            threads.newThread(() -> {
                sleepUninterrupted(500);
                done.countDown();
            }).start();
        }
        done.await();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    // ---- ping-pong while others block ----------------------------------------------------------

    /** Round trips per second alone, then while {@code n} goroutines block in JDK calls. */
    static double[] pingPongWeft(int n) {
        return Go.run(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (Integer v; (v = ping.recv()) != null && v >= 0; ) {
                    pong.send(v);
                }
            });
            double idle = rateWeft(ping, pong);
            LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
            WaitGroup blockers = new WaitGroup();
            blockers.add(n);
            for (int i = 0; i < n; i++) {
                boolean take = i % 2 == 0;
                Go.go(() -> {
                    blockInJdk(take, queue);
                    blockers.done();
                });
            }
            awaitBlocked(n);
            double blocked = rateWeft(ping, pong);
            release(queue, n);
            blockers.await();
            ping.send(-1);
            return new double[] {idle, blocked};
        });
    }

    @Suspendable
    private static double rateWeft(Chan<Integer> ping, Chan<Integer> pong) {
        long t0 = System.nanoTime();
        long trips = 0;
        while (System.nanoTime() - t0 < MEASURE_NANOS) {
            ping.send(1);
            pong.recv();
            trips++;
        }
        return trips * 1e9 / (System.nanoTime() - t0);
    }

    static double[] pingPongThreads(int n, ThreadFactory threads) throws Exception {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        threads.newThread(() -> {
            try {
                for (int v; (v = ping.take()) >= 0; ) {
                    pong.put(v);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }).start();
        double[] rates = new double[2];
        CountDownLatch measured = new CountDownLatch(1);
        threads.newThread(() -> {
            try {
                rates[0] = rateThreads(ping, pong);
                LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
                CountDownLatch blockers = new CountDownLatch(n);
                for (int i = 0; i < n; i++) {
                    boolean take = i % 2 == 0;
                    threads.newThread(() -> {
                        blockInJdk(take, queue);
                        blockers.countDown();
                    }).start();
                }
                awaitBlocked(n);
                rates[1] = rateThreads(ping, pong);
                release(queue, n);
                blockers.await();
                ping.put(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            measured.countDown();
        }).start();
        measured.await();
        return rates;
    }

    private static double rateThreads(SynchronousQueue<Integer> ping, SynchronousQueue<Integer> pong) throws InterruptedException {
        long t0 = System.nanoTime();
        long trips = 0;
        while (System.nanoTime() - t0 < MEASURE_NANOS) {
            ping.put(1);
            pong.take();
            trips++;
        }
        return trips * 1e9 / (System.nanoTime() - t0);
    }

    // ---- the blocking calls ----------------------------------------------------------------------

    /**
     * Blocks in one JDK call for the whole measurement: a {@code Thread.sleep} that outlasts it,
     * or a {@code take} from {@code queue}, which is fed one token per taker once it is over.
     */
    private static void blockInJdk(boolean take, LinkedBlockingQueue<Object> queue) {
        entered.incrementAndGet();
        try {
            if (take) {
                queue.take();
            } else {
                Thread.sleep(BLOCK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until {@code n} blockers have entered their call (a plain spin with short sleeps: in
     * weft, on a carrier, which hands off like the blockers), so the measurement sees them
     * blocked, not being started.
     */
    private static void awaitBlocked(int n) {
        while (entered.get() < n) {
            sleepUninterrupted(1);
        }
        sleepUninterrupted(20); // the last ones from entering to blocked
        entered.set(0);
    }

    /** Feeds the takers among {@code n} blockers: one token each. */
    private static void release(LinkedBlockingQueue<Object> queue, int n) {
        for (int i = 0; i < n; i += 2) {
            queue.add(Boolean.TRUE);
        }
    }

    /** Not @Suspendable, so not rewritten: its Thread.sleep is the JDK's. */
    private static void sleepUninterrupted(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
