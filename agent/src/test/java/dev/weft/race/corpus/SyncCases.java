package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Cond;
import dev.weft.Go;
import dev.weft.Mutex;
import dev.weft.RWMutex;
import dev.weft.Suspendable;
import dev.weft.Time;
import dev.weft.Timer;
import dev.weft.race.Corpus;

import java.time.Duration;

/**
 * The cases of Go's {@code src/runtime/race/testdata/sync_test.go}, ported in weft's own words:
 * each keeps the scenario of the Go test of the same name, not its text.
 *
 * <p>Mapping: a variable the Go closures share is a field of a {@link Vars} made by the case;
 * {@code sync.NewCond(&mu)} is {@code new Cond(mu)}; {@code time.AfterFunc} is
 * {@link Time#afterFunc}, whose function runs in a goroutine of its own, ordered after the
 * timer's creation. Go's closures that refer to themselves are {@code @Suspendable} helpers.
 * <ul>
 *   <li>{@code RaceCond}: Go sleeps so that main has left its wait loop before the goroutine
 *       locks again; here main tells the goroutine so on a channel, sent after main's unlock and
 *       before its racy write, so the interleaving is certain and still leaves the two writes
 *       unordered.
 *   <li>{@code NoRaceAfterFunc2}: Go stops the timer and returns, maybe while the function runs;
 *       here, if {@code stop} says the function was already started, the case waits for it.
 *   <li>{@code NoRaceNilMutexCrash}: Go calls {@code RLock} on a nil {@code *RWMutex}, which
 *       panics inside the race runtime's bookkeeping. In Java the call on null throws before any
 *       of weft runs, so the case adds weft's nearest thing, an {@code rUnlock} that throws from
 *       inside {@link RWMutex}; after each, a mutex must still work and report nothing.
 *   <li>{@code RaceAnnounceThreads} and {@code RaceGoroutineCreationStack} exist in Go for a
 *       person to read the goroutine creation stacks of the report; here only their verdict is
 *       checked.
 * </ul>
 *
 * <p>Not ported: none; every test of the file maps.
 */
public final class SyncCases implements Corpus.Source {
    /** The variables a Go test's closures share. */
    static final class Vars {
        int x;
        int condition;
        int i;
        int panics;
    }

    private static final Duration SHORT = Duration.ofMillis(10);

    @Override
    public void cases(Corpus k) {
        k.noRace("Cond", () -> {
            Vars s = new Vars();
            Mutex mu = new Mutex();
            Cond cond = new Cond(mu);
            Go.go(() -> {
                s.x = 1;
                mu.lock();
                s.condition = 1;
                cond.signal();
                mu.unlock();
            });
            mu.lock();
            while (s.condition != 1) {
                cond.await();
            }
            mu.unlock();
            s.x = 2;
        });

        // Main's write after it left the lock, and the goroutine's write under a later lock.
        k.race("Cond", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Boolean> left = Chan.make(1);
            Mutex mu = new Mutex();
            Cond cond = new Cond(mu);
            Go.go(() -> {
                Go.sleep(SHORT); // lets main enter its wait loop (either way, the lock orders x = 1)
                s.x = 1;
                mu.lock();
                s.condition = 1;
                cond.signal();
                mu.unlock();
                left.recv(); // main has left its wait loop (Go sleeps instead)
                mu.lock();
                s.x = 3;
                mu.unlock();
                done.send(true);
            });
            mu.lock();
            while (s.condition != 1) {
                cond.await();
            }
            mu.unlock();
            left.send(true);
            s.x = 2;
            done.recv();
        });

        // Seven goroutines over three levels of go statements, all writing x.
        k.race("AnnounceThreads", () -> {
            final int n = 7;
            Vars s = new Vars();
            Chan<Boolean> allDone = Chan.make(n);
            Go.go(() -> announceH(s, allDone));
            for (int i = 0; i < n; i++) {
                allDone.recv();
            }
        });

