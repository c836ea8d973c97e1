package dev.weft.samples;

import dev.weft.Suspendable;
import dev.weft.net.Conn;
import dev.weft.net.ConnReader;
import dev.weft.net.ConnWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * An HTTP/1.1 server with a goroutine per connection, as Go's {@code net/http} serves: each
 * connection's goroutine reads a request ({@link HttpRequest#read}, on a {@link ConnReader}),
 * answers it, and reads the next while the connection is kept alive, parking between requests.
 *
 * <pre>
 * http.HandleFunc("/hello", func(w http.ResponseWriter, r *http.Request) {
 *     io.WriteString(w, "Hello, world!\n")
 * })
 * http.ListenAndServe("127.0.0.1:"+port, nil)
 * </pre>
 *
 * Its paths: {@code /} and {@code /hello} answer {@code Hello, world!} to GET and HEAD;
 * {@code /echo} answers a POST with its body; any other path is a 404, and another method on
 * these paths a 405. Connections are kept alive (HTTP/1.1) unless the client sends
 * {@code Connection: close}; an HTTP/1.0 connection closes after its answer unless the client
 * asked for {@code Connection: keep-alive}. A request {@link HttpRequest} refuses (a malformed
 * request line is a 400) gets its status and the connection is closed, as Go's server does.
 * Every answer has a {@code Content-Length}; requests may be pipelined.
 *
 * <p>Run it with a port (0: any free one):
 * <pre>
 * java -javaagent:agent/target/weft-agent-0.1.0-SNAPSHOT.jar -cp samples/target/classes dev.weft.samples.HttpServer 8080
 * </pre>
 * It prints {@code listening on 127.0.0.1:8080} and serves until stopped (Ctrl-C, SIGTERM), then
 * closes every connection and prints {@code closed}. Try {@code curl -v http://127.0.0.1:8080/hello}.
 * {@link HelloHttp} starts one and talks to it.
 */
public final class HttpServer {
    static final String HELLO = "Hello, world!\n";
    static final String NOT_FOUND = "404 page not found\n";
    private static final byte[] HELLO_BODY = bytes(HELLO);
    private static final byte[] NOT_FOUND_BODY = bytes(NOT_FOUND);
    private static final byte[] NOT_ALLOWED_BODY = bytes("405 method not allowed\n");
    private static final String TEXT = "text/plain; charset=utf-8";
    /** As Go's bufio defaults: a connection's reader and writer buffers, and the longest request line or header field. */
    private static final int BUFFER_SIZE = 4096;
    private static final int MAX_LINE = 8192;
    /** RFC 9110's IMF-fixdate: {@code Sun, 06 Nov 1994 08:49:37 GMT}. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** The {@code Date} field of the current second; a benign race: two goroutines may both format it. */
    private static volatile Date date = new Date(0, "");

    private record Date(long second, String text) {
    }

    private HttpServer() {}

    /** An HTTP server listening on {@code address}, started by {@link TcpServer#serve}. */
    public static TcpServer listen(String address) throws IOException {
        return TcpServer.listen(address, HttpServer::serve);
    }

    /** One connection: requests and their answers until either side closes it. */
    @Suspendable
    static void serve(Conn c) throws IOException {
        ConnReader in = new ConnReader(c, BUFFER_SIZE, MAX_LINE);
        ConnWriter out = new ConnWriter(c, BUFFER_SIZE);
        while (true) {
            HttpRequest r;
            try {
                r = HttpRequest.read(in);
            } catch (HttpRequest.Refused e) {
                respond(out, e.status, TEXT, bytes(e.status + " " + reason(e.status) + "\n"), false, "Connection: close\r\n");
                out.flush();
                return;
            }
            if (r == null) {
                return; // the client closed between requests
            }
            boolean keepAlive = r.keepAlive();
            // An HTTP/1.0 client that asked to keep the connection is told it is kept.
            String connection = !keepAlive ? "Connection: close\r\n" : r.version().equals("HTTP/1.0") ? "Connection: keep-alive\r\n" : "";
            answer(r, out, connection);
            out.flush();
            if (!keepAlive) {
                return;
            }
        }
    }

    /** Routes {@code r} to what answers its path. */
    @Suspendable
    private static void answer(HttpRequest r, ConnWriter out, String connection) throws IOException {
        String method = r.method();
        switch (r.path()) {
            case "/", "/hello" -> {
                if (method.equals("GET") || method.equals("HEAD")) {
                    respond(out, 200, TEXT, HELLO_BODY, method.equals("HEAD"), connection);
                } else {
                    respond(out, 405, TEXT, NOT_ALLOWED_BODY, false, connection + "Allow: GET, HEAD\r\n");
                }
            }
            case "/echo" -> {
                if (method.equals("POST")) {
                    respond(out, 200, "application/octet-stream", r.body(), false, connection);
                } else {
                    respond(out, 405, TEXT, NOT_ALLOWED_BODY, false, connection + "Allow: POST\r\n");
                }
            }
            default -> respond(out, 404, TEXT, NOT_FOUND_BODY, method.equals("HEAD"), connection);
        }
    }

    /**
     * Writes an answer into {@code out} (not flushed): the status line, the fields (with
     * {@code extraFields}, each ending in CRLF), and the body unless {@code head} (a HEAD
     * request is told the length it would have had).
     */
    @Suspendable
    private static void respond(ConnWriter out, int status, String type, byte[] body, boolean head, String extraFields)
            throws IOException {
        out.write("HTTP/1.1 " + status + " " + reason(status) + "\r\n"
                + "Content-Type: " + type + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Date: " + date() + "\r\n"
                + extraFields
                + "\r\n");
        if (!head) {
            out.write(body, 0, body.length);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 505 -> "HTTP Version Not Supported";
            default -> throw new IllegalArgumentException("no reason phrase for status " + status);
        };
    }

    /** The current {@code Date} field's value, formatted once a second. */
    private static String date() {
        long now = System.currentTimeMillis() / 1000;
        Date d = date;
        if (d.second() != now) {
            d = new Date(now, DATE.format(Instant.ofEpochSecond(now)));
            date = d;
        }
        return d.text();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        TcpServer.main("HttpServer", args, HttpServer::serve);
    }
}
