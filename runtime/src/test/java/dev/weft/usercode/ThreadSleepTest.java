package dev.weft.usercode;

import dev.weft.Go;
import dev.weft.WaitGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Thread.sleep} and {@code TimeUnit.sleep} written in rewritten code park the goroutine,
 * as they do a virtual thread: a sleeping goroutine holds no carrier, and the JDK's meaning
 * (interrupt status, argument checks, at least the time asked) is kept.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadSleepTest {
    @Test
    void threadSleep_inManyGoroutines_parksThemAll() {
        // 2,000 goroutines in Thread.sleep / TimeUnit.sleep are all parked (the dump says "sleep")
        // at once: none holds a carrier, so no carrier had to be handed off for them.
        int n = 2_000;
        int parkedAtOnce = Go.run(() -> {
            WaitGroup done = new WaitGroup();
            done.add(n);
            for (int i = 0; i < n; i++) {
                boolean unit = i % 2 == 0;
                Go.go(() -> {
                    try {
                        if (unit) {
                            TimeUnit.MILLISECONDS.sleep(2_000);
                        } else {
                            Thread.sleep(2_000);
                        }
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    done.done();
                });
            }
            int most = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (most < n && System.nanoTime() < deadline) {
                most = Math.max(most, sleeping(Go.dump()));
                Go.sleep(Duration.ofMillis(20));
            }
            done.await();
            return most;
        });
        assertTrue(parkedAtOnce >= n, "at most " + parkedAtOnce + " of " + n + " goroutines in Thread.sleep were parked at once");
    }

    private static int sleeping(String dump) {
        int count = 0;
        for (int at = dump.indexOf(" [sleep]:"); at >= 0; at = dump.indexOf(" [sleep]:", at + 1)) {
            count++;
        }
        return count;
    }

    private static final Object MONITOR = new Object();

    @Test
    void threadSleep_insideSynchronized_isTheJdksSleep() {
        // Parking inside a held monitor would pin; the JDK's own sleep runs instead and the
        // goroutine shows as running while it holds its carrier.
        String state = Go.run(() -> {
            WaitGroup inside = new WaitGroup();
            inside.add(1);
            WaitGroup done = new WaitGroup();
            done.add(1);
            Go.go(() -> {
                synchronized (MONITOR) {
                    inside.done();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
                done.done();
            });
            inside.await();
            Go.sleep(Duration.ofMillis(50));
            String dump = Go.dump();
            done.await();
            return dump;
        });
        assertEquals(0, sleeping(state), "a goroutine parked in a sleep inside synchronized:\n" + state);
    }

    @Test
    void threadSleep_sleepsAtLeastTheTimeAsked() {
        long took = Go.run(() -> {
            long t0 = System.nanoTime();
            try {
                Thread.sleep(50, 500_000);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return System.nanoTime() - t0;
        });
        assertTrue(took >= 50_500_000L, "slept " + took + " ns");
    }

    @Test
    void threadSleep_withTheInterruptStatusSet_throwsAndClearsIt() {
        boolean[] cleared = new boolean[1];
        InterruptedException e = Go.run(() -> {
            Thread.currentThread().interrupt();
            try {
                Thread.sleep(10_000);
                return null;
            } catch (InterruptedException caught) {
                cleared[0] = !Thread.currentThread().isInterrupted();
                return caught;
            }
        });
        assertEquals("sleep interrupted", e.getMessage());
        assertTrue(cleared[0], "the interrupt status is cleared when sleep throws");
    }

    @Test
    void threadSleep_badArguments_throwAsTheJdkDoes() {
        IllegalArgumentException negative = Go.run(() -> assertThrows(IllegalArgumentException.class, () -> Thread.sleep(-1)));
        assertEquals("timeout value is negative", negative.getMessage());
        IllegalArgumentException nanos = Go.run(() -> assertThrows(IllegalArgumentException.class, () -> Thread.sleep(1, 1_000_000)));
        assertEquals("nanosecond timeout value out of range", nanos.getMessage());
    }

    @Test
    void timeUnitSleep_notPositive_returnsAtOnceAndLeavesTheInterruptStatus() {
        boolean stillInterrupted = Go.run(() -> {
            Thread.currentThread().interrupt();
            try {
                TimeUnit.SECONDS.sleep(0);
            } catch (InterruptedException e) {
                throw new AssertionError("TimeUnit.sleep(0) does not sleep, so it does not look at the interrupt status", e);
            }
            return Thread.interrupted();
        });
        assertTrue(stillInterrupted);
    }

    @Test
    void threadSleep_onAPlainThread_isTheJdksSleep() throws Exception {
        long t0 = System.nanoTime();
        sleepFromRewrittenCodeOnThisThread();
        assertTrue(System.nanoTime() - t0 >= 20_000_000L);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, ThreadSleepTest::sleepFromRewrittenCodeOnThisThread);
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @dev.weft.Suspendable
    private static void sleepFromRewrittenCodeOnThisThread() throws InterruptedException {
        Thread.sleep(Duration.ofMillis(20).toMillis());
    }
}
