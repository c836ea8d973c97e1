package dev.weft;

/**
 * Go's {@code <-chan T}: the receiving side of a {@link Chan}, for a function that may only
 * receive. A call through this interface parks exactly as the same call on the {@code Chan}
 * does. Only {@code Chan} implements it, as only the runtime makes Go's channels.
 */
public sealed interface RecvChan<T> extends Iterable<T> permits Chan {
    /**
     * Receives a value, parking until one is sent or the channel is closed.
     *
     * @return the value, or null once the channel is closed and its buffer drained
     */
    @Suspendable
    T recv();

    /** Receives without ever parking: a value, or null if none is ready (or closed and drained). */
    T tryRecv();

    boolean isClosed();

    /** Values in the buffer (racy, as in Go: a snapshot). */
    int len();

    int cap();

    /** A {@code select} case that receives from this channel; {@code then} gets null if it is closed. */
    Select.Case onRecv(SuspendableConsumer<T> then);

    /**
     * A {@code select} case that keeps what it received, for a select written without lambdas:
     * once the select chose it, {@link Select.RecvCase#value} is the value.
     */
    Select.RecvCase<T> onRecv();
}
