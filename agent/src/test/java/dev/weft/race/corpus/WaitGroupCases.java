package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;
import dev.weft.race.Corpus;

import java.time.Duration;

/**
 * The cases of Go's {@code src/runtime/race/testdata/waitgroup_test.go}, ported in weft's own
 * words: each keeps the scenario of the Go test of the same name, not its text.
 *
 * <p>Mapping: a variable the Go closures share is a field of a {@link Vars} made by the case, an
 * array the case makes, or an element of one; {@code sync.WaitGroup} is {@link WaitGroup}
 * ({@code Add}, {@code Done}, {@code Wait} are {@code add}, {@code done}, {@code await}); Go's
 * panic on a negative counter is weft's {@link IllegalStateException}, and {@code recover} a
 * {@code catch}. Only {@code done} (a negative {@code add}) orders anything, before the
 * {@code await} it releases. Three Race cases are about misuse, which Go's detector (and weft's)
 * reports as a race on the group itself: an {@code add} that takes the counter up from zero reads
 * the group, and the first {@code await} that has to wait writes it.
 *
 * <p>Go's tests order their goroutines with sleeps in three places where the verdict depends on
 * the order; here each order is made certain without a sleep and without adding an edge that
 * would order the racing accesses:
 * <ul>
 *   <li>{@code RaceWaitGroupAsMutex}: both waits (on a zero counter) must be over before either
 *       goroutine adds; they say so to main, which then lets both go on at once.
 *   <li>{@code RaceWaitGroupWrongAdd}: main must wait with the counter above zero, and the adds
 *       must not be before that wait. Main learns that both adds happened from the length of a
 *       channel (which orders nothing), and the dones come only once a helper has seen main
 *       parked in {@code await} in the goroutine dump (which orders nothing either).
 *   <li>{@code RaceWaitGroupReuse}: each round's helper must be the first waiter (parked with
 *       the counter above zero) before the workers finish; the workers wait to be released until
 *       main has seen that helper parked, in the dump.
 * </ul>
 *
 * <p>Not ported: none; every test of the file maps.
 */
public final class WaitGroupCases implements Corpus.Source {
    /** The variables a Go test's closures share. */
    static final class Vars {
        int x;
        int y;
    }

    /** How a goroutine parked in {@link WaitGroup#await} shows in {@link Go#dump()}. */
    private static final String PARKED_IN_AWAIT = "[sync.WaitGroup.Wait";
    private static final long PARK_DEADLINE_NANOS = Duration.ofSeconds(20).toNanos();

    @Override
    public void cases(Corpus k) {
        k.noRace("WaitGroup", () -> {
            Vars s = new Vars();
            WaitGroup wg = new WaitGroup();
            int n = 1;
            for (int i = 0; i < n; i++) {
                wg.add(1);
                int j = i;
                Go.go(() -> {
                    s.x = j;
                    wg.done();
                });
            }
            wg.await();
        });

        // Two goroutines write x; the wait orders both before main, not one before the other.
        k.race("WaitGroup", () -> {
            Vars s = new Vars();
            WaitGroup wg = new WaitGroup();
            int n = 2;
            for (int i = 0; i < n; i++) {
                wg.add(1);
                int j = i;
                Go.go(() -> {
                    s.x = j;
                    wg.done();
                });
            }
            wg.await();
        });

        k.noRace("WaitGroup2", () -> {
            Vars s = new Vars();
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            Go.go(() -> {
                s.x = 1;
                wg.done();
            });
            wg.await();
            s.x = 2;
        });

        // add(+1) ... add(-1) is no lock: a positive add learns nothing.
        k.race("WaitGroupAsMutex", () -> {
            Vars s = new Vars();
            WaitGroup wg = new WaitGroup();
            Chan<Boolean> waited = Chan.make(2);
            Chan<Boolean> start = Chan.make();
            Chan<Boolean> c = Chan.make(2);
            for (int i = 1; i <= 2; i++) {
                int value = i;
                Go.go(() -> {
                    wg.await(); // the counter is zero: returns at once
                    waited.send(true);
                    start.recv(); // Go sleeps here, so that no add comes before a wait
                    wg.add(+1);
                    s.x = value;
                    wg.add(-1);
                    c.send(true);
                });
            }
            waited.recv();
            waited.recv();
            start.close();
            c.recv();
            c.recv();
        });

        // The adds come too late for main's wait, which orders nothing with the writes.
        k.race("WaitGroupWrongWait", () -> {
            Vars s = new Vars();
            Chan<Boolean> c = Chan.make(2);
            WaitGroup wg = new WaitGroup();
            Go.go(() -> {
                wg.add(1);
                Go.yield();
                s.x = 1;
                wg.done();
                c.send(true);
            });
            Go.go(() -> {
                wg.add(1);
                Go.yield();
                s.x = 2;
                wg.done();
                c.send(true);
            });
            wg.await();
            c.recv();
            c.recv();
        });

        // Misuse: adds from zero in goroutines, unordered with the wait that has to wait for them.
        k.race("WaitGroupWrongAdd", () -> {
            Chan<Boolean> c = Chan.make(2);
            Chan<Boolean> added = Chan.make(2);
            Chan<Boolean> release = Chan.make();
            Chan<Boolean> releaserDone = Chan.make(1);
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 2; i++) {
                Go.go(() -> {
                    wg.add(1);
                    added.send(true); // buffered: main looks only at the length
                    release.recv();
                    wg.done();
                    c.send(true);
                });
            }
            while (added.len() < 2) {
                Go.yield();
            }
            Go.go(() -> {
                untilParkedInAwait(1);
                release.close();
                releaserDone.send(true);
            });
            wg.await(); // the counter is 2: the first waiter
            c.recv();
            c.recv();
            releaserDone.recv();
        });

