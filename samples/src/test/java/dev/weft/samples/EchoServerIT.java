package dev.weft.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link EchoServer} end to end: the sample runs under the agent in strict mode in a child JVM
 * on a loopback port, and plain {@code java.net} sockets check that every byte comes back, on
 * many connections at once, that a client's half-close ends the echo, and that SIGTERM stops
 * the server cleanly, closing the connections left open.
 */
class EchoServerIT extends SampleServerIT {
    private static final int READ_TIMEOUT_MILLIS = 20_000;

    @Override
    Class<?> program() {
        return EchoServer.class;
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket s = new Socket();
        s.connect(address, READ_TIMEOUT_MILLIS);
        s.setSoTimeout(READ_TIMEOUT_MILLIS);
        return s;
    }

    @Test
    void lines_comeBackAsTheyWereSent() throws Exception {
        try (Socket s = connect(server.address())) {
            PrintWriter w = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
            BufferedReader r = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            for (String line : List.of("hello", "", "ünïcödé ✓", "x".repeat(10_000))) {
                w.println(line);
                assertEquals(line, r.readLine());
            }
        }
    }

    @Test
    void aMegabyte_writtenWhileItIsRead_comesBackByteForByte() throws Exception {
        byte[] sent = new byte[1 << 20];
        new Random(42).nextBytes(sent);
        try (Socket s = connect(server.address())) {
            // Written from another thread: the echo fills the socket's buffers both ways, and a
            // writer that did not read would wait for good.
            ExecutorService writer = Executors.newSingleThreadExecutor();
            try {
                Future<?> written = writer.submit(() -> {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < sent.length; off += 10_000) {
                        out.write(sent, off, Math.min(10_000, sent.length - off));
                    }
                    s.shutdownOutput();
                    return null;
                });
                byte[] back = s.getInputStream().readAllBytes(); // to the server's end of stream
                written.get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                assertEquals(sent.length, back.length);
                assertArrayEquals(sent, back);
            } finally {
                writer.shutdownNow();
            }
        }
    }

    @Test
    void halfClose_endsTheEcho_afterWhatWasSent() throws Exception {
        try (Socket s = connect(server.address())) {
            s.getOutputStream().write("last words".getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            assertEquals("last words", new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void manyClients_atOnce_eachGetsItsOwnBytesBack() throws Exception {
        int roundTrips = 50;
        atOnce(100, id -> {
            try (Socket s = connect(server.address())) {
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                for (int k = 0; k < roundTrips; k++) {
                    byte[] msg = Arrays.copyOf(("client " + id + " trip " + k).getBytes(StandardCharsets.UTF_8), 32);
                    out.write(msg);
                    assertArrayEquals(msg, in.readNBytes(msg.length));
                }
            }
        });
    }

    @Test
    void sigterm_closesTheConnectionsLeftOpen_andTheServerStopsCleanly(@TempDir Path dir) throws Exception {
        try (ServerJvm own = startServer(dir);
             Socket idle = connect(own.address())) {
            idle.getOutputStream().write('x');
            assertEquals('x', idle.getInputStream().read()); // its goroutine now waits in a read
            own.stopAndAssertClean();
            assertEquals(-1, idle.getInputStream().read(), "closing the server closes its connections");
        }
    }
}