        // A timer function that starts the next timer: each creation is before the next firing.
        k.noRace("AfterFunc1", () -> {
            Vars s = new Vars();
            Chan<Boolean> c = Chan.make();
            s.i = 2;
            Time.afterFunc(Duration.ZERO, () -> countDown(s, c));
            c.recv();
        });

        k.noRace("AfterFunc2", () -> {
            Vars s = new Vars();
            Chan<Boolean> ran = Chan.make(1);
            int seen = s.x;
            Timer timer = Time.afterFunc(Duration.ofNanos(10), () -> {
                s.x = 1;
                ran.send(true);
            });
            if (!timer.stop()) {
                ran.recv(); // the function was started: wait for it
            }
        });

        k.noRace("AfterFunc3", () -> {
            Vars s = new Vars();
            Chan<Boolean> c = Chan.make(1);
            s.x = 0;
            Time.afterFunc(SHORT, () -> {
                s.x = 1;
                c.send(true);
            });
            c.recv();
        });

        // Two timer functions: each is ordered after main, neither after the other.
        k.race("AfterFunc3", () -> {
            Vars s = new Vars();
            Chan<Boolean> c = Chan.make(2);
            s.x = 0;
            Time.afterFunc(SHORT, () -> {
                s.x = 1;
                c.send(true);
            });
            Time.afterFunc(SHORT.multipliedBy(2), () -> {
                s.x = 2;
                c.send(true);
            });
            c.recv();
            c.recv();
        });

        // The writer is four go statements deep; main writes after starting the first.
        k.race("GoroutineCreationStack", () -> {
            Vars s = new Vars();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> Go.go(() -> Go.go(() -> Go.go(() -> {
                s.x = 1;
                ch.send(true);
            }))));
            s.x = 2;
            ch.recv();
        });

        k.noRace("NilMutexCrash", () -> {
            Vars s = new Vars();
            Mutex mutex = new Mutex();
            RWMutex other = null;
            try {
                other.rLock();
                throw new AssertionError("no exception from a call on a null RWMutex");
            } catch (NullPointerException e) {
                mutex.lock();
                s.panics++;
                mutex.unlock();
            }
            RWMutex unlocked = new RWMutex();
            try {
                unlocked.rUnlock();
                throw new AssertionError("no exception from rUnlock of an unlocked RWMutex");
            } catch (IllegalStateException e) {
                mutex.lock();
                s.panics++;
                mutex.unlock();
            }
        });
    }

    /** {@code RaceAnnounceThreads}'s h: writes, starts f, says it is done. */
    @Suspendable
    private static void announceH(Vars s, Chan<Boolean> allDone) {
        s.x = 1;
        s.x = 2;
        Go.go(() -> announceF(s, allDone));
        allDone.send(true);
    }

    /** f: writes, starts g and a writer, writes again (racing with that writer). */
    @Suspendable
    private static void announceF(Vars s, Chan<Boolean> allDone) {
        s.x = 1;
        Go.go(() -> announceG(s, allDone));
        Go.go(() -> {
            s.x = 1;
            allDone.send(true);
        });
        s.x = 2;
        allDone.send(true);
    }

    /** g: starts two writers, saying it is done after each. */
    @Suspendable
    private static void announceG(Vars s, Chan<Boolean> allDone) {
        for (int i = 0; i < 2; i++) {
            Go.go(() -> {
                s.x = 1;
                allDone.send(true);
            });
            allDone.send(true);
        }
    }

    /** {@code NoRaceAfterFunc1}'s f: counts down, re-arming a timer for itself until done. */
    @Suspendable
    private static void countDown(Vars s, Chan<Boolean> c) {
        s.i--;
        if (s.i >= 0) {
            Time.afterFunc(Duration.ZERO, () -> countDown(s, c));
        } else {
            c.send(true);
        }
    }
}