        k.noRace("WaitGroupMultipleWait", () -> {
            Chan<Boolean> c = Chan.make(2);
            WaitGroup wg = new WaitGroup();
            Go.go(() -> {
                wg.await();
                c.send(true);
            });
            Go.go(() -> {
                wg.await();
                c.send(true);
            });
            wg.await();
            c.recv();
            c.recv();
        });

        k.noRace("WaitGroupMultipleWait2", () -> {
            Chan<Boolean> c = Chan.make(2);
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            Go.go(() -> {
                wg.done();
                wg.await();
                c.send(true);
            });
            Go.go(() -> {
                wg.done();
                wg.await();
                c.send(true);
            });
            wg.await();
            c.recv();
            c.recv();
        });

        // Every waiter learns from every done.
        k.noRace("WaitGroupMultipleWait3", () -> {
            final int p = 3;
            int[] data = new int[p];
            Chan<Boolean> done = Chan.make(p);
            WaitGroup wg = new WaitGroup();
            wg.add(p);
            for (int i = 0; i < p; i++) {
                int j = i;
                Go.go(() -> {
                    data[j] = 42;
                    wg.done();
                });
            }
            for (int i = 0; i < p; i++) {
                Go.go(() -> {
                    wg.await();
                    for (int j = 0; j < p; j++) {
                        int seen = data[j];
                    }
                    done.send(true);
                });
            }
            for (int i = 0; i < p; i++) {
                done.recv();
            }
        });

        // Correct use of the group, still two unordered writes.
        k.race("WaitGroup2", () -> {
            Vars s = new Vars();
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            Go.go(() -> {
                s.x = 1;
                wg.done();
            });
            Go.go(() -> {
                s.x = 2;
                wg.done();
            });
            wg.await();
        });

        k.noRace("WaitGroupPanicRecover", () -> {
            Vars s = new Vars();
            WaitGroup wg = new WaitGroup();
            try {
                s.x = 1;
                wg.add(-1);
                throw new AssertionError("no exception for a negative counter");
            } catch (IllegalStateException e) {
                if (!"sync: negative WaitGroup counter".equals(e.getMessage())) {
                    throw new AssertionError("unexpected exception", e);
                }
                s.x = 2;
            }
        });

        // The goroutine that failed starts the next writer: the go statement orders them.
        k.noRace("WaitGroupPanicRecover2", () -> {
            Vars s = new Vars();
            WaitGroup wg = new WaitGroup();
            Chan<Boolean> ch = Chan.make(1);
            Go.go(() -> {
                try {
                    s.x = 1;
                    wg.add(-1);
                } catch (IllegalStateException e) {
                    // Go recovers
                } finally {
                    Go.go(() -> {
                        s.x = 2;
                        ch.send(true);
                    });
                }
            });
            ch.recv();
        });

