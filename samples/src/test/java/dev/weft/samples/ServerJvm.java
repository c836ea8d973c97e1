package dev.weft.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A sample server ({@link EchoServer}, {@link HttpServer}) in a child JVM under the agent, run
 * as {@link ChildJvm} runs the samples: started with port 0, its address read from the line it
 * prints first ({@code listening on 127.0.0.1:PORT}), and stopped as a user stops it, with
 * SIGTERM, after which it must have printed {@code closed} and nothing on stderr (so no pinning
 * warning either). Every wait is bounded; {@link #close} kills a server still running.
 */
final class ServerJvm implements AutoCloseable {
    /** Starting a JVM with the agent takes a second or two; this is for a loaded CI machine. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("listening on (127\\.0\\.0\\.1):(\\d+)");
    /** The exit status of a JVM stopped by SIGTERM once its shutdown hooks have run (128 + 15). */
    static final int SIGTERM_EXIT = 143;

    private final Process process;
    private final Path err;
    /** Lines of stdout, as the reader thread reads them; {@link #END} after the last. */
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private static final String END = new String("end of stdout");
    private final StringBuilder out = new StringBuilder();
    private final InetSocketAddress address;

    private ServerJvm(Process process, Path err) throws InterruptedException {
        this.process = process;
        this.err = err;
        Thread reader = new Thread(this::readStdout, "stdout of " + process.pid());
        reader.setDaemon(true);
        reader.start();
        String first = nextLine(START_LIMIT);
        Matcher m = first == null ? null : LISTENING.matcher(first);
        if (m == null || !m.matches()) {
            process.destroyForcibly();
            fail("the server did not print its address first, but: " + first + "\n" + stderr());
        }
        address = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
    }

    /** Starts {@code server} on port 0 with {@code jvmArgs} (the agent, say), in {@code dir}. */
    static ServerJvm start(Path dir, Class<?> server, String... jvmArgs) throws IOException, InterruptedException {
        Path err = Files.createTempFile(dir, "err", ".txt");
        List<String> cmd = ChildJvm.command(ChildJvm.currentJava(), server, List.of(jvmArgs), List.of("0"));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        return new ServerJvm(p, err);
    }

    /** Where the server listens. */
    InetSocketAddress address() {
        return address;
    }

    /**
     * Stops the server with SIGTERM and checks it stopped cleanly: it exited as a JVM stopped
     * by SIGTERM does, printed {@code closed} after its address and nothing else, and nothing
     * on stderr.
     */
    void stopAndAssertClean() throws InterruptedException {
        // SIGTERM, which the server's shutdown hook turns into a cancel of its context. Through
        // the handle: Process.destroy would also close the pipe its last lines come through.
        process.toHandle().destroy();
        if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            fail("the server did not stop within " + STOP_LIMIT + " of SIGTERM\n" + stderr());
        }
        StringBuilder rest = new StringBuilder();
        for (String line; (line = nextLine(STOP_LIMIT)) != null; ) {
            rest.append(line).append('\n');
        }
        String e = stderr();
        assertFalse(e.contains("pinned"), () -> "the server pinned a carrier:\n" + e);
        assertEquals("closed\n", rest.toString(), () -> "after its address, the server printed:\n" + rest + "stderr:\n" + e);
        assertEquals("", e, "stderr");
        assertEquals(SIGTERM_EXIT, process.exitValue(), "exit status");
    }

    /** Kills the server if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The next line of stdout; null at its end. */
    private String nextLine(Duration limit) throws InterruptedException {
        String line = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            String soFar;
            synchronized (out) {
                soFar = out.toString();
            }
            fail("the server printed no line within " + limit + "; so far:\n" + soFar + "stderr:\n" + stderr());
        }
        if (line == END) {
            lines.add(END);
            return null;
        }
        return line;
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (out) {
                    out.append(line).append('\n');
                }
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading the server's stdout failed: " + e + ")");
        }
        lines.add(END);
    }

    private String stderr() {
        try {
            return ChildJvm.read(err);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
