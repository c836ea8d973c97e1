package dev.weft;

/**
 * Go's {@code chan<- T}: the sending side of a {@link Chan}, for a function that may only send
 * (and close). A call through this interface parks exactly as the same call on the {@code Chan}
 * does. Only {@code Chan} implements it, as only the runtime makes Go's channels.
 */
public sealed interface SendChan<T> permits Chan {
    /**
     * Sends {@code value}, parking until a receiver takes it or there is room in the buffer.
     *
     * @throws NullPointerException   if {@code value} is null
     * @throws ChannelClosedException if the channel is closed, or is closed while this waits
     */
    @Suspendable
    void send(T value);

    /**
     * Sends without ever parking.
     *
     * @return true if a receiver took the value or the buffer had room
     * @throws ChannelClosedException if the channel is closed
     */
    boolean trySend(T value);

    /**
     * Closes the channel: receivers drain the buffer and then get null; waiting senders, and
     * every later send, throw {@link ChannelClosedException}.
     *
     * @throws ChannelClosedException if it is already closed
     */
    void close();

    boolean isClosed();

    /** Values in the buffer (racy, as in Go: a snapshot). */
    int len();

    int cap();

    /** A {@code select} case that sends {@code value} on this channel, then runs {@code then}. */
    Select.Case onSend(T value, SuspendableRunnable then);

    /** A {@code select} case that sends {@code value} on this channel, with nothing to run after. */
    Select.Case onSend(T value);
}
