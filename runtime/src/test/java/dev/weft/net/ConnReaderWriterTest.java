package dev.weft.net;

import dev.weft.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static dev.weft.net.NetTest.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The buffered reader and writer: lines, mixed line and byte reads, limits, UTF-8. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ConnReaderWriterTest {

    /** Sends {@code data} to a new connection, {@code chunk} bytes per write, then closes it; answers the reading end. */
    @dev.weft.Suspendable
    private static Conn sending(Listener l, byte[] data, int chunk) throws Exception {
        Go.go(() -> {
            try (Conn c = Net.dial("127.0.0.1:" + l.address().getPort())) {
                for (int off = 0; off < data.length; off += chunk) {
                    c.write(data, off, Math.min(chunk, data.length - off));
                    Go.yield(); // separate reads on the other side
                }
            }
        });
        return l.accept();
    }

    @Test
    void readLine_acceptsLfAndCrLf_keepsALoneCr_andAnswersNullAtTheEnd() {
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0");
                 Conn s = sending(l, bytes("one\ntwo\r\n\r\nthr\ree\nh\u00e9\nlast"), 1)) {
                ConnReader r = new ConnReader(s, 4, 100); // lines grow the small buffer
                assertEquals("one", r.readLine());
                assertEquals("two", r.readLine());
                assertEquals("", r.readLine());
                assertEquals("thr\ree", r.readLine());
                assertEquals("h\u00e9", r.readLine());
                assertEquals("last", r.readLine());
                assertNull(r.readLine());
                assertNull(r.readLine());
            }
        });
    }

    @Test
    void readLine_thenReadFully_takeFromOneBuffer_likeAnHttpHeadAndBody() {
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        byte[] head = bytes("POST / HTTP/1.1\r\nContent-Length: 100000\r\n\r\n");
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0"); Conn s = sending(l, all, 7000)) {
                ConnReader r = new ConnReader(s);
                assertEquals("POST / HTTP/1.1", r.readLine());
                assertEquals("Content-Length: 100000", r.readLine());
                assertEquals("", r.readLine());
                byte[] got = new byte[body.length];
                r.readFully(got, 0, got.length);
                assertArrayEquals(body, got);
                assertEquals(-1, r.read(new byte[1], 0, 1));
                EOFException e = Expect.thrown(EOFException.class, () -> r.readFully(new byte[1], 0, 1));
                assertTrue(e.getMessage().contains("0 of 1"), e.getMessage());
            }
        });
    }

    @Test
    void readLine_longerThanTheLimit_isAnIOExceptionNamingIt_andALineAtTheLimitIsFine() {
        Within.run(() -> {
            String atLimit = "a".repeat(16);
            try (Listener l = Net.listen("127.0.0.1:0");
                 Conn s = sending(l, bytes(atLimit + "\r\n" + "b".repeat(40) + "\n"), 5)) {
                ConnReader r = new ConnReader(s, 4, 16);
                assertEquals(atLimit, r.readLine());
                IOException e = Expect.thrown(IOException.class, r::readLine);
                assertTrue(e.getMessage().contains("longer than 16 bytes"), e.getMessage());
            }
            try (Listener l = Net.listen("127.0.0.1:0"); Conn s = sending(l, bytes("c".repeat(17)), 17)) {
                // no terminator at all, and then the end of the stream
                IOException e = Expect.thrown(IOException.class, () -> new ConnReader(s, 64, 16).readLine());
                assertTrue(e.getMessage().contains("longer than 16 bytes"), e.getMessage());
            }
        });
    }

    @Test
    void writer_buffersUntilFlush_writesStringsAsUtf8_andLargeWritesGoThrough() {
        Within.run(() -> {
            try (Listener l = Net.listen("127.0.0.1:0");
                 Conn c = Net.dial("127.0.0.1:" + l.address().getPort());
                 Conn s = l.accept()) {
                ConnWriter w = new ConnWriter(c, 16);
                w.write("h\u00e9llo ");
                w.write("w\u00f6rld\n");
                byte[] big = new byte[1000];
                java.util.Arrays.fill(big, (byte) 'x');
                s.setReadDeadline(java.time.Instant.now().plusMillis(100));
                // nothing sent before the buffer overflows or is flushed
                Expect.thrown(java.net.SocketTimeoutException.class, () -> s.read(new byte[1], 0, 1));
                s.setReadDeadline(null);
                w.write(big, 0, big.length);
                w.write(bytes("!"), 0, 1);
                w.flush();
                byte[] expected = ("h\u00e9llo w\u00f6rld\n" + "x".repeat(1000) + "!").getBytes(StandardCharsets.UTF_8);
                assertArrayEquals(expected, NetTest.readN(s, expected.length));
            }
        });
    }
}
