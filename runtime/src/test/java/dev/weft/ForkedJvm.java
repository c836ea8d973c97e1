package dev.weft;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a test scenario in a JVM of its own, for what changes the one scheduler of a JVM
 * (GOMAXPROCS) or depends on how it starts (its environment and system properties): a
 * scheduler the scenario breaks cannot break the tests that run after it.
 */
final class ForkedJvm {
    private ForkedJvm() {}

    /** Runs {@code main} with {@code args}; fails unless it exits 0 within {@code seconds}. Answers its output. */
    static String run(Class<?> main, List<String> jvmArgs, Map<String, String> env, long seconds, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(jvmArgs);
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("GOMAXPROCS");
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread pump = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    in.transferTo(out);
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            }, "forked-jvm-output");
            pump.setDaemon(true);
            pump.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                pump.join(5_000);
                fail("forked JVM (" + String.join(" ", args) + ") did not finish in " + seconds + " s; output:\n"
                        + out.toString(StandardCharsets.UTF_8));
            }
            pump.join(5_000);
            String output = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), "forked JVM (" + String.join(" ", args) + ") failed; output:\n" + output);
            return output;
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("could not run a forked JVM", e);
        }
    }
}
