package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Mutex;
import dev.weft.Suspendable;
import dev.weft.race.Corpus;

import java.lang.ref.Cleaner;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code src/runtime/race/testdata/reflect_test.go}, {@code io_test.go} and
 * {@code finalizer_test.go}, ported to weft in weft's own words: the scenarios are Go's, the
 * code is not.
 *
 * <p>Reflection: Go's {@code reflect.Value} {@code Set}/{@code Int} on a variable are
 * {@link Field} {@code set}/{@code getInt} on a field; {@code reflect.Copy} of a slice is an
 * element-by-element copy through {@link Array} {@code get}/{@code set}.
 *
 * <p>Finalizers and cleanups: Go's {@code runtime.SetFinalizer} and {@code runtime.AddCleanup}
 * are both a {@link Cleaner} action here (Java's finalizers are deprecated, and a cleaning action
 * cannot reach the object it cleans, so it works on a state object, as an {@code AddCleanup}
 * argument does). The object is made and dropped inside {@link #onGarbage}, so that no frame of
 * the case keeps it alive. Go's {@code runtime.GC(); time.Sleep(...)} becomes
 * {@link #awaitCleanups}: it collects garbage until the actions have run, watching only
 * {@code len} of the channel they signal on, which orders nothing; should the collector not run
 * them in time, it runs them itself through {@code Cleanable.clean} on fresh threads, so the
 * case always ends with its actions done and never decides its verdict by waiting.
 *
 * <p>Not ported:
 * <ul>
 * <li>{@code TestNoRaceIOFile}, {@code TestNoRaceIOHttp} (io_test.go): both rest on Go's race
 *     runtime ordering every I/O write before every later read (its global {@code ioSync});
 *     Java orders no file or socket I/O and weft's race mode adds no such edge (DESIGN: "Net
 *     does not synchronize goroutines"), so a port would test the opposite of Go's point.</li>
 * <li>{@code TestNoRaceFin} (finalizer_test.go): with a cleaning action, which cannot reach
 *     the object it cleans, it is the same scenario as {@code TestNoRaceCleanup}, ported as
 *     {@code Cleanup}.</li>
 * </ul>
 */
public final class MiscCases implements Corpus.Source {

    /** A variable to reach reflectively. */
    static final class Cell {
        int i;
    }

    /** A heap string, Go's {@code new(string)}. */
    static final class Str {
        String s;
    }

    /** Go's {@code finVar}: a counter and the mutex that guards it. */
    static final class FinVar {
        final Mutex mu = new Mutex();
        int cnt;
    }

    static final FinVar FIN_VAR = new FinVar();

    static final Field CELL_I;

    static {
        try {
            CELL_I = Cell.class.getDeclaredField("i");
        } catch (NoSuchFieldException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Go's {@code reflect.Copy(dst, src)} on two arrays, one element at a time. */
    static void reflectCopy(Object dst, Object src) {
        int n = Math.min(Array.getLength(dst), Array.getLength(src));
        for (int i = 0; i < n; i++) {
            Array.set(dst, i, Array.get(src, i));
        }
    }

    /** Registers {@code action} for an object made here and dropped at once. */
    static Cleaner.Cleanable onGarbage(Cleaner cleaner, Runnable action) {
        return cleaner.register(new Object(), action);
    }

    /**
     * Waits until {@code ran} holds {@code n} values (each action sends one as its last step),
     * collecting garbage meanwhile. It looks only at {@code ran.len()}, which orders nothing, so
     * it adds no edge from the actions to this goroutine. If the collector has not run them all
     * in time, each cleanable's {@code clean} is called on a fresh thread ({@code clean} runs an
     * action at most once, so one the collector took meanwhile is not run twice). Returns those
     * threads, for the case to join once the verdict no longer depends on ordering.
     */
    @Suspendable
    static List<Thread> awaitCleanups(Chan<Boolean> ran, int n, Cleaner.Cleanable... cleanables) {
        List<Thread> helpers = new ArrayList<>();
        for (int round = 0; round < 100 && ran.len() < n; round++) {
            System.gc();
            Go.sleep(Duration.ofMillis(20));
        }
        if (ran.len() < n) {
            for (Cleaner.Cleanable k : cleanables) {
                Thread t = new Thread(k::clean, "cleanup in place of the collector");
                t.setDaemon(true);
                t.start();
                helpers.add(t);
            }
        }
        for (int round = 0; round < 1000 && ran.len() < n; round++) {
            Go.sleep(Duration.ofMillis(10));
        }
        if (ran.len() < n) {
            throw new AssertionError("the cleaning actions did not run");
        }
        return helpers;
    }

    static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    @Override
    public void cases(Corpus c) {
        // --- reflect_test.go ---
        c.race("ReflectRW", () -> {
            Cell cell = new Cell();
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                CELL_I.set(cell, 1);
                done.send(true);
            });
            int seen = CELL_I.getInt(cell);
            done.recv();
        });
        c.race("ReflectWW", () -> {
            Cell cell = new Cell();
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                CELL_I.set(cell, 1);
                done.send(true);
            });
            CELL_I.set(cell, 2);
            done.recv();
        });
        c.race("ReflectCopyWW", () -> {
            // both copy the array onto itself: each writes every element
            byte[] a = new byte[2];
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                reflectCopy(a, a);
                done.send(true);
            });
            reflectCopy(a, a);
            done.recv();
        });

        // --- finalizer_test.go ---
        c.noRace("FinGlobal", () -> {
            // the action and main both count under the mutex, in whichever order they come
            Cleaner cleaner = Cleaner.create();
            Chan<Boolean> ran = Chan.make(1);
            Chan<Cleaner.Cleanable> registered = Chan.make();
            Go.go(() -> registered.send(onGarbage(cleaner, () -> {
                FIN_VAR.mu.lock();
                FIN_VAR.cnt++;
                FIN_VAR.mu.unlock();
                ran.send(true);
            })));
            Cleaner.Cleanable k = registered.recv();
            System.gc();
            FIN_VAR.mu.lock();
            FIN_VAR.cnt++;
            FIN_VAR.mu.unlock();
            joinAll(awaitCleanups(ran, 1, k));
        });
        c.race("Fin", () -> {
            // the action writes y, and main writes it after the action ran, with nothing between
            Cleaner cleaner = Cleaner.create();
            Str y = new Str();
            Chan<Boolean> ran = Chan.make(1);
            Chan<Cleaner.Cleanable> registered = Chan.make();
            Go.go(() -> registered.send(onGarbage(cleaner, () -> {
                y.s = "42";
                ran.send(true);
            })));
            Cleaner.Cleanable k = registered.recv();
            List<Thread> helpers = awaitCleanups(ran, 1, k);
            y.s = "66";
            joinAll(helpers);
        });
        c.noRace("Cleanup", () -> {
            // Go orders AddCleanup before the cleanup runs; the goroutine writes y after registering
            Cleaner cleaner = Cleaner.create();
            Str y = new Str();
            Chan<Boolean> ran = Chan.make(1);
            Chan<Cleaner.Cleanable> registered = Chan.make();
            Go.go(() -> {
                Cleaner.Cleanable k = onGarbage(cleaner, () -> {
                    y.s = "foo";
                    ran.send(true);
                });
                y.s = "bar";
                registered.send(k);
            });
            Cleaner.Cleanable k = registered.recv();
            joinAll(awaitCleanups(ran, 1, k));
        }).knownFailure("weft orders a Cleaner's action after its registration, as Cleaner's javadoc "
                + "promises, not after what the registering goroutine does next (Go's cleanup goroutine "
                + "acquires every clock), so the write after registering is reported");
        c.race("BetweenCleanups", () -> {
            // two Cleaners, two threads: Go runs cleanups concurrently, one Cleaner would run them in turn
            Box shared = new Box();
            Cleaner first = Cleaner.create();
            Cleaner second = Cleaner.create();
            Chan<Boolean> ran = Chan.make(2);
            Cleaner.Cleanable k0 = onGarbage(first, () -> {
                shared.v = 0;
                ran.send(true);
            });
            Cleaner.Cleanable k1 = onGarbage(second, () -> {
                shared.v = 0;
                ran.send(true);
            });
            joinAll(awaitCleanups(ran, 2, k0, k1));
        });
    }

    /** Go's {@code new(int)}. */
    static final class Box {
        int v;
    }
}
