package dev.weft;

import java.time.Duration;
import java.time.Instant;

/** Go's {@code time} package: timers, tickers and {@code After}, on the scheduler's per-P timers. */
public final class Time {
    private Time() {}

    /** A channel that receives the time once {@code d} has passed ({@code d <= 0}: at once). */
    public static Chan<Instant> after(Duration d) {
        return newTimer(d).c();
    }

    /** A timer that sends the time on its channel once {@code d} has passed. */
    public static Timer newTimer(Duration d) {
        Timer t = new Timer(Chan.timerChannel(), null, 0);
        t.start(d);
        return t;
    }

    /**
     * A ticker sending the time every {@code d}.
     *
     * @throws IllegalArgumentException if {@code d} is not positive
     */
    public static Ticker newTicker(Duration d) {
        return new Ticker(d, "NewTicker");
    }

    /**
     * Go's {@code time.Tick}: the channel of a ticker that is never stopped. Like a ticker's, it
     * drops ticks a slow receiver is not ready for. The ticker ticks for as long as the JVM
     * runs, even once nothing refers to the channel (Go's {@code Tick} before Go 1.23, whose
     * collector now reclaims it): call it once, not in a loop, or use {@link #newTicker} and stop it.
     *
     * @throws IllegalArgumentException if {@code d} is not positive
     */
    public static Chan<Instant> tick(Duration d) {
        return new Ticker(d, "Tick").c();
    }

    /** A timer that runs {@code f} in its own goroutine once {@code d} has passed; its {@code c()} is null. */
    public static Timer afterFunc(Duration d, SuspendableRunnable f) {
        if (f == null) {
            throw new NullPointerException("afterFunc: f is null");
        }
        Timer t = new Timer(null, f, 0);
        t.start(d);
        return t;
    }
}
