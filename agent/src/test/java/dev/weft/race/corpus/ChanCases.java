package dev.weft.race.corpus;

import dev.weft.Chan;
import dev.weft.ChannelClosedException;
import dev.weft.Go;
import dev.weft.Select;
import dev.weft.Suspendable;
import dev.weft.SuspendableRunnable;
import dev.weft.race.Corpus;

import java.time.Duration;

/**
 * The cases of Go's {@code src/runtime/race/testdata/chan_test.go}, ported in weft's own words:
 * each keeps the scenario of the Go test of the same name, not its text.
 *
 * <p>The port follows Go's current revision of the file (which has {@code NoRaceChanCloseLen},
 * {@code NoRaceChanCloseCap}, {@code NoRaceCloseHappensBeforeRead} and {@code NoRaceElemSize0}),
 * and also keeps {@code RaceChanCloseLen} from the earlier revision that golang/go's stored copy
 * still has: its verdict holds under weft's rules too (nothing orders the two writes of v).
 *
 * <p>Mapping: a variable the Go closures share is a field of a {@link Vars} made by the case
 * (so the detector sees it, and no case shares state with another); {@code v, ok := <-c} is a
 * receive that answers null once the channel is closed; Go's {@code recover} of a send on a closed
 * channel is a {@code catch} of {@link ChannelClosedException}, and a deferred write is a
 * {@code finally}. Where a Go test lets a goroutine run on after the test returns, the case waits
 * for it with one more channel operation placed after every access that decides the verdict. A
 * sleep kept from Go only makes the interesting interleaving likely; none decides a verdict.
 *
 * <p>Not ported: none; every test of the file maps.
 */
public final class ChanCases implements Corpus.Source {
    /** The variables a Go test's closures share. */
    static final class Vars {
        int v;
        int v1;
        int v2;
        int x;
        int y;
        int data;
        /** A variable holding a channel, for the tests that race on the variable itself. */
        Chan<Integer> c;
    }

    /** Go's {@code *int} / {@code *msg}: a heap cell handed over a channel. */
    static final class Cell {
        int value;

        Cell() {
        }

        Cell(int value) {
            this.value = value;
        }
    }

    /** A unit of work with the channel that says it is done. */
    record Task(SuspendableRunnable f, Chan<Boolean> done) {
    }

    private static final Duration SHORT = Duration.ofMillis(10);

