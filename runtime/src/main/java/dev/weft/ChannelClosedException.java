package dev.weft;

/** A send on a closed channel, or a second close: Go's "send on closed channel" and "close of closed channel" panics. */
public class ChannelClosedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChannelClosedException(String message) {
        super(message);
    }
}
