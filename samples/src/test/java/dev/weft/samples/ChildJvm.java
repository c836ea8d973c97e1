package dev.weft.samples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a sample the way the README does: a fresh JVM, the packaged agent jar, nothing but the
 * samples' classes on the class path (the agent jar must carry everything else), a time limit,
 * and stdout and stderr captured apart.
 *
 * <p>The build passes the agent jar's path in {@code weft.agent.jar} and the samples' classes
 * in {@code weft.samples.classes}; the tests run after {@code package} (failsafe), because
 * they need the shaded jar.
 */
final class ChildJvm {
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    /** What a run printed, and how it ended. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    private final Path dir;

    /** Runs JVMs in {@code dir}, where a JVM that aborts leaves its crash files. */
    ChildJvm(Path dir) {
        this.dir = dir;
    }

    static String property(String name) {
        String v = System.getProperty(name);
        assertTrue(v != null && !v.isEmpty() && !v.startsWith("${"), "system property " + name + " is not set by the build");
        return v;
    }

    static Path agentJar() {
        Path jar = Path.of(property("weft.agent.jar"));
        assertTrue(Files.isRegularFile(jar) && jar.toString().endsWith(".jar"), "no agent jar at " + jar);
        return jar;
    }

    static String samplesClasses() {
        return property("weft.samples.classes");
    }

    static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** {@code -javaagent:<the agent jar>[=options]}. */
    static String agent(String options) {
        return "-javaagent:" + agentJar() + (options == null ? "" : "=" + options);
    }

    /**
     * Runs {@code mainClass} with {@code java}, the given JVM arguments and, unless they name a
     * class path, the samples' classes; fails if it takes longer than {@code timeoutSeconds}.
     */
    Run run(Path java, long timeoutSeconds, Class<?> mainClass, String... jvmArgs) throws IOException, InterruptedException {
        return run(java, timeoutSeconds, false, mainClass, jvmArgs);
    }

    /**
     * As {@link #run(Path, long, Class, String...)}; if {@code threadDumpOnTimeout}, a run that
     * times out has its threads dumped ({@code jcmd Thread.print}) into the failure message
     * before it is killed, so that a hang says where it hangs.
     */
    Run run(Path java, long timeoutSeconds, boolean threadDumpOnTimeout, Class<?> mainClass, String... jvmArgs)
            throws IOException, InterruptedException {
        List<String> cmd = command(java, mainClass, List.of(jvmArgs), List.of());
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            String dump = threadDumpOnTimeout ? "--- threads ---\n" + threadDump(java, p.pid()) : "";
            p.destroyForcibly().waitFor();
            fail("timed out after " + timeoutSeconds + " s: " + String.join(" ", cmd) + "\n"
                    + new Run(-1, read(out), read(err)) + dump);
        }
        return new Run(p.exitValue(), read(out), read(err));
    }

    /**
     * Runs {@code cmd}, any command, in {@code dir} with no input; if it runs longer than
     * {@code seconds}, kills it and its children and fails with what it printed.
     */
    static Run exec(Path dir, long seconds, List<String> cmd) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            fail("timed out after " + seconds + " s: " + String.join(" ", cmd) + "\n" + new Run(-1, read(out), read(err)));
        }
        return new Run(p.exitValue(), read(out), read(err));
    }

    /** What {@code jcmd PID Thread.print}, next to {@code java}, prints within 30 s; or why there is nothing. */
    private String threadDump(Path java, long pid) throws IOException, InterruptedException {
        Path jcmd = java.resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            return "(no thread dump: no " + jcmd + ")\n";
        }
        Path dump = Files.createTempFile(dir, "threads", ".txt");
        Process j = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dump.toFile()).start();
        if (!j.waitFor(30, TimeUnit.SECONDS)) {
            j.destroyForcibly().waitFor();
            return read(dump) + "(jcmd timed out)\n";
        }
        return read(dump);
    }

    /**
     * A class path for a program among the tests, with libraries: the test classes, and those
     * jars of this JVM's own class path (the build puts the test dependencies there) whose file
     * names start with one of {@code jarPrefixes}. Fails if a prefix names no jar.
     */
    static String testClassPath(String... jarPrefixes) {
        List<String> entries = new ArrayList<>();
        try {
            entries.add(Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<String> own = List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator));
        for (String prefix : jarPrefixes) {
            boolean found = false;
            for (String entry : own) {
                String name = Path.of(entry).getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".jar")) {
                    found = true;
                    if (!entries.contains(entry)) {
                        entries.add(entry);
                    }
                }
            }
            assertTrue(found, "no jar named " + prefix + "* on the class path: " + own);
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * The command line that runs {@code mainClass} with {@code args}: {@code java}, the JVM
     * arguments and, unless they name a class path, the samples' classes.
     */
    static List<String> command(Path java, Class<?> mainClass, List<String> jvmArgs, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmArgs);
        if (!cmd.contains("-cp")) {
            cmd.add("-cp");
            cmd.add(samplesClasses());
        }
        cmd.add(mainClass.getName());
        cmd.addAll(args);
        return cmd;
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
