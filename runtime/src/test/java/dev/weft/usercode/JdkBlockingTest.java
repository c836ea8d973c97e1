package dev.weft.usercode;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;
import dev.weft.testing.MaxProcs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Goroutines that block in code weft cannot see (JDK calls, a contended monitor, another
 * goroutine's class initializer) hold their carrier thread, as Go's M in a system call does;
 * the monitor must hand each such carrier's P to another carrier promptly, so that every blocked
 * goroutine soon has a thread of its own and the others keep running. Two processors, so that
 * a carrier per P is what the scheduler starts with.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JdkBlockingTest {
    @RegisterExtension
    final MaxProcs procs = new MaxProcs(2);

    @Test
    void threadSleep_inManyGoroutines_allAreAsleepBeforeTheFirstWakes() {
        // 200 goroutines each enter a 1 s Thread.sleep: each needs a carrier of its own, so all
        // must have entered it before the first one's second is over.
        int n = 200;
        AtomicInteger entered = new AtomicInteger();
        AtomicInteger enteredWhenFirstWoke = new AtomicInteger(-1);
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    entered.incrementAndGet();
                    sleep(1000);
                    enteredWhenFirstWoke.compareAndSet(-1, entered.get());
                    wg.done();
                });
            }
            wg.await();
        });
        assertEquals(n, enteredWhenFirstWoke.get(),
                "goroutines that had entered Thread.sleep when the first woke: blocked carriers were not handed off promptly");
    }

    @Test
    void pingPong_whileGoroutinesBlockInQueueTake_keepsGoing() {
        // 1,000 goroutines block in a j.u.c queue's take until main releases them; a ping-pong of
        // 20,000 round trips meanwhile must not be held up behind their carriers (at one hand-off
        // per P every 20 ms, it took about 10 s).
        int blockers = 1000;
        int trips = 20_000;
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        long nanos = Go.run(() -> {
            long t0 = System.nanoTime();
            WaitGroup wg = new WaitGroup();
            wg.add(blockers);
            for (int i = 0; i < blockers; i++) {
                Go.go(() -> {
                    take(queue);
                    wg.done();
                });
            }
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < trips; i++) {
                    pong.send(ping.recv());
                }
            });
            for (int i = 0; i < trips; i++) {
                ping.send(i);
                pong.recv();
            }
            long took = System.nanoTime() - t0;
            for (int i = 0; i < blockers; i++) {
                queue.add(Boolean.TRUE);
            }
            wg.await();
            return took;
        });
        assertTrue(nanos < TimeUnit.SECONDS.toNanos(5),
                "starting 1,000 goroutines that block in LinkedBlockingQueue.take, then 20,000 round trips beside them, took "
                        + nanos / 1_000_000 + " ms");
    }

    @Test
    void socketRead_inGoroutines_onOneProcessor_othersKeepRunning() throws Exception {
        // A blocking java.net read is RUNNABLE in native code: only its CPU time standing still
        // tells the monitor it is blocked. 20 readers on the only P, then a ping-pong beside them.
        Go.maxProcs(1);
        int readers = 20;
        try (ServerSocket server = new ServerSocket(0, readers, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            AtomicInteger reading = new AtomicInteger();
            int sum = Go.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(readers);
                Chan<Integer> got = Chan.make(readers);
                for (int i = 0; i < readers; i++) {
                    Go.go(() -> {
                        got.send(readOne(server.getLocalPort(), reading));
                        wg.done();
                    });
                }
                for (int i = 0; i < readers; i++) {
                    accepted.add(accept(server));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (reading.get() < readers && System.nanoTime() < deadline) {
                    Go.sleep(Duration.ofMillis(1));
                }
                assertEquals(readers, reading.get(), "readers inside their read at once");
                Chan<Integer> ping = Chan.make();
                Chan<Integer> pong = Chan.make();
                Go.go(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        pong.send(ping.recv());
                    }
                });
                for (int i = 0; i < 2_000; i++) {
                    ping.send(i);
                    pong.recv();
                }
                for (Socket s : accepted) {
                    write(s, 1);
                }
                wg.await();
                int total = 0;
                for (int i = 0; i < readers; i++) {
                    total += got.recv();
                }
                return total;
            });
            assertEquals(readers, sum);
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /** Connects to {@code port} and blocks in a plain java.net read of one byte. */
    private static int readOne(int port, AtomicInteger reading) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            reading.incrementAndGet();
            return s.getInputStream().read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Socket accept(ServerSocket server) {
        try {
            return server.accept();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Socket s, int b) {
        try {
            s.getOutputStream().write(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Object MONITOR = new Object();
    private static int insideMonitor;

    @Test
    void synchronized_thatParksInside_contendedByGoroutines_allFinish() {
        // A goroutine that parks inside synchronized pins its carrier; the others wait to enter
        // the monitor with their carriers BLOCKED. Each must be compensated, or the P that the
        // sleeper's timer and the rest of the goroutines need stays with a blocked carrier.
        Go.maxProcs(1);
        int n = 16;
        int rounds = 5;
        AtomicInteger maxInside = new AtomicInteger();
        int total = Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            Chan<Integer> done = Chan.make(n * rounds);
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    for (int r = 0; r < rounds; r++) {
                        enterAndPark(maxInside);
                        done.send(1);
                    }
                    wg.done();
                });
            }
            wg.await();
            int sum = 0;
            for (int i = 0; i < n * rounds; i++) {
                sum += done.recv();
            }
            return sum;
        });
        assertEquals(n * rounds, total);
        assertEquals(1, maxInside.get(), "goroutines inside the monitor at once");
    }

    @Suspendable
    private static void enterAndPark(AtomicInteger maxInside) {
        synchronized (MONITOR) {
            insideMonitor++;
            maxInside.accumulateAndGet(insideMonitor, Math::max);
            Go.sleep(Duration.ofMillis(1)); // pins: a held monitor cannot unwind
            insideMonitor--;
        }
    }

    @Test
    void classInitializer_thatParks_othersWaitingForItFinish() {
        // The first goroutine to touch SlowInit runs its static initializer, which parks on a
        // channel (pinned: an initializer cannot unwind); the others wait for the initialization
        // with their carriers blocked in the JVM; the goroutine that feeds the channel is queued
        // behind them on the only P.
        Go.maxProcs(1);
        int users = 8;
        int sum = Go.run(() -> {
            Chan<Integer> results = Chan.make(users);
            for (int i = 0; i < users; i++) {
                Go.go(() -> results.send(SlowInit.VALUE));
            }
            Go.go(() -> Gate.CHAN.send(42));
            int s = 0;
            for (int i = 0; i < users; i++) {
                s += results.recv();
            }
            return s;
        });
        assertEquals(users * 42, sum);
    }

    /** A class whose initialization waits for a goroutine to send it its value. */
    static final class SlowInit {
        static final int VALUE = Gate.CHAN.recv();
    }

    /** Where {@link SlowInit}'s value comes from: a class of its own, so the sender needs no SlowInit. */
    static final class Gate {
        static final Chan<Integer> CHAN = Chan.make();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void take(LinkedBlockingQueue<Object> queue) {
        try {
            queue.take();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
