package dev.weft.benchmarks.net;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.benchmarks.JdkThreads;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadFactory;

/**
 * The JDK's HTTP server ({@code com.sun.net.httpserver}) on virtual threads, the JVM peer of
 * weft's {@code HttpServer} sample under {@code wrk} in {@code benchmarks/net.sh}: it answers
 * {@code /} and {@code /hello} with the sample's body and content type ({@code Hello, world!},
 * {@code text/plain; charset=utf-8}), and any other path with a 404. Each exchange runs on a
 * virtual thread of its own (JDK 21 and newer); the server's dispatcher thread accepts and
 * polls the connections between requests. Run it with {@code -Dsun.net.httpserver.nodelay=true}:
 * without TCP_NODELAY, the body sent after the head waits for the client's delayed ACK.
 *
 * <p>It listens on 127.0.0.1 at a port the kernel picks, prints {@code listening on
 * 127.0.0.1:PORT}, and serves until the process is killed.
 */
public final class JdkHttp {
    private static final byte[] HELLO = "Hello, world!\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = "404 page not found\n".getBytes(StandardCharsets.UTF_8);
    private static final int BACKLOG = 65535;

    private JdkHttp() {}

    public static void main(String[] args) throws IOException {
        ThreadFactory virtual = JdkThreads.virtual();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        server.createContext("/", JdkHttp::answer);
        server.setExecutor(r -> virtual.newThread(r).start()); // a virtual thread per exchange
        server.start();
        System.out.println("listening on 127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange) throws IOException {
        try {
            exchange.getRequestBody().readAllBytes(); // a keep-alive connection goes on after the body
            String path = exchange.getRequestURI().getPath();
            boolean hello = path.equals("/") || path.equals("/hello");
            byte[] body = hello ? HELLO : NOT_FOUND;
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(hello ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } finally {
            exchange.close(); // not try-with-resources: HttpExchange is AutoCloseable only from JDK 18
        }
    }
}
