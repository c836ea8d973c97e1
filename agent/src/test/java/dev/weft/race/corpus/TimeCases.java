package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Ticker;
import dev.weft.Time;
import dev.weft.Timer;
import dev.weft.race.Corpus;

import java.time.Duration;

/**
 * The cases of Go's {@code src/runtime/race/testdata/time_test.go}, ported in weft's own words:
 * each keeps the scenario of the Go test of the same name, not its text.
 *
 * <p>The rule they check: a timer's creation, or its reset, is before it fires, whether firing
 * runs a function in a goroutine of its own ({@link Time#afterFunc}) or sends on the timer's
 * channel (the receiver then learns it). Mapping: a variable the Go closures share is a field of
 * a {@link Vars} made by the case; {@code time.NewTimer}, {@code time.NewTicker} and
 * {@code t.C} are {@link Time#newTimer}, {@link Time#newTicker} and {@code c()}; Go's durations
 * of 1 are one nanosecond. Go leaves its tickers running when the test returns; here each case
 * stops its ticker before it returns.
 *
 * <p>Not ported: none; every test of the file maps.
 */
public final class TimeCases implements Corpus.Source {
    /** The variables a Go test's closures share. */
    static final class Vars {
        int v;
    }

    private static final Duration ONE = Duration.ofNanos(1);
    private static final Duration HOUR = Duration.ofHours(1);

    @Override
    public void cases(Corpus k) {
        k.noRace("AfterFunc", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            s.v = 2;
            Time.afterFunc(ONE, () -> {
                s.v = 1;
                c.send(0);
            });
            c.recv();
            s.v = 3;
        });

        // Created far off and stopped; the write is between the stop and the reset that arms it.
        k.noRace("AfterFuncReset", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            Timer t = Time.afterFunc(HOUR, () -> {
                s.v = 1;
                c.send(0);
            });
            t.stop();
            s.v = 2;
            t.reset(ONE);
            c.recv();
            s.v = 3;
        });

        k.noRace("Timer", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            s.v = 2;
            Timer t = Time.newTimer(ONE);
            Go.go(() -> {
                t.c().recv();
                s.v = 1;
                c.send(0);
            });
            c.recv();
            s.v = 3;
        });

        // The receiver was started before the write: only the reset orders the write before it.
        k.noRace("TimerReset", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            Timer t = Time.newTimer(HOUR);
            Go.go(() -> {
                t.c().recv();
                s.v = 1;
                c.send(0);
            });
            t.stop();
            s.v = 2;
            t.reset(ONE);
            c.recv();
            s.v = 3;
        });

        k.noRace("Ticker", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            s.v = 2;
            Ticker t = Time.newTicker(ONE);
            Go.go(() -> {
                t.c().recv();
                s.v = 1;
                c.send(0);
            });
            c.recv();
            s.v = 3;
            t.stop();
        });

        k.noRace("TickerReset", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            Ticker t = Time.newTicker(HOUR);
            Go.go(() -> {
                t.c().recv();
                s.v = 1;
                c.send(0);
            });
            t.stop();
            s.v = 2;
            t.reset(ONE);
            c.recv();
            s.v = 3;
            t.stop();
        });
    }
}
