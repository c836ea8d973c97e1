package dev.weft;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code time.Tick} against Go's {@code src/time/tick_test.go} and Go by Example's "Rate
 * Limiting" and "Tickers", with Go 1.23 semantics: ticks arrive every period; a non-positive
 * period is refused (where Go answers a nil channel, weft throws); a slow receiver misses ticks
 * rather than receiving a burst, at most one tick waiting for it; {@code len} and {@code cap} of
 * the channel are 0.
 *
 * <p>A {@code Time.tick} ticker can never be stopped, and a pending timer keeps the deadlock
 * detector from ever declaring anything in the JVM that holds it (see {@link TimeTest}). Every
 * scenario that makes one therefore runs in a JVM of its own ({@link TickScenarios}), so that the
 * deadlock tests that run after this class are not affected.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeTickTest {

    private static void scenario(String name) {
        String out = ForkedJvm.run(TickScenarios.class, List.of(), Map.of(), 60, name);
        assertTrue(out.contains("OK\n"), out);
    }

    @Test
    void tick_nonPositivePeriod_throwsIllegalArgumentException_namingTick() {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Time.tick(Duration.ZERO));
        assertTrue(zero.getMessage().contains("Tick"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Time.tick(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> Time.tick(Duration.ofNanos(-1)));
        assertThrows(IllegalArgumentException.class, () -> Time.tick(Duration.ofSeconds(Long.MIN_VALUE)));
    }

    @Test
    void tick_rateLimiter_ticksArriveEveryPeriod_inOrder() {
        scenario("rateLimiter");
    }

    @Test
    void tick_inASelectLoopWithADoneChannel_ticksUntilDone() {
        scenario("tickerWithDone");
    }

    @Test
    void tick_channelLooksUnbuffered_lenAndCapAreZero_evenWithATickWaiting() {
        scenario("lenCap");
    }

    @Test
    void tick_slowReceiver_getsAtMostOneWaitingTick_neverABurst() {
        scenario("slowReceiver");
    }

    /** The scenarios, each run as the main program of a forked JVM; each prints OK at its end. */
    public static final class TickScenarios {
        public static void main(String[] args) {
            Thread watchdog = new Thread(() -> {
                try {
                    Thread.sleep(45_000);
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println("HUNG: " + args[0] + " did not finish in 45 s; goroutines:\n" + Go.dump());
                System.exit(3);
            }, "watchdog");
            watchdog.setDaemon(true);
            watchdog.start();
            switch (args[0]) {
                case "rateLimiter" -> rateLimiter();
                case "tickerWithDone" -> tickerWithDone();
                case "lenCap" -> lenCap();
                case "slowReceiver" -> slowReceiver();
                default -> throw new IllegalArgumentException(args[0]);
            }
            System.out.println("OK");
            System.exit(0);
        }

        /** Go by Example's rate limiter: every request waits for the next tick. */
        private static void rateLimiter() {
            Duration period = Duration.ofMillis(20);
            int n = 5;
            long start = System.nanoTime();
            List<Instant> ticks = Go.run(() -> {
                Chan<Integer> requests = Chan.make(n);
                for (int i = 1; i <= n; i++) {
                    requests.send(i);
                }
                requests.close();
                Chan<Instant> limiter = Time.tick(period);
                List<Instant> got = new ArrayList<>();
                for (Integer ignored : requests) {
                    got.add(limiter.recv());
                }
                return got;
            });
            long took = System.nanoTime() - start;
            assertEquals(n, ticks.size());
            for (int i = 1; i < n; i++) {
                assertTrue(ticks.get(i).isAfter(ticks.get(i - 1)), "ticks out of order: " + ticks);
            }
            long atLeast = period.toNanos() * n * 9 / 10;
            assertTrue(took >= atLeast, n + " ticks of " + period + " came too fast: " + took + " ns");
        }

        /** Go by Example's tickers: a select loop over the tick channel and a done channel. */
        private static void tickerWithDone() {
            int ticks = Go.run(() -> {
                Chan<Boolean> done = Chan.make();
                Select.RecvCase<Instant> tick = Time.tick(Duration.ofMillis(10)).onRecv();
                Select.RecvCase<Boolean> quit = done.onRecv();
                int seen = 0;
                while (true) {
                    switch (Select.select(quit, tick)) {
                        case 0 -> {
                            return seen;
                        }
                        case 1 -> {
                            assertNotNull(tick.value());
                            if (++seen == 3) {
                                done.close(); // the next select sees it (and maybe one more tick first)
                            }
                        }
                        default -> throw new AssertionError("no such case");
                    }
                }
            });
            assertTrue(ticks >= 3 && ticks <= 4, ticks + " ticks before done");
        }

        /** Go 1.23: a timer channel reports len 0 and cap 0, though a tick is kept for a late receiver. */
        private static void lenCap() {
            Go.run(() -> {
                Chan<Instant> c = Time.tick(Duration.ofMillis(1));
                assertEquals(0, c.cap());
                assertEquals(0, c.len());
                // lenRaw is the value really kept inside: wait until a tick waits there.
                Eventually.until("a tick is waiting in the channel", () -> c.lenRaw() > 0);
                assertEquals(0, c.len(), "len() with a tick waiting");
                assertEquals(0, c.cap(), "cap() with a tick waiting");
                assertNotNull(c.tryRecv(), "the waiting tick is received");
                assertEquals(0, c.len());
            });
        }

        /**
         * Ticks missed while nobody receives are dropped: after many periods there is one to
         * receive (two if one more comes while draining), and the next receive waits for a fresh
         * one. Over a slow receiver's loop, the ticks it gets are far fewer than the periods.
         */
        private static void slowReceiver() {
            Duration period = Duration.ofMillis(10);
            Go.run(() -> {
                Chan<Instant> c = Time.tick(period);
                Go.sleep(period.multipliedBy(30));
                int waiting = drain(c);
                Instant drained = Instant.now();
                assertTrue(waiting >= 1, "no tick waited after 30 periods");
                assertTrue(waiting <= 2, waiting + " ticks were queued for a slow receiver");

                long t0 = System.nanoTime();
                Instant next = c.recv();
                long waited = System.nanoTime() - t0;
                assertFalse(next.isBefore(drained.minus(period)),
                        "the tick after draining is stale: " + next + " drained at " + drained);
                assertTrue(waited < period.toNanos() * 20, "the next tick took " + waited + " ns");

                int rounds = 5;
                int received = 0;
                long start = System.nanoTime();
                for (int r = 0; r < rounds; r++) {
                    Go.sleep(period.multipliedBy(6));
                    int got = drain(c);
                    assertTrue(got <= 2, "round " + r + ": " + got + " ticks were queued");
                    received += got;
                }
                long periods = (System.nanoTime() - start) / period.toNanos();
                assertTrue(received <= 2 * rounds && received < periods / 2,
                        received + " ticks received over " + periods + " periods");
            });
        }

        /** Receives what is ready without waiting; answers how many. */
        private static int drain(Chan<Instant> c) {
            int n = 0;
            while (c.tryRecv() != null) {
                n++;
            }
            return n;
        }
    }
}
