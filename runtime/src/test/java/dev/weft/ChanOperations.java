package dev.weft;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Lincheck calls on a real {@link Chan}: the operations that never park, from Lincheck's
 * plain threads, checked against {@link ChanModel}.
 *
 * <p>Before each scenario the channel is put in the state {@link ChanModel#current} names: values in the
 * buffer, and goroutines parked in {@code recv} or {@code send} (each one is seen queued on the
 * channel, under its lock, before the next starts, so the senders' order is known). Those
 * goroutines are the partners that make an unbuffered channel's {@code trySend} and
 * {@code tryRecv} succeed, and that {@code close} must release.
 *
 * <p>Lincheck checks what the scenario's own operations return; {@link #conservesValues}
 * checks what it cannot see: after a final close every parked goroutine has returned, and
 * every value that went in (buffered, sent by {@code trySend}, or delivered by a parked
 * sender) came out exactly once (to {@code tryRecv}, to a parked receiver, or drained).
 */
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public final class ChanOperations {
    private final Chan<Integer> ch;
    private final CountDownLatch partnersDone;
    private final Queue<Integer> in = new ConcurrentLinkedQueue<>();
    private final Queue<Integer> out = new ConcurrentLinkedQueue<>();

    public ChanOperations() {
        ChanModel.Setup s = ChanModel.current;
        ch = Chan.make(s.capacity());
        partnersDone = new CountDownLatch(s.parkedReceivers() + s.parkedSenders());
        for (int i = 0; i < s.buffered(); i++) {
            int v = ChanModel.Setup.bufferedValue(i);
            if (!ch.trySend(v)) {
                throw new IllegalStateException("setup: buffer of " + s.capacity() + " refused value " + i);
            }
            in.add(v);
        }
        for (int i = 0; i < s.parkedReceivers(); i++) {
            Go.go(() -> {
                Integer v = ch.recv();
                if (v != null) {
                    out.add(v);
                }
                partnersDone.countDown();
            });
            LincheckTest.awaitQueued(ch.lock, ch.recvq, i + 1);
        }
        for (int i = 0; i < s.parkedSenders(); i++) {
            int v = ChanModel.Setup.senderValue(i);
            Go.go(() -> {
                try {
                    ch.send(v);
                    in.add(v);
                } catch (ChannelClosedException e) {
                    // closed while parked: its value never went in
                }
                partnersDone.countDown();
            });
            LincheckTest.awaitQueued(ch.lock, ch.sendq, i + 1);
        }
    }

    @Operation(params = "value")
    public String trySend(int value) {
        try {
            if (!ch.trySend(value)) {
                return ChanModel.NOT_READY;
            }
            in.add(value);
            return ChanModel.SENT;
        } catch (ChannelClosedException e) {
            return ChanModel.CLOSED_EXCEPTION;
        }
    }

    @Operation
    public Integer tryRecv() {
        Integer v = ch.tryRecv();
        if (v != null) {
            out.add(v);
        }
        return v;
    }

    @Operation
    public String close() {
        try {
            ch.close();
            return ChanModel.CLOSED;
        } catch (ChannelClosedException e) {
            return ChanModel.CLOSED_EXCEPTION;
        }
    }

    @Operation
    public boolean isClosed() {
        return ch.isClosed();
    }

    @Operation
    public int len() {
        return ch.len();
    }

    @Operation
    public int cap() {
        return ch.cap();
    }

    /** After the scenario (run alone): close, let the partners finish, account for every value. */
    @Validate
    public void conservesValues() throws InterruptedException {
        if (!ch.isClosed()) {
            ch.close();
        }
        if (!partnersDone.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException(partnersDone.getCount()
                    + " parked goroutine(s) still blocked 10 s after close\n" + Go.dump());
        }
        for (Integer v; (v = ch.tryRecv()) != null; ) {
            out.add(v);
        }
        List<Integer> sent = sorted(in);
        List<Integer> received = sorted(out);
        if (!sent.equals(received)) {
            throw new IllegalStateException("values lost or duplicated: sent " + sent + ", received " + received);
        }
    }

    private static List<Integer> sorted(Queue<Integer> q) {
        List<Integer> l = new ArrayList<>(q);
        Collections.sort(l);
        return l;
    }
}
