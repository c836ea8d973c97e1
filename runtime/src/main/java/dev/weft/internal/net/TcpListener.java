package dev.weft.internal.net;

import dev.weft.Suspendable;
import dev.weft.net.Conn;
import dev.weft.net.Listener;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A TCP listener ({@link Listener}) over a non-blocking {@link ServerSocketChannel}: accept
 * tries the channel first and parks on the read side of its {@link PollDesc} only when no
 * connection is pending. Its address is kept from the bind, so it stays readable after close.
 */
public final class TcpListener implements Listener {
    /**
     * The accept backlog asked for; the kernel caps it at its own limit ({@code somaxconn} on
     * Linux), which is what Go asks for.
     */
    private static final int BACKLOG = 65535;

    private final Netpoll poll;
    private final ServerSocketChannel ch;
    private final PollDesc pd;
    private final InetSocketAddress address;

    private TcpListener(Netpoll poll, ServerSocketChannel ch, PollDesc pd) throws IOException {
        this.poll = poll;
        this.ch = ch;
        this.pd = pd;
        this.address = (InetSocketAddress) ch.getLocalAddress();
    }

    /** {@code Net.listen}: binds exactly the address given ("localhost:0": an ephemeral port on loopback). */
    public static Listener listen(String address) throws IOException {
        InetSocketAddress a = Addresses.resolve("listen", address);
        Netpoll poll = Netpoll.get();
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(a, BACKLOG);
            SelectionKey key = poll.register(ch);
            return new TcpListener(poll, ch, new PollDesc(poll, key, SelectionKey.OP_ACCEPT, 0));
        } catch (IOException e) {
            ch.close();
            throw Addresses.error("listen", address, Addresses.describe(e), e);
        }
    }

    @Override
    @Suspendable
    public Conn accept() throws IOException {
        pd.check(PollDesc.READ);
        while (true) {
            SocketChannel c = ch.accept();
            if (c != null) {
                try {
                    return TcpConn.accepted(poll, c);
                } catch (IOException e) {
                    // The peer reset it before it could be set up (it is closed now): as Go's
                    // accept does for ECONNABORTED, wait for the next one.
                    pd.check(PollDesc.READ);
                    continue;
                }
            }
            pd.await(PollDesc.READ);
        }
    }

    @Override
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() throws IOException {
        if (pd.close()) {
            pd.closeChannel(ch);
        }
    }

    @Override
    public String toString() {
        return "Listener(" + address + ")";
    }
}
