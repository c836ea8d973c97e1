package dev.weft.samples;

import dev.weft.Suspendable;
import dev.weft.net.ConnReader;

import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An HTTP/1.x request as {@link HttpServer} reads it off a connection (RFC 9112): the request
 * line, the header fields, and a body of {@code Content-Length} bytes. {@link #read} is the
 * parser; it reads through a {@link ConnReader}, so a goroutine waiting for the next request of
 * a keep-alive connection parks instead of holding its thread.
 *
 * <p>Invariants of a request {@code read} answers: {@code method} is a token; {@code target}
 * is in origin form (it starts with {@code /}); {@code version} is {@code HTTP/1.0} or
 * {@code HTTP/1.1}; header names are lower case, and a field sent twice has its values joined
 * by {@code ", "}; {@code body} is never null (empty without {@code Content-Length}).
 *
 * <p>What it refuses, with the status the server answers before it closes the connection
 * ({@link Refused}): a malformed request line or header field, or conflicting lengths (400), a
 * version other than 1.0 and 1.1 (505), more than {@value #MAX_FIELDS} header fields (431), a
 * body over {@value #MAX_BODY} bytes (413), and {@code Transfer-Encoding} (501: this server
 * reads only {@code Content-Length} bodies). A line over the reader's limit, or a connection
 * that ends inside a request, is an {@link IOException}: the server closes without an answer.
 */
record HttpRequest(String method, String target, String version, Map<String, String> headers, byte[] body) {
    static final int MAX_FIELDS = 100;
    static final int MAX_BODY = 1 << 20;
    private static final byte[] NO_BODY = new byte[0];

    /** A request the server refuses: the status to answer with, after which it closes the connection. */
    static final class Refused extends Exception {
        final int status;

        Refused(int status, String why) {
            super(why, null, false, false); // an answer to a client, not a bug: no stack trace
            this.status = status;
        }
    }

    /**
     * Reads the next request from {@code in}: null if the connection ended cleanly before one
     * began (a keep-alive client that is done).
     */
    @Suspendable
    static HttpRequest read(ConnReader in) throws IOException, Refused {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 < 0 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw new Refused(400, "malformed request line");
        }
        String method = line.substring(0, sp1);
        String target = line.substring(sp1 + 1, sp2);
        String version = line.substring(sp2 + 1);
        if (!isToken(method) || !target.startsWith("/")) {
            throw new Refused(400, "malformed request line");
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw version.matches("HTTP/[0-9]\\.[0-9]") ? new Refused(505, "unsupported version") : new Refused(400, "malformed request line");
        }
        Map<String, String> headers = readFields(in);
        if (headers.containsKey("transfer-encoding")) {
            throw new Refused(501, "transfer codings are not implemented");
        }
        int length = contentLength(headers.get("content-length"));
        byte[] body = NO_BODY;
        if (length > 0) {
            body = new byte[length];
            in.readFully(body, 0, length);
        }
        return new HttpRequest(method, target, version, headers, body);
    }

    /** The header fields up to the empty line that ends them. */
    @Suspendable
    private static Map<String, String> readFields(ConnReader in) throws IOException, Refused {
        Map<String, String> headers = new HashMap<>();
        for (int count = 0; ; count++) {
            String line = in.readLine();
            if (line == null) {
                throw new EOFException("the connection ended inside a request's header");
            }
            if (line.isEmpty()) {
                return headers;
            }
            if (count == MAX_FIELDS) {
                throw new Refused(431, "more than " + MAX_FIELDS + " header fields");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line.substring(0, colon))) {
                throw new Refused(400, "malformed header field"); // also a folded line, or space before the colon
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + ", " + b);
        }
    }

    /** The body's length from its {@code Content-Length} field (null: none, 0). */
    private static int contentLength(String field) throws Refused {
        if (field == null) {
            return 0;
        }
        long length = -1;
        for (String v : field.split(",", -1)) { // the same length sent twice is allowed
            v = v.strip();
            if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new Refused(400, "malformed Content-Length");
            }
            long l = Long.parseLong(v);
            if (length >= 0 && l != length) {
                throw new Refused(400, "conflicting Content-Length");
            }
            length = l;
        }
        if (length > MAX_BODY) {
            throw new Refused(413, "a body over " + MAX_BODY + " bytes");
        }
        return (int) length;
    }

    /** RFC 9110's token: one or more of the characters a method or a field name may have. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The target's path: without its query. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /**
     * Whether the connection stays open after the answer: HTTP/1.1 unless the client sent
     * {@code Connection: close}; HTTP/1.0 only if it sent {@code Connection: keep-alive}.
     */
    boolean keepAlive() {
        String connection = headers.getOrDefault("connection", "");
        if (version.equals("HTTP/1.0")) {
            return hasToken(connection, "keep-alive");
        }
        return !hasToken(connection, "close");
    }

    /** Whether the comma-separated list {@code field} has {@code token}, in any case. */
    private static boolean hasToken(String field, String token) {
        for (String t : field.split(",")) {
            if (t.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
