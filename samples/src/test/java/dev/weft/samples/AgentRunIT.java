package dev.weft.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs {@link Generators} the way the README does, in a fresh JVM under the packaged agent jar
 * with nothing but the sample's classes on the class path: the agent jar must carry everything
 * else (runtime, instrumenter, relocated ASM), and must say nothing unless asked.
 *
 * <p>Runs after {@code package} (failsafe), because it needs the shaded jar; the build passes its
 * path in {@code weft.agent.jar}.
 */
class AgentRunIT {
    private static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final long TIMEOUT_SECONDS = 60;

    static final String EXPECTED = String.join("\n",
            "fibonacci, one value per resume:",
            "  0", "  1", "  1", "  2", "  3", "  5", "  8", "  13", "  21", "  34",
            "ping-pong, two continuations taking turns:",
            "  ping 1", "  pong 2", "  ping 3", "  pong 4", "  ping 5", "  pong 6",
            "done after 6 hits", "");

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        assertTrue(v != null && !v.isEmpty() && !v.startsWith("${"), "system property " + name + " is not set by the build");
        return v;
    }

    private static Path agentJar() {
        Path jar = Path.of(property("weft.agent.jar"));
        assertTrue(Files.isRegularFile(jar) && jar.toString().endsWith(".jar"), "no agent jar at " + jar);
        return jar;
    }

    private static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Runs the sample with {@code java}, the given JVM arguments, and the sample's classes. */
    private Run run(Path java, String... jvmArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(List.of(jvmArgs));
        if (!cmd.contains("-cp")) {
            cmd.add("-cp");
            cmd.add(property("weft.samples.classes"));
        }
        cmd.add(Generators.class.getName());
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        // in the temporary directory, so that a JVM that aborts (a bad agent option) leaves its
        // crash files there and not in the source tree
        Process p = new ProcessBuilder(cmd).directory(tmp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("timed out after " + TIMEOUT_SECONDS + " s: " + String.join(" ", cmd) + "\n"
                    + new Run(-1, read(out), read(err)));
        }
        return new Run(p.exitValue(), read(out), read(err));
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }

    private String agent(String options) {
        return "-javaagent:" + agentJar() + (options == null ? "" : "=" + options);
    }

    private void assertRunsSilently(Path java) throws Exception {
        Run r = run(java, agent(null));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(EXPECTED, r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void underTheAgent_printsTheSequences_andNothingElse() throws Exception {
        assertRunsSilently(currentJava());
    }

    @Test
    void underTheAgent_onTemurin25_printsTheSequences_andNothingElse() throws Exception {
        assumeTrue(Files.isExecutable(TEMURIN_25), "Temurin 25 is not installed at " + TEMURIN_25 + " (CI has it)");
        assertRunsSilently(TEMURIN_25);
    }

    @Test
    void verbose_namesTheWovenClasses() throws Exception {
        Run r = run(currentJava(), agent("verbose"));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(EXPECTED, r.out(), r::toString);
        assertTrue(r.err().contains("weft: wove dev.weft.samples.Generators ("), r::toString);
        assertTrue(r.err().contains("weft: wove dev.weft.samples.Generators$Generator ("), r::toString);
    }

    @Test
    void dumpAndJfr_writeTheirFiles_silently() throws Exception {
        Path dump = tmp.resolve("woven");
        Path jfr = tmp.resolve("run.jfr");
        Run r = run(currentJava(), agent("dump=" + dump + ",jfr=" + jfr));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(EXPECTED, r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertTrue(Files.size(dump.resolve("dev/weft/samples/Generators.class")) > 0, "no woven class dumped");
        assertTrue(Files.size(jfr) > 0, "no recording written");
    }

    @Test
    void unknownOption_stopsTheJvm_namingTheOption() throws Exception {
        Run r = run(currentJava(), agent("verbose,bogus=1"));
        assertNotEquals(0, r.exit(), r::toString);
        assertFalse(r.out().contains("fibonacci"), r::toString); // main never ran
        assertTrue(r.err().contains("unknown option \"bogus\""), r::toString);
    }

    @Test
    void withoutTheAgent_theSampleRefusesToRun() throws Exception {
        // the agent jar only as a class path entry, for the runtime classes it carries
        Run r = run(currentJava(), "-cp", property("weft.samples.classes") + java.io.File.pathSeparator + agentJar());
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("this sample must be woven"), r::toString);
    }
}
