package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Mutex;
import dev.weft.RWMutex;
import dev.weft.race.Corpus;

import java.time.Duration;

/**
 * The cases of Go's {@code src/runtime/race/testdata/mutex_test.go} and {@code rwmutex_test.go},
 * ported in weft's own words: each keeps the scenario of the Go test of the same name, not its
 * text.
 *
 * <p>Mapping: a variable the Go closures share is a field of a {@link Vars} made by the case
 * (Go's int8/int16/int64 widths do not matter to the detector: every field is its own location);
 * {@code sync.Mutex} is {@link Mutex}, {@code sync.RWMutex} is {@link RWMutex}; a deferred
 * unlock is a {@code finally}. {@code MutexPureHappensBefore} follows Go's current revision, which
 * waits for a flag under the lock instead of trusting a timer to order the two goroutines.
 * {@code MutexOverwrite}: Go assigns a fresh {@code sync.Mutex{}} over one another goroutine
 * locks, a plain write racing with the lock's own access to its state; a Java mutex is an object
 * whose insides the detector does not see, so the nearest construct is replacing the mutex in the
 * field that the locker reads it from, which races the same way.
 *
 * <p>Not ported: none; every test of both files maps.
 */
public final class MutexCases implements Corpus.Source {
    /** The variables a Go test's closures share. */
    static final class Vars {
        int x;
        int y;
        boolean written;
        String a = "";
        Mutex mu;
    }

    private static final Duration SHORT = Duration.ofMillis(10);
    private static final Duration TINY = Duration.ofNanos(100_000);

