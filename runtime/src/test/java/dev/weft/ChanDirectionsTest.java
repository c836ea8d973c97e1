package dev.weft;

import dev.weft.testing.SystemProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RecvChan} and {@link SendChan}, Go's {@code <-chan T} and {@code chan<- T}: Go by
 * Example's "Channel Directions" (ping and pong), a for-each over a {@code RecvChan}, the
 * non-blocking operations and the queries through each interface, and select cases made
 * through them.
 *
 * <p>Every run that parks is in strict mode, on unbuffered channels, and waits until the other
 * side is really parked before it acts: a call through either interface must park as the same
 * call on the {@code Chan} does, never pin (a pinned park throws {@link PinnedError} in strict
 * mode, and the run fails). The two control tests show that strict mode does catch a pin here.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChanDirectionsTest {

    @BeforeEach
    void ignoreGoroutinesOfEarlierTests() {
        Dumps.ignoreExisting();
    }

    private static <T> T strict(SuspendableCallable<T> main) {
        return SystemProperty.with("weft.strict", "true", () -> Go.run(main));
    }

    // ---- Go by Example: channel directions --------------------------------------------------

    /** Only sends: {@code func ping(pings chan<- string, msg string)}. */
    @Suspendable
    private static void ping(SendChan<String> pings, String msg) {
        pings.send(msg);
    }

    /** Receives on one, sends on the other: {@code func pong(pings <-chan string, pongs chan<- string)}. */
    @Suspendable
    private static void pong(RecvChan<String> pings, SendChan<String> pongs) {
        String msg = pings.recv();
        pongs.send(msg);
    }

    @Test
    void pingPong_theReceiverWaitsFirst_everyCallThroughTheInterfacesParks() {
        String got = strict(() -> {
            Chan<String> pings = Chan.make();
            Chan<String> pongs = Chan.make();
            Go.go(() -> pong(pings, pongs));
            Dumps.awaitParked("chan receive", ChanDirectionsTest.class, 1); // RecvChan.recv parked
            Go.go(() -> ping(pings, "passed message")); // meets the parked receiver
            Dumps.awaitParked("chan send", ChanDirectionsTest.class, 1); // pong's SendChan.send parked
            return pongs.recv();
        });
        assertEquals("passed message", got);
    }

    @Test
    void pingPong_theSenderWaitsFirst_everyCallThroughTheInterfacesParks() {
        String got = strict(() -> {
            Chan<String> pings = Chan.make();
            Chan<String> pongs = Chan.make();
            Chan<Boolean> pinged = Chan.make(1);
            Go.go(() -> {
                ping(pings, "passed message");
                pinged.send(true);
            });
            Dumps.awaitParked("chan send", ChanDirectionsTest.class, 1); // SendChan.send parked
            Chan<Boolean> ponged = Chan.make(1);
            Go.go(() -> {
                pong(pings, pongs);
                ponged.send(true);
            });
            pinged.recv(); // pong received: ping is done, and pong's send is the only one left
            Dumps.awaitParked("chan send", ChanDirectionsTest.class, 1);
            String msg = pongs.recv();
            ponged.recv();
            return msg;
        });
        assertEquals("passed message", got);
    }

    // ---- for-each over a RecvChan ------------------------------------------------------------

    /** Receives until {@code in} is closed, through the interface's iterator. */
    @Suspendable
    private static List<Integer> drain(RecvChan<Integer> in, AtomicInteger progress) {
        List<Integer> got = new ArrayList<>();
        for (Integer v : in) {
            got.add(v);
            progress.incrementAndGet();
        }
        return got;
    }

    @Test
    void forEachOverARecvChan_parksAtEveryStep_andEndsWhenTheChannelIsClosed() {
        int n = 5;
        List<Integer> got = strict(() -> {
            Chan<Integer> ch = Chan.make();
            Chan<List<Integer>> result = Chan.make(1);
            AtomicInteger progress = new AtomicInteger();
            Go.go(() -> result.send(drain(ch, progress)));
            for (int i = 0; i < n; i++) {
                int received = i;
                Eventually.until("the loop received " + received + " values", () -> progress.get() == received);
                Dumps.awaitParked("chan receive", ChanDirectionsTest.class, 1); // parked in hasNext
                ch.send(i * 10);
            }
            Eventually.until("the loop received every value", () -> progress.get() == n);
            Dumps.awaitParked("chan receive", ChanDirectionsTest.class, 1);
            ch.close();
            return result.recv();
        });
        assertEquals(List.of(0, 10, 20, 30, 40), got);
    }

    /** Not @Suspendable: the loop's receive cannot unwind through this frame, so it pins. */
    private static List<Integer> drainWithoutSuspendable(RecvChan<Integer> in) {
        List<Integer> got = new ArrayList<>();
        for (Integer v : in) {
            got.add(v);
        }
        return got;
    }

    /** Not @Suspendable: the receive pins. */
    private static String recvWithoutSuspendable(RecvChan<String> in) {
        return in.recv();
    }

    @Test
    void control_strictMode_catchesAPinnedReceiveThroughARecvChan() {
        Chan<Integer> never = Chan.make();
        assertThrows(PinnedError.class, () -> strict(() -> drainWithoutSuspendable(never)));
        Chan<String> alsoNever = Chan.make();
        assertThrows(PinnedError.class, () -> strict(() -> recvWithoutSuspendable(alsoNever)));
    }

    // ---- the other operations through the interfaces -------------------------------------

    @Test
    void bufferedChannel_throughTheInterfaces_trySendTryRecvLenCapCloseIsClosed() {
        Chan<Integer> ch = Chan.make(2);
        SendChan<Integer> out = ch;
        RecvChan<Integer> in = ch;
        assertEquals(2, out.cap());
        assertEquals(2, in.cap());
        assertTrue(out.trySend(1));
        assertTrue(out.trySend(2));
        assertFalse(out.trySend(3), "the buffer is full");
        assertEquals(2, out.len());
        assertEquals(2, in.len());
        assertEquals(1, in.tryRecv());
        assertEquals(1, in.len());
        assertFalse(in.isClosed());
        out.close();
        assertTrue(in.isClosed());
        assertTrue(out.isClosed());
        assertEquals(2, in.tryRecv(), "a closed channel's buffer is still drained");
        assertNull(in.tryRecv());
        assertEquals(0, in.len());
        assertThrows(ChannelClosedException.class, () -> out.trySend(4));
        assertThrows(ChannelClosedException.class, out::close);
        assertThrows(NullPointerException.class, () -> Chan.<Integer>make(1).trySend(null));
    }

    @Test
    void unbufferedChannel_throughTheInterfaces_tryOperationsSucceedOnlyWithAPartnerParked() {
        strict(() -> {
            Chan<Integer> ch = Chan.make();
            SendChan<Integer> out = ch;
            RecvChan<Integer> in = ch;
            assertEquals(0, out.cap());
            assertEquals(0, in.cap());
            assertFalse(out.trySend(1), "nobody receives");
            assertNull(in.tryRecv(), "nobody sends");

            Chan<Integer> received = Chan.make(1);
            Go.go(() -> received.send(in.recv()));
            Dumps.awaitParked("chan receive", ChanDirectionsTest.class, 1);
            assertTrue(out.trySend(7), "a receiver is parked");
            assertEquals(7, received.recv());

            Go.go(() -> out.send(8));
            Dumps.awaitParked("chan send", ChanDirectionsTest.class, 1);
            assertEquals(0, in.len(), "an unbuffered channel holds nothing, even with a sender parked");
            assertEquals(8, in.tryRecv(), "a sender is parked");

            Go.go(() -> received.send(in.recv() == null ? -1 : 0));
            Dumps.awaitParked("chan receive", ChanDirectionsTest.class, 1);
            out.close();
            assertEquals(-1, received.recv(), "close through SendChan wakes a receiver parked through RecvChan");
            return null;
        });
    }

    // ---- select cases made through the interfaces --------------------------------------------

    @Test
    void selectCases_madeThroughTheInterfaces_parkAndComplete() {
        List<String> log = strict(() -> {
            Chan<Integer> a = Chan.make();
            Chan<Integer> b = Chan.make();
            RecvChan<Integer> in = a;
            SendChan<Integer> out = b;
            List<String> seen = new ArrayList<>();
            Chan<String> result = Chan.make(1);

            // in.onRecv(): a case that keeps the value.
            Go.go(() -> {
                Select.RecvCase<Integer> fromIn = in.onRecv();
                int i = Select.select(fromIn, out.onSend(99));
                result.send(i + ":" + fromIn.value());
            });
            Dumps.awaitParked("select", ChanDirectionsTest.class, 1);
            a.send(1);
            seen.add(result.recv());

            // out.onSend(v): the send case wins when a receiver arrives.
            Go.go(() -> result.send("" + Select.select(in.onRecv(), out.onSend(2))));
            Dumps.awaitParked("select", ChanDirectionsTest.class, 1);
            seen.add("b=" + b.recv());
            seen.add(result.recv());

            // out.onSend(v, then) and in.onRecv(then).
            Go.go(() -> {
                int i = Select.select(
                        in.onRecv(v -> result.send("then recv " + v)),
                        out.onSend(3, () -> result.send("then sent 3")));
                result.send("index " + i);
            });
            Dumps.awaitParked("select", ChanDirectionsTest.class, 1);
            seen.add("b=" + b.recv());
            seen.add(result.recv());
            seen.add(result.recv());

            Go.go(() -> {
                int i = Select.select(
                        in.onRecv(v -> result.send("then recv " + v)),
                        out.onSend(4, () -> result.send("then sent 4")));
                result.send("index " + i);
            });
            Dumps.awaitParked("select", ChanDirectionsTest.class, 1);
            a.send(5);
            seen.add(result.recv());
            seen.add(result.recv());
            return seen;
        });
        assertEquals(List.of("0:1", "b=2", "1", "b=3", "then sent 3", "index 1", "then recv 5", "index 0"), log);
    }

    @Test
    void selectCase_throughRecvChan_onAClosedChannel_answersOkFalse() {
        Chan<Integer> ch = Chan.make();
        RecvChan<Integer> in = ch;
        SendChan<Integer> out = ch;
        Boolean ok = strict(() -> {
            Select.RecvCase<Integer> fromIn = in.onRecv();
            Go.go(() -> {
                Dumps.awaitParked("select", null, 1);
                out.close();
            });
            assertEquals(0, Select.select(fromIn));
            assertNull(fromIn.value());
            return fromIn.ok();
        });
        assertFalse(ok);
        assertThrows(ChannelClosedException.class, () -> Go.run(() -> Select.select(out.onSend(1))));
    }
}
