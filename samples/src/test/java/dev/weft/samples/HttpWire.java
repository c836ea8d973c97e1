package dev.weft.samples;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One HTTP/1.1 connection of a test, on a plain {@link Socket}: requests are written byte for
 * byte as given (so a test can send a malformed one, or several at once), answers are read
 * strictly (a status line, fields, exactly {@code Content-Length} bytes of body). Every read
 * gives up after {@link #READ_TIMEOUT_MILLIS}, so a server that does not answer fails the test.
 */
final class HttpWire implements AutoCloseable {
    static final int READ_TIMEOUT_MILLIS = 20_000;

    /** An answer: its status code, its fields (names in lower case) and its body. */
    record Answer(int status, Map<String, String> fields, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    HttpWire(InetSocketAddress server) throws IOException {
        socket = new Socket();
        socket.connect(server, READ_TIMEOUT_MILLIS);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Writes {@code request} as it is. */
    void send(String request) throws IOException {
        out.write(request.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Writes {@code request} and reads its answer (with no body if {@code head}). */
    Answer exchange(String request, boolean head) throws IOException {
        send(request);
        return read(head);
    }

    /** {@code GET path} on this connection: its answer. */
    Answer get(String path) throws IOException {
        return exchange("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n", false);
    }

    /** Reads one answer; a HEAD request's has no body, whatever its Content-Length. */
    Answer read(boolean head) throws IOException {
        String statusLine = line();
        assertTrue(statusLine.matches("HTTP/1\\.1 \\d{3} .+"), "status line: " + statusLine);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> fields = new HashMap<>();
        for (String line; !(line = line()).isEmpty(); ) {
            int colon = line.indexOf(':');
            assertTrue(colon > 0, "field: " + line);
            fields.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        String length = fields.get("content-length");
        assertTrue(length != null, "no Content-Length in " + fields);
        byte[] body = head ? new byte[0] : in.readNBytes(Integer.parseInt(length));
        assertEquals(head ? 0 : Integer.parseInt(length), body.length, "body length");
        return new Answer(status, fields, new String(body, StandardCharsets.UTF_8));
    }

    /** Whether the server has closed the connection: nothing more comes but the end of stream. */
    boolean closedByServer() throws IOException {
        return in.read() < 0;
    }

    /** A line ending in CRLF, without it. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException("the server closed the connection inside an answer, after: " + b);
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.UTF_8);
        assertTrue(s.endsWith("\r"), "a line without CR: " + s);
        return s.substring(0, s.length() - 1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