    @Override
    public void cases(Corpus k) {
        // ---- mutex_test.go ----------------------------------------------------------------------

        k.noRace("Mutex", () -> {
            Vars s = new Vars();
            Mutex mu = new Mutex();
            Chan<Boolean> ch = Chan.make(2);
            Go.go(() -> {
                mu.lock();
                try {
                    s.x = 1;
                    ch.send(true);
                } finally {
                    mu.unlock();
                }
            });
            Go.go(() -> {
                mu.lock();
                s.x = 2;
                mu.unlock();
                ch.send(true);
            });
            ch.recv();
            ch.recv();
        });

        // The writes come before the locks: the lock protects nothing.
        k.race("Mutex", () -> {
            Vars s = new Vars();
            Mutex mu = new Mutex();
            Chan<Boolean> ch = Chan.make(2);
            Go.go(() -> {
                s.x = 1;
                mu.lock();
                try {
                    ch.send(true);
                } finally {
                    mu.unlock();
                }
            });
            Go.go(() -> {
                s.x = 2;
                mu.lock();
                mu.unlock();
                ch.send(true);
            });
            ch.recv();
            ch.recv();
        });

        // Two different mutexes.
        k.race("Mutex2", () -> {
            Vars s = new Vars();
            Mutex mu1 = new Mutex();
            Mutex mu2 = new Mutex();
            Chan<Boolean> ch = Chan.make(2);
            Go.go(() -> {
                mu1.lock();
                try {
                    s.x = 1;
                    ch.send(true);
                } finally {
                    mu1.unlock();
                }
            });
            Go.go(() -> {
                mu2.lock();
                s.x = 2;
                mu2.unlock();
                ch.send(true);
            });
            ch.recv();
            ch.recv();
        });

        // Neither write is under the lock, yet the first is before the unlock and the second after
        // a lock that came later (the flag makes sure of it): happens-before, not locksets.
        k.noRace("MutexPureHappensBefore", () -> {
            Vars s = new Vars();
            Mutex mu = new Mutex();
            Chan<Boolean> ch = Chan.make(2);
            Go.go(() -> {
                s.x = 1;
                mu.lock();
                s.written = true;
                mu.unlock();
                ch.send(true);
            });
            Go.go(() -> {
                Go.sleep(TINY);
                mu.lock();
                while (!s.written) {
                    mu.unlock();
                    Go.sleep(TINY);
                    mu.lock();
                }
                mu.unlock();
                s.x = 1;
                ch.send(true);
            });
            ch.recv();
            ch.recv();
        });

        // Locked by main, unlocked by one goroutine, then locked by another.
        k.noRace("MutexSemaphore", () -> {
            Vars s = new Vars();
            Mutex mu = new Mutex();
            Chan<Boolean> ch = Chan.make(2);
            mu.lock();
            Go.go(() -> {
                s.x = 1;
                mu.unlock();
                ch.send(true);
            });
            Go.go(() -> {
                mu.lock();
                s.x = 2;
                mu.unlock();
                ch.send(true);
            });
            ch.recv();
            ch.recv();
        });

        // The memory model's own example: the second lock waits for the goroutine's unlock.
        k.noRace("MutexExampleFromHtml", () -> {
            Vars s = new Vars();
            Mutex l = new Mutex();
            l.lock();
            Go.go(() -> {
                s.a = "hello, world";
                l.unlock();
            });
            l.lock();
            String seen = s.a;
            l.unlock();
        });

        k.race("MutexOverwrite", () -> {
            Vars s = new Vars();
            Chan<Boolean> c = Chan.make(1);
            s.mu = new Mutex();
            Go.go(() -> {
                s.mu = new Mutex();
                c.send(true);
            });
            s.mu.lock();
            c.recv();
        });

        // ---- rwmutex_test.go --------------------------------------------------------------------

        // A Mutex and an RWMutex are two different locks.
        k.race("MutexRWMutex", () -> {
            Vars s = new Vars();
            Mutex mu1 = new Mutex();
            RWMutex mu2 = new RWMutex();
            Chan<Boolean> ch = Chan.make(2);
            Go.go(() -> {
                mu1.lock();
                try {
                    s.x = 1;
                    ch.send(true);
                } finally {
                    mu1.unlock();
                }
            });
            Go.go(() -> {
                mu2.lock();
                s.x = 2;
                mu2.unlock();
                ch.send(true);
            });
            ch.recv();
            ch.recv();
        });

        // A writer and a reader: whichever is second learns from the other's unlock.
        k.noRace("RWMutex", () -> {
            Vars s = new Vars();
            RWMutex mu = new RWMutex();
            Chan<Boolean> ch = Chan.make(2);
            s.y = 1;
            Go.go(() -> {
                mu.lock();
                try {
                    s.x = 2;
                    ch.send(true);
                } finally {
                    mu.unlock();
                }
            });
            Go.go(() -> {
                mu.rLock();
                s.y = s.x;
                mu.rUnlock();
                ch.send(true);
            });
            ch.recv();
            ch.recv();
        });

        // Readers write y under the read lock. Readers are not ordered among themselves, and of
        // three readers at least two are on the same side of the one writer.
        k.race("RWMutexMultipleReaders", () -> {
            Vars s = new Vars();
            RWMutex mu = new RWMutex();
            Chan<Boolean> ch = Chan.make(4);
            s.y = 1;
            Go.go(() -> {
                mu.lock();
                try {
                    s.x = 2;
                    ch.send(true);
                } finally {
                    mu.unlock();
                }
            });
            for (int i = 1; i <= 3; i++) {
                int add = i;
                Go.go(() -> {
                    mu.rLock();
                    s.y = s.x + add;
                    mu.rUnlock();
                    ch.send(true);
                });
            }
            for (int i = 0; i < 4; i++) {
                ch.recv();
            }
            int seen = s.y;
        });

        // The same, but the readers only read shared state.
        k.noRace("RWMutexMultipleReaders", () -> {
            Vars s = new Vars();
            RWMutex mu = new RWMutex();
            Chan<Boolean> ch = Chan.make(4);
            Go.go(() -> {
                mu.lock();
                try {
                    s.x = 2;
                    ch.send(true);
                } finally {
                    mu.unlock();
                }
            });
            for (int i = 1; i <= 3; i++) {
                int add = i;
                Go.go(() -> {
                    mu.rLock();
                    int y = s.x + add;
                    mu.rUnlock();
                    ch.send(true);
                });
            }
            for (int i = 0; i < 4; i++) {
                ch.recv();
            }
        });

        // The writer must learn from every reader before it, not only the last one. (The sleeps
        // make both readers come first; whatever the order, each reader and the writer are
        // ordered by the lock.)
        k.noRace("RWMutexTransitive", () -> {
            Vars s = new Vars();
            RWMutex mu = new RWMutex();
            Chan<Boolean> ch = Chan.make(2);
            Go.go(() -> {
                mu.rLock();
                int seen = s.x;
                mu.rUnlock();
                ch.send(true);
            });
            Go.go(() -> {
                Go.sleep(SHORT);
                mu.rLock();
                int seen = s.x;
                mu.rUnlock();
                ch.send(true);
            });
            Go.sleep(SHORT.multipliedBy(2));
            mu.lock();
            s.x = 42;
            mu.unlock();
            ch.recv();
            ch.recv();
        });
    }
}
