package dev.weft.samples;

import dev.weft.Suspendable;
import dev.weft.net.Conn;

import java.io.IOException;

/**
 * An echo server: a goroutine per connection sends back every byte it receives, until the
 * client shuts down its side.
 *
 * <pre>
 * l, _ := net.Listen("tcp", "127.0.0.1:"+port)
 * for {
 *     c, _ := l.Accept()
 *     go func() { defer c.Close(); io.Copy(c, c) }()
 * }
 * </pre>
 *
 * Its goroutines park in {@code Conn.read} while their clients are quiet, on a few carrier
 * threads; the accept loop and the stopping are {@link TcpServer}'s. Run it with a port (0: any
 * free one):
 * <pre>
 * java -javaagent:agent/target/weft-agent-0.1.0-SNAPSHOT.jar -cp samples/target/classes dev.weft.samples.EchoServer 7007
 * </pre>
 * It prints {@code listening on 127.0.0.1:7007} and serves until stopped (Ctrl-C, SIGTERM), then
 * closes every connection and prints {@code closed}. Try it with {@code nc 127.0.0.1 7007}.
 */
public final class EchoServer {
    /** How much one read may take; a larger echo comes back in several writes. */
    static final int BUFFER_SIZE = 4096;

    private EchoServer() {}

    /** An echo server listening on {@code address}, started by {@link TcpServer#serve}. */
    public static TcpServer listen(String address) throws IOException {
        return TcpServer.listen(address, EchoServer::echo);
    }

    /** Writes back what {@code c} reads until its end of stream (Go's {@code io.Copy(c, c)}). */
    @Suspendable
    static void echo(Conn c) throws IOException {
        byte[] buf = new byte[BUFFER_SIZE];
        for (int n; (n = c.read(buf, 0, buf.length)) > 0; ) {
            c.write(buf, 0, n);
        }
    }

    public static void main(String[] args) throws Exception {
        TcpServer.main("EchoServer", args, EchoServer::echo);
    }
}
