package dev.weft.samples;

import dev.weft.Context;
import dev.weft.Go;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;
import dev.weft.net.Conn;
import dev.weft.net.ConnReader;
import dev.weft.net.ConnWriter;
import dev.weft.net.Net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An {@link HttpServer} on a port the kernel picks, and a client goroutine that talks HTTP/1.1
 * to it over {@code dev.weft.net}: several requests on one kept-alive connection, then a
 * request the server cannot parse; then the server is closed.
 *
 * <pre>
 * srv := &amp;http.Server{Handler: mux}
 * l, _ := net.Listen("tcp", "127.0.0.1:0")
 * go srv.Serve(l)
 * c, _ := net.Dial("tcp", l.Addr().String())
 * fmt.Fprint(c, "GET /hello HTTP/1.1\r\nHost: weft\r\n\r\n")
 * resp, _ := http.ReadResponse(bufio.NewReader(c), nil)
 * ...
 * srv.Close()
 * </pre>
 *
 * The server's accept loop and each connection's goroutine park while they wait, as the client
 * does, so all of it runs on the carriers the other samples use. Prints:
 * <pre>
 * an HTTP server listens on 127.0.0.1, on a port the kernel picked
 * one connection, kept alive:
 *   GET /hello -> 200 OK: Hello, world!
 *   HEAD /hello -> 200 OK: Content-Length 14, no body
 *   POST /echo -> 200 OK: ping
 *   GET /nowhere -> 404 Not Found: 404 page not found
 *   GET / with Connection: close -> 200 OK: Hello, world!
 *   then the server closed it: end of stream
 * another connection:
 *   NONSENSE -> 400 Bad Request: 400 Bad Request
 *   then the server closed it: end of stream
 * the server is closed, and serve returned
 * </pre>
 */
public final class HelloHttp {
    /** A response as the client reads it: status and reason, header fields (names in lower case), body. */
    record Answer(String status, Map<String, String> fields, String body) {
    }

    private HelloHttp() {}

    public static void main(String[] args) {
        Go.run(() -> {
            TcpServer server = HttpServer.listen("127.0.0.1:0");
            WaitGroup serving = new WaitGroup();
            serving.add(1);
            Go.go(() -> {
                try {
                    server.serve(Context.background());
                } finally {
                    serving.done();
                }
            });
            System.out.println("an HTTP server listens on 127.0.0.1, on a port the kernel picked");
            String address = "127.0.0.1:" + server.address().getPort();

            System.out.println("one connection, kept alive:");
            try (Conn c = Net.dial(address)) {
                ConnReader in = new ConnReader(c);
                ConnWriter out = new ConnWriter(c);
                show("GET /hello", send(in, out, "GET /hello HTTP/1.1\r\nHost: weft\r\n\r\n", false));
                Answer head = send(in, out, "HEAD /hello HTTP/1.1\r\nHost: weft\r\n\r\n", true);
                System.out.println("  HEAD /hello -> " + head.status() + ": Content-Length " + head.fields().get("content-length")
                        + (head.body().isEmpty() ? ", no body" : ", and a body"));
                show("POST /echo", send(in, out, "POST /echo HTTP/1.1\r\nHost: weft\r\nContent-Length: 4\r\n\r\nping", false));
                show("GET /nowhere", send(in, out, "GET /nowhere HTTP/1.1\r\nHost: weft\r\n\r\n", false));
                show("GET / with Connection: close", send(in, out, "GET / HTTP/1.1\r\nHost: weft\r\nConnection: close\r\n\r\n", false));
                showClosed(in);
            }

            System.out.println("another connection:");
            try (Conn c = Net.dial(address)) {
                ConnReader in = new ConnReader(c);
                ConnWriter out = new ConnWriter(c);
                show("NONSENSE", send(in, out, "NONSENSE\r\n\r\n", false));
                showClosed(in);
            }

            server.close(); // srv.Close(): stops accepting, closes the connections left
            serving.await();
            System.out.println("the server is closed, and serve returned");
        });
    }

    private static void show(String request, Answer a) {
        System.out.println("  " + request + " -> " + a.status() + ": " + a.body().strip());
    }

    @Suspendable
    private static void showClosed(ConnReader in) throws IOException {
        System.out.println("  then the server closed it: " + (in.readLine() == null ? "end of stream" : "more bytes"));
    }

    /** Writes {@code request} and reads its answer; a HEAD request's answer has no body. */
    @Suspendable
    static Answer send(ConnReader in, ConnWriter out, String request, boolean head) throws IOException {
        out.write(request);
        out.flush();
        String statusLine = in.readLine(); // HTTP/1.1 200 OK
        if (statusLine == null) {
            throw new IOException("the server closed the connection without an answer");
        }
        String status = statusLine.substring(statusLine.indexOf(' ') + 1);
        Map<String, String> fields = new HashMap<>();
        for (String line; !(line = in.readLine()).isEmpty(); ) {
            int colon = line.indexOf(':');
            fields.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        byte[] body = new byte[head ? 0 : Integer.parseInt(fields.get("content-length"))];
        in.readFully(body, 0, body.length);
        return new Answer(status, fields, new String(body, StandardCharsets.UTF_8));
    }
}