        k.noRace("WaitGroupTransitive", () -> {
            Vars s = new Vars();
            WaitGroup wg = new WaitGroup();
            wg.add(2);
            Go.go(() -> {
                s.x = 42;
                wg.done();
            });
            Go.go(() -> {
                Go.sleep(Duration.ofMillis(10));
                s.y = 42;
                wg.done();
            });
            wg.await();
            int seenX = s.x;
            int seenY = s.y;
        });

        // Three rounds on one group, main the only waiter.
        k.noRace("WaitGroupReuse", () -> {
            final int p = 3;
            int[] data = new int[p];
            WaitGroup wg = new WaitGroup();
            for (int round = 0; round < 3; round++) {
                wg.add(p);
                for (int i = 0; i < p; i++) {
                    int j = i;
                    Go.go(() -> {
                        data[j]++;
                        wg.done();
                    });
                }
                wg.await();
                for (int i = 0; i < p; i++) {
                    data[i]++;
                }
            }
        });

        // Three rounds with a second waiter, whose end main waits for before the next round.
        k.noRace("WaitGroupReuse2", () -> {
            final int p = 3;
            int[] data = new int[p];
            WaitGroup wg = new WaitGroup();
            for (int round = 0; round < 3; round++) {
                wg.add(p);
                for (int i = 0; i < p; i++) {
                    int j = i;
                    Go.go(() -> {
                        data[j]++;
                        wg.done();
                    });
                }
                Chan<Boolean> done = Chan.make();
                Go.go(() -> {
                    wg.await();
                    for (int i = 0; i < p; i++) {
                        data[i]++;
                    }
                    done.send(true);
                });
                wg.await();
                done.recv();
                for (int i = 0; i < p; i++) {
                    data[i]++;
                }
            }
        });

        // Misuse: the next round's add from zero comes before the last round's first waiter (a
        // helper that tells main nothing) is known to have returned.
        k.race("WaitGroupReuse", () -> {
            final int p = 3;
            final int rounds = 3;
            Chan<Boolean> done = Chan.make(rounds);
            WaitGroup wg = new WaitGroup();
            for (int round = 0; round < rounds; round++) {
                int[] data = new int[p];
                Chan<Boolean> release = Chan.make();
                wg.add(p);
                for (int i = 0; i < p; i++) {
                    int j = i;
                    Go.go(() -> {
                        release.recv(); // Go sleeps here, so that the helper waits first
                        data[j]++;
                        wg.done();
                    });
                }
                Go.go(() -> {
                    wg.await();
                    for (int i = 0; i < p; i++) {
                        data[i]++;
                    }
                    done.send(true);
                });
                untilParkedInAwait(1);
                release.close();
                wg.await();
            }
            for (int round = 0; round < rounds; round++) {
                done.recv();
            }
        });

        // Adds from zero in goroutines, each before a send that main receives before waiting.
        k.noRace("WaitGroupConcurrentAdd", () -> {
            final int p = 4;
            Chan<Boolean> waiting = Chan.make(p);
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < p; i++) {
                Go.go(() -> {
                    wg.add(1);
                    waiting.send(true);
                    wg.done();
                });
            }
            for (int i = 0; i < p; i++) {
                waiting.recv();
            }
            wg.await();
        });
    }

    /**
     * Yields until at least {@code n} goroutines are parked in {@link WaitGroup#await}, as the
     * goroutine dump shows. Reading the scheduler's state orders nothing (a channel or a lock
     * would), so this forces an interleaving without a sleep deciding it.
     */
    @Suspendable
    private static void untilParkedInAwait(int n) {
        long deadline = System.nanoTime() + PARK_DEADLINE_NANOS;
        while (parkedInAwait() < n) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("no goroutine parked in WaitGroup.await:\n" + Go.dump());
            }
            Go.yield();
        }
    }

    private static int parkedInAwait() {
        String dump = Go.dump();
        int n = 0;
        for (int at = dump.indexOf(PARKED_IN_AWAIT); at >= 0; at = dump.indexOf(PARKED_IN_AWAIT, at + 1)) {
            n++;
        }
        return n;
    }
}
