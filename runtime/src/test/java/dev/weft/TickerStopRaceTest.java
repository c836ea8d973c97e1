package dev.weft;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code Ticker.stop} and {@code reset} racing the ticks of very fast tickers. A carrier re-arms
 * a periodic timer each time it fires; a stop (or a reset's stop) that runs on another carrier
 * at that moment must still take the timer out of its heap, or the ticker keeps ticking after
 * {@code stop} returns, a reset arms it a second time, and the pending timer keeps the deadlock
 * detector from ever giving its verdict.
 *
 * <p>Each test ends with the verdict: once every ticker is stopped, a main goroutine that
 * waits for nothing must be declared deadlocked. A ticker left in a heap turns that into a
 * timeout, so every test here is bounded by {@link Bounded}.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TickerStopRaceTest {
    /** Short enough that a ticker is due again nearly every time a carrier looks at its heap. */
    private static final Duration FAST = Duration.ofNanos(1_000);
    private static final int TICKERS = 64;
    private static final int ROUNDS = 1000;

    /** More carriers than cores: one is often descheduled by the OS in the middle of a re-arm. */
    private static final int PROCS = 8;
    private int procsBefore;

    @BeforeEach
    void manyCarriers() {
        Dumps.ignoreExisting();
        procsBefore = Go.maxProcs(PROCS);
    }

    @AfterEach
    void restoreCarriers() {
        Go.maxProcs(procsBefore);
    }

    @Test
    void stopWhileTicking_thenResetAndStop_leavesNothingArmed_andTheDeadlockVerdictComes() {
        // Made on this plain thread, every ticker starts in the first P's heap: the carriers
        // that fire them are rarely the ones running the goroutines that stop them.
        List<Ticker> tickers = new ArrayList<>();
        for (int i = 0; i < TICKERS; i++) {
            tickers.add(Time.newTicker(FAST));
        }
        AtomicInteger lateTicks = new AtomicInteger();
        assertThrows(DeadlockException.class, () -> Bounded.within(Duration.ofSeconds(30), () -> {
            Go.run(() -> {
                WaitGroup wg = new WaitGroup();
                for (Ticker t : tickers) {
                    wg.add(1);
                    Go.go(() -> {
                        for (int r = 0; r < ROUNDS; r++) {
                            Go.yield(); // to another P, while carriers keep re-arming it
                            t.stop();
                            if (t.c().tryRecv() != null) {
                                lateTicks.incrementAndGet();
                            }
                            t.reset(FAST); // armed twice if the stop left it in its heap
                        }
                        t.stop();
                        wg.done();
                    });
                }
                wg.await();
                // Many periods of every ticker pass while this waits: one left armed delivers.
                Time.after(Duration.ofMillis(20)).recv();
                for (Ticker t : tickers) {
                    if (t.c().tryRecv() != null) {
                        lateTicks.incrementAndGet();
                    }
                }
                Chan.<Integer>make().recv(); // nothing can wake this: the verdict
            });
            return null;
        }));
        assertEquals(0, lateTicks.get(), "ticks were delivered after stop() returned");
    }

    @Test
    void stoppedTicker_neverDeliversAfterStopReturns_andTheDeadlockVerdictComes() {
        AtomicInteger lateTicks = new AtomicInteger();
        assertThrows(DeadlockException.class, () -> Bounded.within(Duration.ofSeconds(30), () -> {
            Go.run(() -> {
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < TICKERS; i++) {
                    wg.add(1);
                    Go.go(() -> {
                        for (int r = 0; r < ROUNDS; r++) {
                            Ticker t = Time.newTicker(FAST);
                            t.c().recv();
                            t.stop();
                            Instant late = t.c().tryRecv();
                            // A tick sent after stop would wait in the channel for this receive.
                            Time.after(Duration.ofNanos(50_000)).recv();
                            if (late != null || t.c().tryRecv() != null) {
                                lateTicks.incrementAndGet();
                            }
                        }
                        wg.done();
                    });
                }
                wg.await();
                Chan.<Integer>make().recv();
            });
            return null;
        }));
        assertEquals(0, lateTicks.get(), "ticks were delivered after stop() returned");
    }
}