    @Override
    public void cases(Corpus k) {
        // ---- unbuffered and buffered hand-offs -------------------------------------------------

        k.noRace("ChanSync", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                s.v = 1;
                c.send(0);
            });
            c.recv();
            s.v = 2;
        });

        // An unbuffered receive is before the matching send completes: the other direction.
        k.noRace("ChanSyncRev", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                c.send(0);
                s.v = 2;
                done.send(true);
            });
            s.v = 1;
            c.recv();
            done.recv();
        });

        k.noRace("ChanAsync", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(10);
            Go.go(() -> {
                s.v = 1;
                c.send(0);
            });
            c.recv();
            s.v = 2;
        });

        // A buffered receive does not order the receiver before what the sender does next.
        k.race("ChanAsyncRev", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(10);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                c.send(0);
                s.v = 1;
                done.send(true);
            });
            s.v = 2;
            c.recv();
            done.recv();
        });

        // ---- close before a receive that sees it ------------------------------------------------

        k.noRace("ChanAsyncCloseRecv", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(10);
            Go.go(() -> {
                s.v = 1;
                c.close();
            });
            try {
                c.recv();
            } finally {
                s.v = 2; // Go writes v in a deferred function
            }
        });

        k.noRace("ChanAsyncCloseRecv2", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(10);
            Go.go(() -> {
                s.v = 1;
                c.close();
            });
            if (c.recv() != null) { // Go's two-valued receive: null is "not ok"
                throw new AssertionError("received a value nobody sent");
            }
            s.v = 2;
        });

        k.noRace("ChanAsyncCloseRecv3", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(10);
            Go.go(() -> {
                s.v = 1;
                c.close();
            });
            for (Integer ignored : c) {
                // drains until closed, as Go's for range
            }
            s.v = 2;
        });

        k.noRace("ChanSyncCloseRecv", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                s.v = 1;
                c.close();
            });
            try {
                c.recv();
            } finally {
                s.v = 2;
            }
        });

        k.noRace("ChanSyncCloseRecv2", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                s.v = 1;
                c.close();
            });
            if (c.recv() != null) {
                throw new AssertionError("received a value nobody sent");
            }
            s.v = 2;
        });

        k.noRace("ChanSyncCloseRecv3", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                s.v = 1;
                c.close();
            });
            for (Integer ignored : c) {
                // nothing is ever sent
            }
            s.v = 2;
        });

        // ---- a send that fails on a closed channel orders nothing ------------------------------

        // The send never succeeds (no receiver): it fails when the close comes, learning nothing.
        k.race("ChanSyncCloseSend", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make();
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                s.v = 1;
                c.close();
                done.send(true);
            });
            try {
                c.send(0);
            } catch (ChannelClosedException e) {
                // Go recovers from the panic
            }
            s.v = 2;
            done.recv();
        });

        // Sends fill the buffer (ten at most), then one fails on the close.
        k.race("ChanAsyncCloseSend", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(10);
            Chan<Boolean> done = Chan.make(1);
            Go.go(() -> {
                s.v = 1;
                c.close();
                done.send(true);
            });
            try {
                for (;;) {
                    c.send(0);
                }
            } catch (ChannelClosedException e) {
                // the close came
            }
            s.v = 2;
            done.recv();
        });

        // The close that fails learns nothing from the one that succeeded.
        k.race("ChanCloseClose", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make(2);
            Chan<Integer> c = Chan.make();
            Go.go(() -> {
                s.v1 = 1;
                try {
                    c.close();
                } catch (ChannelClosedException e) {
                    s.v2 = 2;
                }
                compl.send(true);
            });
            Go.go(() -> {
                s.v2 = 1;
                try {
                    c.close();
                } catch (ChannelClosedException e) {
                    s.v1 = 2;
                }
                compl.send(true);
            });
            compl.recv();
            compl.recv();
        });

        // ---- len and cap are not synchronization ----------------------------------------------

        k.race("ChanSendLen", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(10);
            Go.go(() -> {
                s.v = 1;
                c.send(1);
            });
            while (c.len() == 0) {
                Go.yield();
            }
            s.v = 2;
            c.recv(); // after the racy write: takes the sender's value
        });

        k.race("ChanRecvLen", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(10);
            Chan<Boolean> done = Chan.make(1);
            c.send(1);
            Go.go(() -> {
                s.v = 1;
                c.recv();
                done.send(true);
            });
            while (c.len() != 0) {
                Go.yield();
            }
            s.v = 2;
            done.recv();
        });

        // One non-blocking send fills the buffer, the other takes the default: neither learns
        // anything from the other, and each default writes what the other wrote before its send.
        k.race("ChanSendSend", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make(2);
            Chan<Integer> c = Chan.make(1);
            Go.go(() -> {
                s.v1 = 1;
                Select.select(c.onSend(1), Select.onDefault(() -> s.v2 = 2));
                compl.send(true);
            });
            Go.go(() -> {
                s.v2 = 1;
                Select.select(c.onSend(1), Select.onDefault(() -> s.v1 = 2));
                compl.send(true);
            });
            compl.recv();
            compl.recv();
        });

        // What the sender wrote into the object it sends is before the receiver's write.
        k.noRace("ChanPtr", () -> {
            Chan<Cell> c = Chan.make();
            Go.go(() -> c.send(new Cell(1)));
            Cell m = c.recv();
            m.value = 2;
        });

        // The receive learns from the sender of the value it got, not from the other sender.
        k.race("ChanWrongSend", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(2);
            Go.go(() -> {
                s.v1 = 1;
                c.send(1);
            });
            Go.go(() -> {
                s.v2 = 2;
                c.send(2);
            });
            Go.sleep(SHORT);
            if (c.recv() == 1) {
                s.v2 = 3;
            } else {
                s.v1 = 3;
            }
            c.recv(); // the other value, after the racy write: both senders are done
        });

        // A receive that gets the buffered value does not see the close; one that sees the close
        // means the send failed (or is still to fail), and a failed send orders nothing.
        k.race("ChanWrongClose", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(1);
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                s.v1 = 1;
                try {
                    c.send(1);
                } catch (ChannelClosedException e) {
                    // Go recovers
                }
                done.send(true);
            });
            Go.go(() -> {
                Go.sleep(SHORT);
                s.v2 = 2;
                c.close();
                done.send(true);
            });
            Go.sleep(SHORT.multipliedBy(2));
            if (c.recv() != null) {
                s.v2 = 2;
            } else {
                s.v1 = 2;
            }
            done.recv();
            done.recv();
        });

        // ---- a send (a read of the channel) racing with a close (a write of it) ----------------

        k.race("ChanSendClose", () -> {
            Chan<Boolean> compl = Chan.make(2);
            Chan<Integer> c = Chan.make(1);
            Go.go(() -> {
                try {
                    c.send(1);
                } catch (ChannelClosedException e) {
                    // closed first: the send still read the channel
                }
                compl.send(true);
            });
            Go.go(() -> {
                Go.sleep(SHORT);
                c.close();
                compl.send(true);
            });
            compl.recv();
            compl.recv();
        });

        k.race("ChanSendSelectClose", () -> {
            Chan<Boolean> compl = Chan.make(2);
            Chan<Integer> c = Chan.make(1);
            Chan<Integer> c1 = Chan.make();
            Go.go(() -> {
                try {
                    Go.sleep(SHORT);
                    Select.select(c.onSend(1), c1.onRecv());
                } catch (ChannelClosedException e) {
                    // the select chose the send on the closed channel
                }
                compl.send(true);
            });
            Go.go(() -> {
                c.close();
                compl.send(true);
            });
            compl.recv();
            compl.recv();
        });

        // ---- the value of a send is read before the operation ----------------------------------

        // The goroutine reads x for its send to c1; main writes x from c2: the two selects never
        // meet (c3 has only senders).
        k.race("SelectReadWriteAsync", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> c1 = Chan.make(10);
            Chan<Integer> c2 = Chan.make(10);
            Chan<Integer> c3 = Chan.make();
            c2.send(1);
            Go.go(() -> {
                Select.select(c1.onSend(s.x), c3.onSend(1));
                done.send(true);
            });
            Select.select(c2.onRecv(got -> s.x = got), c3.onSend(1));
            done.recv();
        });

        k.race("SelectReadWriteSync", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> c1 = Chan.make();
            Chan<Integer> c2 = Chan.make();
            Chan<Integer> c3 = Chan.make();
            Go.go(() -> c1.recv()); // partners that make c1 and c2 ready
            Go.go(() -> c2.send(1));
            Go.go(() -> {
                Select.select(c1.onSend(s.x), c3.onSend(1));
                done.send(true);
            });
            Select.select(c2.onRecv(got -> s.x = got), c3.onSend(1));
            done.recv();
        });

        // Only c1 can pair the two selects: the read of x is before the send, the write after.
        k.noRace("SelectReadWriteAsync", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> c1 = Chan.make();
            Chan<Integer> c2 = Chan.make();
            Go.go(() -> {
                Select.select(c1.onSend(s.x), c2.onSend(1));
                done.send(true);
            });
            Select.select(c1.onRecv(got -> s.x = got), c2.onSend(1));
            done.recv();
        });

        k.race("ChanReadWriteAsync", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> c1 = Chan.make(10);
            Chan<Integer> c2 = Chan.make(10);
            c2.send(10);
            Go.go(() -> {
                c1.send(s.x);
                done.send(true);
            });
            s.x = c2.recv();
            done.recv();
        });

        k.race("ChanReadWriteSync", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> c1 = Chan.make();
            Chan<Integer> c2 = Chan.make();
            Go.go(() -> c1.recv());
            Go.go(() -> c2.send(10));
            Go.go(() -> {
                c1.send(s.x);
                done.send(true);
            });
            s.x = c2.recv();
            done.recv();
        });

        k.noRace("ChanReadWriteAsync", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Integer> c1 = Chan.make(10);
            Go.go(() -> {
                c1.send(s.x);
                done.send(true);
            });
            s.x = c1.recv();
            done.recv();
        });

        // A worker runs a function handed to it, and says so on the task's own channel.
        k.noRace("ProducerConsumerUnbuffered", () -> {
            Vars s = new Vars();
            Chan<Task> queue = Chan.make();
            Go.go(() -> {
                Task t = queue.recv();
                t.f().run();
                t.done().send(true);
            });
            runOn(queue, () -> s.x = 1);
            int seen = s.x;
        });

        // ---- races on the variable that holds the channel --------------------------------------

        k.race("ChanItselfSend", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make(1);
            s.c = Chan.make(10);
            Go.go(() -> {
                s.c.send(0);
                compl.send(true);
            });
            s.c = Chan.make(20);
            compl.recv();
        });

        k.race("ChanItselfRecv", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make(1);
            s.c = Chan.make(10);
            s.c.send(1);
            Go.go(() -> {
                s.c.recv();
                compl.send(true);
            });
            Go.sleep(SHORT);
            Chan<Integer> fresh = Chan.make(20);
            fresh.send(1); // whichever channel the receiver reads from holds a value: it never hangs
            s.c = fresh;
            compl.recv();
        });

        k.race("ChanItselfNil", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make(1);
            s.c = Chan.make(10);
            Go.go(() -> {
                Chan<Integer> ch = s.c;
                if (ch != null) { // Go would block forever on the nil channel; this goroutine ends
                    ch.send(0);
                }
                done.send(true);
            });
            Go.sleep(SHORT);
            s.c = null;
            done.recv();
        });

        k.race("ChanItselfClose", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make(1);
            s.c = Chan.make();
            Go.go(() -> {
                s.c.close();
                compl.send(true);
            });
            s.c = Chan.make();
            compl.recv();
        });

        k.race("ChanItselfLen", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make(1);
            s.c = Chan.make();
            Go.go(() -> {
                int n = s.c.len();
                compl.send(true);
            });
            s.c = Chan.make();
            compl.recv();
        });

        k.race("ChanItselfCap", () -> {
            Vars s = new Vars();
            Chan<Boolean> compl = Chan.make(1);
            s.c = Chan.make();
            Go.go(() -> {
                int n = s.c.cap();
                compl.send(true);
            });
            s.c = Chan.make();
            compl.recv();
        });

        // ---- len and cap are not accesses of the channel either --------------------------------

        k.noRace("ChanCloseLen", () -> {
            Chan<Integer> c = Chan.make(10);
            Chan<Integer> r = Chan.make(10);
            Go.go(() -> r.send(c.len()));
            Go.go(() -> {
                c.close();
                r.send(0);
            });
            r.recv();
            r.recv();
        });

        k.noRace("ChanCloseCap", () -> {
            Chan<Integer> c = Chan.make(10);
            Chan<Integer> r = Chan.make(10);
            Go.go(() -> r.send(c.cap()));
            Go.go(() -> {
                c.close();
                r.send(0);
            });
            r.recv();
            r.recv();
        });

        // (Go's earlier revision.) len after the close learns nothing: the writes of v race.
        k.race("ChanCloseLen", () -> {
            Vars s = new Vars();
            Chan<Integer> c = Chan.make(10);
            c.send(0);
            Go.go(() -> {
                s.v = 1;
                c.close();
            });
            Go.sleep(SHORT);
            int n = c.len();
            s.v = 2;
            c.recv(); // the buffered value: does not see the close
            c.recv(); // null once closed: the closer is done
        });

        k.race("ChanCloseSend", () -> {
            Chan<Boolean> compl = Chan.make(1);
            Chan<Integer> c = Chan.make(10);
            Go.go(() -> {
                c.close();
                compl.send(true);
            });
            try {
                c.send(0);
            } catch (ChannelClosedException e) {
                // the close came first: the send still read the channel
            }
            compl.recv();
        });

        // ---- the k-th receive is before the (k+C)-th send completes ---------------------------

        // A channel of capacity 1 as a mutex: whoever sends second waits for the other's receive.
        k.noRace("ChanMutex", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Boolean> mtx = Chan.make(1);
            Go.go(() -> {
                mtx.send(true);
                s.data = 42;
                mtx.recv();
                done.send(true);
            });
            mtx.send(true);
            s.data = 43;
            mtx.recv();
            done.recv();
        });

        k.noRace("SelectMutex", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Boolean> mtx = Chan.make(1);
            Chan<Boolean> aux = Chan.make();
            Go.go(() -> {
                Select.select(mtx.onSend(true), aux.onRecv());
                s.data = 42;
                Select.select(mtx.onRecv(), aux.onRecv());
                done.send(true);
            });
            Select.select(mtx.onSend(true), aux.onRecv());
            s.data = 43;
            Select.select(mtx.onRecv(), aux.onRecv());
            done.recv();
        });

        // Capacity 2 admits both at once: a semaphore of two is no mutex.
        k.race("ChanSem", () -> {
            Vars s = new Vars();
            Chan<Boolean> done = Chan.make();
            Chan<Boolean> mtx = Chan.make(2);
            Go.go(() -> {
                mtx.send(true);
                s.data = 42;
                mtx.recv();
                done.send(true);
            });
            mtx.send(true);
            s.data = 43;
            mtx.recv();
            done.recv();
        });

        // Ten workers, five at a time; the last five sends complete only after all ten receives.
        k.noRace("ChanWaitGroup", () -> {
            final int n = 10;
            Chan<Boolean> chanWg = Chan.make(n / 2);
            int[] data = new int[n];
            for (int i = 0; i < n; i++) {
                chanWg.send(true);
                int j = i;
                Go.go(() -> {
                    data[j] = 42;
                    chanWg.recv();
                });
            }
            for (int i = 0; i < chanWg.cap(); i++) {
                chanWg.send(true);
            }
            for (int i = 0; i < n; i++) {
                int seen = data[i];
            }
        });

        // The sender blocks on the full buffer; a receive frees its slot and the value moves in:
        // the receive that gets it still learns what the sender did. Go sends nil first; channels
        // carry no nulls, so a placeholder cell stands in.
        k.noRace("BlockedSendSync", () -> {
            Chan<Cell> c = Chan.make(1);
            c.send(new Cell());
            Go.go(() -> {
                Cell i = new Cell();
                i.value = 42;
                c.send(i);
            });
            Go.sleep(SHORT); // lets the sender block; the verdict does not depend on it
            c.recv();
            Cell p = c.recv();
            if (p.value != 42) {
                throw new AssertionError("corrupted");
            }
        });

        k.noRace("BlockedSelectSendSync", () -> {
            Chan<Cell> c = Chan.make(1);
            c.send(new Cell());
            Go.go(() -> {
                Cell i = new Cell();
                i.value = 42;
                c.send(i);
            });
            Go.sleep(SHORT);
            c.recv();
            Select.RecvCase<Cell> got = c.onRecv();
            Select.select(got, Chan.<Integer>make().onRecv());
            if (got.value().value != 42) {
                throw new AssertionError("corrupted");
            }
        });

        // The read happens only in the case that saw the close, which orders it after the write.
        k.noRace("CloseHappensBeforeRead", () -> {
            for (int i = 0; i < 100; i++) {
                Cell loc = new Cell();
                Chan<Boolean> write = Chan.make();
                Chan<Boolean> read = Chan.make();
                Go.go(() -> {
                    Select.select(write.onRecv(closed -> {
                        int seen = loc.value;
                    }), Select.onDefault(() -> {
                    }));
                    read.close();
                });
                Go.go(() -> {
                    loc.value = 1;
                    write.close();
                });
                read.recv();
                write.recv(); // null once closed: the writer is done before the next round
            }
        });

        // Go's struct{} elements (size 0) once took another path in its detector; the values
        // here are irrelevant, the k+C rule is the point: sends 3 and 4 wait for receives 1 and 2.
        k.noRace("ElemSize0", () -> {
            Vars s = new Vars();
            Chan<Boolean> c = Chan.make(2);
            c.send(true);
            c.send(true);
            Go.go(() -> {
                s.x += 1;
                c.recv();
            });
            Go.go(() -> {
                s.y += 1;
                c.recv();
            });
            Go.sleep(SHORT);
            c.send(true);
            c.send(true);
            s.x += 1;
            s.y += 1;
        });
    }

    /** Hands {@code f} to the worker and waits until it says it ran it. */
    @Suspendable
    private static void runOn(Chan<Task> queue, SuspendableRunnable f) {
        Chan<Boolean> done = Chan.make(1);
        queue.send(new Task(f, done));
        done.recv();
    }
}
