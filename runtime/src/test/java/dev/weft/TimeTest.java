package dev.weft;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Timers, tickers, {@code After} and {@code AfterFunc} against Go's {@code src/time/sleep_test.go}
 * and {@code tick_test.go}, with Go 1.23 semantics: a timer's channel looks unbuffered, and
 * once {@code stop} or {@code reset} returns no value from before it can be received.
 *
 * <p>Every test stops what it starts: a pending timer keeps the deadlock detector from
 * declaring anything, in every later test of the JVM.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimeTest {
    private static final Duration HOUR = Duration.ofHours(1);

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    /**
     * Waits until a timer created before this call with an earlier deadline has fired: timers of
     * one heap fire in deadline order, so once a later timer's value arrives the earlier one has
     * fired (sent or dropped its value). Used instead of sleeping and hoping.
     */
    @Suspendable
    private static void afterEarlierTimersFired(Duration d) {
        Time.after(d).recv();
    }

    // ---- sleep and after ---------------------------------------------------------------

    @Test
    void sleep_parksForAtLeastTheDuration_shownAsSleep() {
        Duration delay = Duration.ofMillis(100);
        long slept = Go.run(() -> {
            Go.go(() -> Go.sleep(Duration.ofMillis(300)));
            Dumps.awaitParked("sleep", TimeTest.class, 1);
            long start = System.nanoTime();
            Go.sleep(delay);
            return System.nanoTime() - start;
        });
        assertTrue(slept >= delay.toNanos(), "slept for only " + slept + " ns");
    }

    @Test
    void sleep_zeroOrNegative_returnsAtOnce() {
        Go.run(() -> {
            for (int i = 0; i < 100; i++) {
                Go.sleep(Duration.ZERO);
                Go.sleep(Duration.ofMillis(-5));
            }
        });
    }

    @Test
    void after_deliversNoEarlierThanTheDuration_andTheFireTime() {
        // TestAfter.
        Duration delay = Duration.ofMillis(100);
        Go.run(() -> {
            Instant start = Instant.now();
            long t0 = System.nanoTime();
            Instant end = Time.after(delay).recv();
            long took = System.nanoTime() - t0;
            assertTrue(took >= delay.toNanos(), "After(" + delay + ") slept for only " + took + " ns");
            assertFalse(end.isBefore(start.plus(delay).minusMillis(1)), "After(" + delay + ") expect >= " + start.plus(delay) + ", got " + end);
        });
    }

    @Test
    void after_zeroOrNegative_firesAtOnce() {
        Go.run(() -> {
            assertNotNull(Time.after(Duration.ZERO).recv());
            assertNotNull(Time.after(Duration.ofSeconds(-10)).recv());
        });
        // TestOverflowSleep: the most negative duration fires too.
        Go.run(() -> {
            Timer backstop = Time.newTimer(Duration.ofSeconds(5));
            int i = Select.select(Time.after(Duration.ofSeconds(Long.MIN_VALUE)).onRecv(null), backstop.c().onRecv(null));
            backstop.stop();
            assertEquals(0, i, "negative timeout didn't fire");
        });
    }

    @Test
    void timer_hugeDuration_doesNotOverflowIntoAnEarlyFire() {
        // TestOverflowSleep.
        Go.run(() -> {
            Timer big = Time.newTimer(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999));
            int i = Select.select(big.c().onRecv(null), Time.after(Duration.ofMillis(25)).onRecv(null));
            assertEquals(1, i, "big timeout fired");
            assertTrue(big.stop(), "the big timer was still pending");
        });
    }

    @Test
    void after_valueIsTheTimeItFired_notWhenItWasReceived() {
        // TestAfterTimes: the value of After(10ms) read 500ms later is about start+10ms.
        Go.run(() -> {
            Instant start = Instant.now();
            Chan<Instant> c = Time.after(Duration.ofMillis(10));
            Go.sleep(Duration.ofMillis(500));
            Duration dt = Duration.between(start, c.recv());
            assertTrue(dt.compareTo(Duration.ofMillis(400)) < 0, "After(10ms) time is +" + dt + ", want <400ms");
        });
    }

    @Test
    void after_manyTimers_fireInDeadlineOrder() {
        // TestAfterQueuing.
        int[] slots = {5, 3, 6, 6, 6, 1, 1, 2, 7, 9, 4, 8, 0};
        String error = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            Duration delta = Duration.ofMillis(20 + attempt * 50L);
            error = Go.run(() -> afterQueuing(slots, delta));
            if (error == null) {
                return;
            }
        }
        fail(error);
    }

    @Suspendable
    private static String afterQueuing(int[] slots, Duration delta) {
        Chan<Object[]> result = Chan.make(slots.length);
        Instant t0 = Instant.now();
        for (int slot : slots) {
            Chan<Instant> ac = Time.after(delta.multipliedBy(slot));
            Go.go(() -> result.send(new Object[] {slot, ac.recv()}));
        }
        List<Integer> order = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            Object[] r = result.recv();
            order.add((Integer) r[0]);
            times.add((Instant) r[1]);
        }
        for (int i = 1; i < order.size(); i++) {
            if (order.get(i) < order.get(i - 1)) {
                return "After calls returned out of order: " + order;
            }
        }
        for (int i = 0; i < times.size(); i++) {
            Duration dt = Duration.between(t0, times.get(i));
            Duration target = delta.multipliedBy(order.get(i));
            if (dt.compareTo(target.minus(delta.dividedBy(2))) < 0 || dt.compareTo(target.plus(delta.multipliedBy(10))) > 0) {
                return "After(" + target + ") arrived at " + dt;
            }
        }
        return null;
    }

    // ---- Timer: stop and reset (Go 1.23) ---------------------------------------------------

    @Test
    void timerChannel_lenAndCap_areZero_evenWithAValuePending() {
        Timer t = Time.newTimer(Duration.ZERO);
        Go.run(() -> afterEarlierTimersFired(Duration.ofMillis(20)));
        assertEquals(0, t.c().cap(), "Go 1.23: a timer's channel is unbuffered");
        assertEquals(0, t.c().len(), "Go 1.23: len of a timer's channel is always 0");
        assertNotNull(t.c().tryRecv(), "the fired value is still there to receive");
    }

    @Test
    void stop_beforeTheTimerFires_returnsTrue_andNothingIsEverSent() {
        // TestAfterStop.
        Go.run(() -> {
            Timer t0 = Time.newTimer(Duration.ofMillis(50));
            Chan<Boolean> c1 = Chan.make(1);
            Timer t1 = Time.afterFunc(Duration.ofMillis(150), () -> c1.send(true));
            Chan<Instant> c2 = Time.after(Duration.ofMillis(200));
            assertTrue(t0.stop(), "failed to stop event 0");
            assertTrue(t1.stop(), "failed to stop event 1");
            c2.recv();
            assertNull(t0.c().tryRecv(), "event 0 was not stopped");
            assertNull(c1.tryRecv(), "event 1 was not stopped");
            assertFalse(t1.stop(), "Stop returned true twice");
            assertFalse(t0.stop(), "Stop returned true twice");
        });
    }

    @Test
    void stop_afterFiringButBeforeTheValueIsReceived_returnsTrue_andDropsTheStaleValue() {
        // Go 1.23: the timer is not really done until its value is received.
        Go.run(() -> {
            Timer t = Time.newTimer(Duration.ofNanos(1));
            afterEarlierTimersFired(Duration.ofMillis(10));
            assertTrue(t.stop(), "Stop() of a fired but unreceived timer = false, want true");
            assertNull(t.c().tryRecv(), "a stale value was received after Stop");
            afterEarlierTimersFired(Duration.ofMillis(10));
            assertNull(t.c().tryRecv(), "a value was sent after Stop");
            assertFalse(t.stop());
        });
    }

    @Test
    void reset_afterFiringButBeforeTheValueIsReceived_returnsTrue_andDropsTheStaleValue() {
        Go.run(() -> {
            Timer t = Time.newTimer(Duration.ofNanos(1));
            afterEarlierTimersFired(Duration.ofMillis(10));
            assertTrue(t.reset(HOUR), "Reset of a fired but unreceived timer = false, want true");
            assertNull(t.c().tryRecv(), "a stale value was received after Reset");
            assertTrue(t.reset(Duration.ofNanos(1)), "Reset of a pending timer = false, want true");
            assertNotNull(t.c().recv(), "the reset timer fires");
            afterEarlierTimersFired(Duration.ofMillis(10));
            assertNull(t.c().tryRecv(), "a one-shot timer sent twice");
            assertFalse(t.reset(HOUR), "Reset of a fired and received timer = true, want false");
            assertTrue(t.stop());
        });
    }

    @Test
    void reset_pendingTimer_returnsTrue_movesTheDeadline_andExpiredTimer_returnsFalse() {
        // testReset, retried with longer units on slow machines.
        String error = "not run";
        for (long unit : new long[] {25, 75, 175, 375}) {
            error = Go.run(() -> reset(Duration.ofMillis(unit)));
            if (error == null) {
                return;
            }
        }
        fail(error);
    }

    @Suspendable
    private static String reset(Duration d) {
        Timer t0 = Time.newTimer(d.multipliedBy(2));
        try {
            Go.sleep(d);
            if (!t0.reset(d.multipliedBy(3))) {
                return "resetting unfired timer returned false";
            }
            Go.sleep(d.multipliedBy(2));
            if (t0.c().tryRecv() != null) {
                return "timer fired early";
            }
            Go.sleep(d.multipliedBy(2));
            if (t0.c().tryRecv() == null) {
                return "reset timer did not fire";
            }
            if (t0.reset(Duration.ofMillis(50))) {
                return "resetting expired timer returned true";
            }
            return null;
        } finally {
            t0.stop();
        }
    }

    @Test
    void reset_whileAGoroutineIsBlockedOnTheChannel_deliversAtTheNewDeadline() {
        // From testTimerChan: stop and reset while a receiver waits on C.
        Go.run(() -> {
            Timer tim = Time.newTimer(HOUR);
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                tim.c().recv();
                done.close();
            });
            Dumps.awaitParked("chan receive", TimeTest.class, 1);
            tim.reset(Duration.ofSeconds(20_000));
            assertNull(done.tryRecv());
            assertFalse(done.isClosed(), "early done");
            tim.reset(Duration.ofNanos(1));
            done.recv();
            assertNull(tim.c().tryRecv(), "a timer sent twice");
            tim.stop();
        });
    }

    @Test
    void reset_withTwoSelectsWaiting_deliversToExactlyOne() {
        Go.run(() -> {
            Timer tim = Time.newTimer(HOUR);
            Chan<Boolean> done = Chan.make(2);
            Chan<Boolean> stop = Chan.make();
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 2; i++) {
                wg.add(1);
                Go.go(() -> {
                    Select.select(tim.c().onRecv(v -> done.send(true)), stop.onRecv(null));
                    wg.done();
                });
            }
            Dumps.awaitParked("select", TimeTest.class, 2);
            assertNull(done.tryRecv());
            tim.reset(Duration.ofMillis(5));
            done.recv();
            tim.stop();
            stop.close();
            wg.await();
            assertNull(done.tryRecv(), "a one-shot timer woke two receivers");
        });
    }

    @Test
    void stop_withSelectsWaitingOnTheStoppedTimer_neverDeliversAValue() {
        // "Test enqueueTimerChan when timer is stopped."
        Go.run(() -> {
            Timer tim = Time.newTimer(HOUR);
            tim.stop();
            Chan<Boolean> stop = Chan.make();
            Chan<String> done = Chan.make(2);
            for (int i = 0; i < 2; i++) {
                Go.go(() -> Select.select(tim.c().onRecv(v -> done.send("unexpected data")), stop.onRecv(v -> done.send("stopped"))));
            }
            Dumps.awaitParked("select", TimeTest.class, 2);
            stop.close();
            assertEquals("stopped", done.recv());
            assertEquals("stopped", done.recv());
        });
    }

    @Test
    void timer_stoppedThenResetMany_noStaleValues() {
        // The last block of testTimerChan (synctimerchan): Stop and Reset block old values.
        Go.run(() -> {
            Timer tim = Time.newTimer(HOUR);
            tim.reset(Duration.ofNanos(1));
            afterEarlierTimersFired(Duration.ofMillis(10));
            assertTrue(tim.stop(), "tim.Stop() = false, want true");
            assertNull(tim.c().tryRecv(), "extra tick");
            tim.reset(HOUR);
            assertNull(tim.c().tryRecv(), "extra tick");
            assertTrue(tim.reset(Duration.ofNanos(1)), "tim.Reset() = false, want true");
            assertNotNull(tim.c().recv(), "missing tick");
            afterEarlierTimersFired(Duration.ofMillis(10));
            assertNull(tim.c().tryRecv(), "extra tick");
            assertFalse(tim.reset(HOUR), "tim.Reset() = true, want false");
            assertNull(tim.c().tryRecv(), "extra tick");
            tim.stop();
        });
    }

    @Test
    void stopAndReset_stress_neverDeliverAValueFromBeforeThem() {
        // A value may arrive only from an arming made after the last stop.
        AtomicInteger stale = new AtomicInteger();
        Go.run(() -> {
            Timer t = Time.newTimer(Duration.ofNanos(1));
            for (int i = 0; i < 2000; i++) {
                if (i % 3 == 0) {
                    Go.yield();
                }
                t.stop();
                if (t.c().tryRecv() != null) {
                    stale.incrementAndGet();
                }
                t.reset(Duration.ofNanos(i % 5 == 0 ? 1 : 50_000));
            }
            t.stop();
            if (t.c().tryRecv() != null) {
                stale.incrementAndGet();
            }
        });
        assertEquals(0, stale.get(), "values received after Stop returned");
    }

    // ---- AfterFunc ------------------------------------------------------------------------

    @Test
    void afterFunc_runsTheFunctionInItsOwnGoroutine_andHasNoChannel() {
        Chan<Boolean> inGoroutine = Chan.make(1);
        Timer t = Time.afterFunc(Duration.ZERO, () -> inGoroutine.send(Go.inGoroutine()));
        assertNull(t.c(), "an AfterFunc timer has no channel");
        assertTrue(inGoroutine.recv(), "f runs in a goroutine");
        assertFalse(t.stop(), "f already started: nothing to stop");
    }

    @Test
    void afterFunc_functionMayBlock_andMayStartTimersItself() {
        // TestAfterFunc: f re-arms itself ten times, each time blocking in a sleep.
        Chan<Boolean> c = Chan.make();
        AtomicInteger i = new AtomicInteger(10);
        SuspendableRunnable[] f = new SuspendableRunnable[1];
        f[0] = () -> {
            if (i.decrementAndGet() >= 0) {
                Time.afterFunc(Duration.ZERO, f[0]);
                Go.sleep(Duration.ofMillis(20));
            } else {
                c.send(true);
            }
        };
        Go.run(() -> {
            Time.afterFunc(Duration.ZERO, f[0]);
            c.recv();
        });
        assertEquals(-1, i.get());
    }

    @Test
    void afterFunc_stoppedBeforeItFires_neverRuns() {
        // TestTimerStopStress, shortened.
        AtomicInteger ran = new AtomicInteger();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 100; i++) {
                wg.add(1);
                Go.go(() -> {
                    Timer timer = Time.afterFunc(Duration.ofMillis(400), ran::incrementAndGet);
                    Go.sleep(Duration.ofMillis(100));
                    assertTrue(timer.stop(), "stop of a pending AfterFunc timer");
                    wg.done();
                });
            }
            wg.await();
            Go.sleep(Duration.ofMillis(500));
        });
        assertEquals(0, ran.get(), "stopped AfterFunc timers ran");
    }

    @Test
    void afterFunc_reset_runsTheFunctionAgain() {
        AtomicInteger ran = new AtomicInteger();
        Chan<Integer> runs = Chan.make(2);
        Go.run(() -> {
            Timer t = Time.afterFunc(Duration.ZERO, () -> runs.send(ran.incrementAndGet()));
            assertEquals(1, runs.recv());
            assertFalse(t.reset(Duration.ofMillis(1)), "Reset of an AfterFunc timer whose f started = true");
            assertEquals(2, runs.recv());
        });
    }

    // ---- Ticker ----------------------------------------------------------------------------

    @Test
    void newTicker_nonPositivePeriod_throwsIllegalArgumentException() {
        assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Time.newTicker(Duration.ofMillis(-1)));
    }

    @Test
    void tickerReset_nonPositivePeriod_throwsIllegalArgumentException() {
        Ticker t = Time.newTicker(HOUR);
        try {
            assertThrows(IllegalArgumentException.class, () -> t.reset(Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> t.reset(Duration.ofSeconds(-1)));
        } finally {
            t.stop();
        }
    }

    @Test
    void ticker_ticksEveryPeriod() {
        // TestTicker.
        int count = 10;
        Duration delta = Duration.ofMillis(20);
        long took = Go.run(() -> {
            Ticker ticker = Time.newTicker(delta);
            try {
                long t0 = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    assertNotNull(ticker.c().recv());
                }
                return System.nanoTime() - t0;
            } finally {
                ticker.stop();
            }
        });
        long target = delta.toNanos() * count;
        assertTrue(took >= target * 9 / 10, count + " ticks of " + delta + " too fast: took " + took + " ns");
        assertTrue(took < target * 10, count + " ticks of " + delta + " too slow: took " + took + " ns");
    }

    @Test
    void ticker_slowReceiver_dropsTicksInsteadOfQueueingThem() {
        // TestTickTimes, and Go's "adjusts the intervals or drops ticks to make up for slow receivers".
        Go.run(() -> {
            Duration period = Duration.ofMillis(50);
            Instant start = Instant.now();
            Ticker ticker = Time.newTicker(period);
            try {
                Go.sleep(Duration.ofMillis(600)); // about twelve periods without receiving
                Instant first = ticker.c().tryRecv();
                assertNotNull(first, "a tick is ready");
                assertTrue(Duration.between(start, first).compareTo(Duration.ofMillis(400)) < 0,
                        "the first tick was sent long ago, not just now: +" + Duration.between(start, first));
                int more = 0;
                while (ticker.c().tryRecv() != null) {
                    more++;
                }
                assertTrue(more <= 1, more + " more ticks were queued for the slow receiver");
                assertEquals(0, ticker.c().len());
            } finally {
                ticker.stop();
            }
        });
    }

    @Test
    void tickerStop_noTickIsReceivedAfterStopReturns() {
        Go.run(() -> {
            for (int i = 0; i < 50; i++) {
                Ticker ticker = Time.newTicker(Duration.ofNanos(100_000));
                ticker.c().recv();
                if (i % 2 == 0) {
                    afterEarlierTimersFired(Duration.ofMillis(1)); // a tick is likely waiting
                }
                ticker.stop();
                assertNull(ticker.c().tryRecv(), "a stale tick was received after Stop");
                afterEarlierTimersFired(Duration.ofMillis(2));
                assertNull(ticker.c().tryRecv(), "a tick was sent after Stop");
            }
        });
    }

    @Test
    void tickerReset_changesThePeriod_andDropsAStaleTick() {
        Go.run(() -> {
            Ticker ticker = Time.newTicker(Duration.ofNanos(1));
            try {
                afterEarlierTimersFired(Duration.ofMillis(10));
                ticker.reset(HOUR);
                assertNull(ticker.c().tryRecv(), "a stale tick survived Reset");
                ticker.reset(Duration.ofMillis(10));
                assertNotNull(ticker.c().recv());
                assertNotNull(ticker.c().recv(), "a ticker keeps ticking");
            } finally {
                ticker.stop();
            }
        });
    }

    @Test
    void ticker_afterStop_canBeResetToTickAgain() {
        Go.run(() -> {
            Ticker ticker = Time.newTicker(HOUR);
            ticker.stop();
            ticker.reset(Duration.ofMillis(5));
            try {
                assertNotNull(ticker.c().recv());
            } finally {
                ticker.stop();
            }
        });
    }

    @Test
    void timers_pendingOrStopped_doNotHideADeadlock() {
        // A stopped timer no longer counts as something that may wake the program.
        Timer t = Time.newTimer(HOUR);
        Ticker k = Time.newTicker(HOUR);
        Timer f = Time.afterFunc(HOUR, () -> { });
        assertTrue(t.stop());
        k.stop();
        assertTrue(f.stop());
        assertThrows(DeadlockException.class, () -> Bounded.run(() -> {
            Chan.make().recv();
        }), "a stopped timer kept the deadlock from being detected");
    }
}
