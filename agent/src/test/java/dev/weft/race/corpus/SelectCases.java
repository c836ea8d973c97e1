package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Select;
import dev.weft.Suspendable;
import dev.weft.SuspendableRunnable;
import dev.weft.race.Corpus;

/**
 * The cases of Go's {@code src/runtime/race/testdata/select_test.go}, ported in weft's own words:
 * each keeps the scenario of the Go test of the same name, not its text.
 *
 * <p>Mapping: a variable the Go closures share is a field of a {@link Vars} made by the case;
 * a {@code select} is {@link Select#select} over {@code onSend}/{@code onRecv} cases, and
 * {@code default} is {@link Select#onDefault}. The chosen case is the channel operation it
 * performs; a default orders nothing. Go's worker that loops forever ({@code NoRaceSelect4})
 * stops here when its queue is closed, and the case waits for it.
 *
 * <p>Not ported:
 * <ul>
 *   <li>{@code TestFlakyDefault}: commented out in Go; whether it races depends on the schedule.
 * </ul>
 */
public final class SelectCases implements Corpus.Source {
    /** The variables a Go test's closures share. */
    static final class Vars {
        int x;
        int y;
    }

    /** A unit of work with the channel that says it is done. */
    record Task(SuspendableRunnable f, Chan<Boolean> done) {
    }

    @Override
    public void cases(Corpus k) {
        // The only pairing is c: the goroutine's write is before its send, main's after its receive.
        k.noRace("Select1", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make();
            Chan<Boolean> c = Chan.make();
            Chan<Boolean> c1 = Chan.make();
            Go.go(() -> {
                s.x = 1;
                Select.select(c.onSend(true), c1.onSend(true));
                compl.send(true);
            });
            Select.select(c.onRecv(), c1.onSend(true));
            s.x = 2;
            compl.recv();
        });

        // The select's receive sees the close of c.
        k.noRace("Select2", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make();
            Chan<Boolean> c = Chan.make();
            Chan<Boolean> c1 = Chan.make();
            Go.go(() -> {
                Select.select(c.onRecv(), c1.onRecv());
                s.x = 1;
                compl.send(true);
            });
            s.x = 2;
            c.close();
            Go.yield();
            compl.recv();
        });

        k.noRace("Select3", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make();
            Chan<Boolean> c = Chan.make(10);
            Chan<Boolean> c1 = Chan.make();
            Go.go(() -> {
                s.x = 1;
                Select.select(c.onSend(true), c1.onRecv());
                compl.send(true);
            });
            c.recv();
            s.x = 2;
            compl.recv();
        });

        // A worker serving tasks through selects (one of whose cases never fires).
        k.noRace("Select4", () -> {
            Vars s = new Vars();
            Chan<Task> queue = Chan.make();
            Chan<Boolean> dummy = Chan.make();
            Chan<Boolean> stopped = Chan.make();
            Go.go(() -> {
                Select.RecvCase<Task> next = queue.onRecv();
                for (;;) {
                    Select.select(next);
                    if (!next.ok()) {
                        break; // Go's worker never stops; this one does once the queue is closed
                    }
                    Task t = next.value();
                    t.f().run();
                    t.done().send(true);
                }
                stopped.close();
            });
            runOn(queue, dummy, () -> s.x = 1);
            int seen = s.x;
            queue.close();
            stopped.recv();
        });

        // Both with selects and with plain operations, with and without a yield first.
        k.noRace("Select5", () -> {
            select5(true, true);
            select5(true, false);
            select5(false, true);
            select5(false, false);
        });

        // Both writers pair with the same receiver, one after the other: each learns the other's
        // state from before its send, not the write that follows it.
        k.race("Select1", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make(2);
            Chan<Boolean> c = Chan.make();
            Chan<Boolean> c1 = Chan.make();
            Go.go(() -> {
                c.recv();
                c.recv();
            });
            Go.go(() -> sendThenWrite(s, c, c1, compl));
            Go.go(() -> sendThenWrite(s, c, c1, compl));
            compl.recv();
            compl.recv();
        });

        k.race("Select2", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make();
            Chan<Boolean> c = Chan.make();
            Chan<Boolean> c1 = Chan.make();
            Go.go(() -> {
                s.x = 1;
                Select.select(c.onRecv(), c1.onRecv());
                compl.send(true);
            });
            c.close();
            s.x = 2;
            compl.recv();
        });

        // Both writes come before the hand-off that pairs the two goroutines.
        k.race("Select3", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make();
            Chan<Boolean> c = Chan.make();
            Chan<Boolean> c1 = Chan.make();
            Go.go(() -> {
                s.x = 1;
                Select.select(c.onSend(true), c1.onSend(true));
                compl.send(true);
            });
            s.x = 2;
            Select.select(c.onRecv());
            compl.recv();
        });

        // A select that has only a default.
        k.race("Select4", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                Select.select(Select.onDefault(() -> s.x = 2));
                done.send(true);
            });
            int seen = s.x;
            done.recv();
        });

        // c1 always has room and c2 never has a receiver: the select writes x, unordered with main.
        k.race("Select5", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make(1);
            Chan<Boolean> c1 = Chan.make(1);
            Chan<Boolean> c2 = Chan.make();
            Go.go(() -> {
                Select.select(c1.onSend(true, () -> s.x = 1), c2.onSend(true, () -> s.y = 1));
                done.send(true);
            });
            int seenX = s.x;
            int seenY = s.y;
            done.recv();
        });
    }

    /** One round of {@code NoRaceSelect5}. */
    @Suspendable
    private static void select5(boolean sel, boolean needSched) {
        Vars s = new Vars();
        Chan<Boolean> ch = Chan.make();
        Chan<Boolean> c1 = Chan.make();
        Chan<Boolean> done = Chan.make(2);
        Go.go(() -> {
            if (needSched) {
                Go.yield();
            }
            s.x = 1;
            if (sel) {
                Select.select(ch.onSend(true), c1.onRecv());
            } else {
                ch.send(true);
            }
            done.send(true);
        });
        Go.go(() -> {
            if (sel) {
                Select.select(ch.onRecv(), c1.onRecv());
            } else {
                ch.recv();
            }
            s.x = 1;
            done.send(true);
        });
        done.recv();
        done.recv();
    }

    /** {@code RaceSelect1}'s writer: a select that can only send on c, then the write. */
    @Suspendable
    private static void sendThenWrite(Vars s, Chan<Boolean> c, Chan<Boolean> c1, Chan<Boolean> compl) {
        Select.select(c.onSend(true), c1.onSend(true));
        s.x = 1;
        compl.send(true);
    }

    /** Hands {@code f} to the worker, then waits for its done; both through two-case selects. */
    @Suspendable
    private static void runOn(Chan<Task> queue, Chan<Boolean> dummy, SuspendableRunnable f) {
        Chan<Boolean> done = Chan.make(1);
        Select.select(queue.onSend(new Task(f, done)), dummy.onRecv());
        Select.select(done.onRecv(), dummy.onRecv());
    }
}
