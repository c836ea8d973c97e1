package dev.weft.net;

import dev.weft.Context;
import dev.weft.Suspendable;
import dev.weft.internal.net.Dial;
import dev.weft.internal.net.TcpListener;

import java.io.IOException;

/**
 * Opens TCP listeners and connections (Go's {@code net.Listen("tcp", ...)} and
 * {@code net.Dial("tcp", ...)}).
 *
 * <p>An address is {@code host:port}: a host name or IP literal (an IPv6 literal in brackets,
 * {@code [::1]:8080}) and a port from 0 to 65535. A bad, unresolvable or refused address, or a
 * port in use, is an {@link IOException} whose message names the operation and the address, as
 * Go's does: {@code dial tcp 127.0.0.1:1: Connection refused}. A host name is resolved by the
 * JDK's resolver, which blocks the carrier while it looks the name up.
 */
public final class Net {
    private Net() {}

    /**
     * Listens on {@code address}, binding exactly the host it names ({@code "127.0.0.1:8080"};
     * an empty host, {@code ":8080"}, binds every local address); port 0 picks an ephemeral
     * port, which {@link Listener#address()} tells.
     */
    public static Listener listen(String address) throws IOException {
        return TcpListener.listen(address);
    }

    /** Connects to {@code address}, parking until the connection is made or fails. */
    @Suspendable
    public static Conn dial(String address) throws IOException {
        return Dial.dial(null, address);
    }

    /**
     * As {@link #dial(String)}, giving up when {@code ctx} is done: if it is done before or while
     * the connection is being made, throws the context's own exception
     * ({@link dev.weft.CanceledException}, {@link dev.weft.DeadlineExceededException}), unwrapped.
     */
    @Suspendable
    public static Conn dial(Context ctx, String address) throws IOException {
        if (ctx == null) {
            throw new NullPointerException("dial: ctx is null (use Context.background())");
        }
        return Dial.dial(ctx, address);
    }
}
