package dev.weft;

import java.util.ArrayDeque;

/**
 * The sequential specification Lincheck checks {@link Chan} against: Go's channel written as
 * the plainest possible state machine, sharing no code with {@code Chan}. A bounded FIFO, a
 * count of receivers parked before the scenario started, a FIFO of values that parked senders
 * hold, and a closed flag. Only the operations that never park are modelled; the parked
 * partners are the test's own goroutines (see {@link ChanOperations}).
 *
 * <p>What it pins down, as {@code chan.go} does: a send goes to a waiting receiver first, then
 * into the buffer; a receive takes from the buffer first and then refills it from the first
 * waiting sender (so FIFO order holds across the two); an unbuffered channel passes values only
 * between a sender and a receiver that meet; close fails every waiting sender, releases every
 * waiting receiver with nothing, keeps the buffered values for later receives, and makes every
 * later send fail.
 *
 * <p>Results are strings or values, never exceptions, so a failure report reads plainly.
 */
public final class ChanModel {
    /**
     * The state of the channel before each scenario of the check running now: set by
     * {@link LincheckTest} before it starts a channel check, read by every {@link ChanModel} and
     * {@link ChanOperations} Lincheck creates (it creates them by class, with no arguments).
     */
    static volatile Setup current;

    /** A channel's state before the scenario: what {@link ChanOperations} builds for real. */
    public record Setup(int capacity, int buffered, int parkedReceivers, int parkedSenders) {
        /** The values put in the buffer before the scenario: 200, 201, ... */
        static int bufferedValue(int i) {
            return 200 + i;
        }

        /** The values the parked senders hold: 100, 101, ... (the scenario sends 1 to 4). */
        static int senderValue(int i) {
            return 100 + i;
        }
    }

    static final String SENT = "sent";
    static final String NOT_READY = "not ready";
    static final String CLOSED = "closed";
    static final String CLOSED_EXCEPTION = "ChannelClosedException";

    private final int capacity;
    private final ArrayDeque<Integer> buf = new ArrayDeque<>();
    private int waitingReceivers;
    private final ArrayDeque<Integer> waitingSenders = new ArrayDeque<>();
    private boolean closed;

    public ChanModel() {
        Setup s = current;
        capacity = s.capacity();
        for (int i = 0; i < s.buffered(); i++) {
            buf.addLast(Setup.bufferedValue(i));
        }
        waitingReceivers = s.parkedReceivers();
        for (int i = 0; i < s.parkedSenders(); i++) {
            waitingSenders.addLast(Setup.senderValue(i));
        }
    }

    public String trySend(int value) {
        if (closed) {
            return CLOSED_EXCEPTION;
        }
        if (waitingReceivers > 0) {
            waitingReceivers--;
            return SENT;
        }
        if (buf.size() < capacity) {
            buf.addLast(value);
            return SENT;
        }
        return NOT_READY;
    }

    public Integer tryRecv() {
        if (!buf.isEmpty()) {
            Integer v = buf.pollFirst();
            if (!waitingSenders.isEmpty()) {
                buf.addLast(waitingSenders.pollFirst());
            }
            return v;
        }
        return waitingSenders.pollFirst(); // null if none: not ready, or closed and drained
    }

    public String close() {
        if (closed) {
            return CLOSED_EXCEPTION;
        }
        closed = true;
        waitingReceivers = 0;
        waitingSenders.clear();
        return CLOSED;
    }

    public boolean isClosed() {
        return closed;
    }

    public int len() {
        return buf.size();
    }

    public int cap() {
        return capacity;
    }
}
