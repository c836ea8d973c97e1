package dev.weft;

import java.time.Duration;

/**
 * Go's {@code time.Ticker}: sends the time on its channel every period. A slow receiver misses
 * ticks rather than receiving a burst: at most one value waits, and none survives {@link #stop}
 * or {@link #reset} (Go 1.23).
 */
public final class Ticker {
    private final Chan<java.time.Instant> c = Chan.timerChannel();
    private final Timer timer;

    /** {@code what} names the caller in the error for a bad period: {@code NewTicker} or {@code Tick}. */
    Ticker(Duration d, String what) {
        long period = positive(d, what);
        this.timer = new Timer(c, null, period);
        timer.start(d);
    }

    public Chan<java.time.Instant> c() {
        return c;
    }

    /** Stops the ticker; no tick is sent after this returns. */
    public void stop() {
        timer.stop();
    }

    /**
     * Stops the ticker and restarts it with period {@code d}.
     *
     * @throws IllegalArgumentException if {@code d} is not positive
     */
    public void reset(Duration d) {
        long period = positive(d, "Ticker.Reset");
        timer.resetPeriod(d, period);
    }

    private static long positive(Duration d, String what) {
        long n = Timer.nanos(d);
        if (n <= 0) {
            throw new IllegalArgumentException("non-positive interval for " + what + ": " + d);
        }
        return n;
    }
}
