package dev.weft.net;

import dev.weft.Suspendable;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * A TCP listener (Go's {@code net.Listener}), from {@link Net#listen}. Several goroutines may
 * accept on one listener at once.
 */
public interface Listener extends AutoCloseable {
    /**
     * Parks until a connection arrives and answers it. After {@link #close}, and in an accept
     * parked when it is called, throws {@link java.nio.channels.ClosedChannelException}.
     */
    @Suspendable
    Conn accept() throws IOException;

    /** The bound address: its real port when listening on port 0. Still answers after close. */
    InetSocketAddress address();

    /**
     * Stops listening and frees the port; a parked accept throws
     * {@link java.nio.channels.ClosedChannelException}. Connections already accepted stay open.
     * A second close does nothing.
     */
    @Override
    void close() throws IOException;
}
