package dev.weft.samples;

import dev.weft.samples.apps.OwnClassLoader;
import dev.weft.samples.apps.ParkedFour;
import dev.weft.samples.apps.WaitsForStdin;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static dev.weft.samples.ChildJvm.agent;
import static dev.weft.samples.ChildJvm.agentJar;
import static dev.weft.samples.ChildJvm.currentJava;
import static dev.weft.samples.ChildJvm.read;
import static dev.weft.samples.ChildJvm.testClassPath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code java -jar weft-agent.jar dump PID} and the MBean {@code dev.weft:type=Runtime} end to
 * end, on the packaged agent jar, against child JVMs that wait to be looked at: {@link ParkedFour}
 * under the agent (on this JDK, and on Temurin 25 with and without
 * {@code -XX:+EnableDynamicAgentLoading}), {@link ParkedFour} woven at build time and run on
 * {@code weft-runtime.jar} without the agent, from the application class path and from a class
 * loader of its own ({@link OwnClassLoader}), and {@link WaitsForStdin}, which has no weft.
 *
 * <p>A dump must name each of the four parked goroutines with its wait reason and its frame in
 * {@link ParkedFour}, and leave the program as it was: it goes on to exit 0 when its stdin is
 * closed, with nothing on stderr but, from JDK 21, the JDK's warning about an agent loaded at run
 * time (JEP 451). The MBean, as the program itself reads it, must count the goroutines under both
 * spellings of each name. Each refusal is a non-zero status and one line on stderr. Every child
 * runs for {@value #LIMIT_SECONDS} s at most and is killed at the end.
 */
class DumpIT {
    private static final long LIMIT_SECONDS = 60;
    /** Each parked goroutine's wait reason, and the method of {@link ParkedFour} it parks in. */
    private static final Map<String, String> PARKED = Map.of(
            "chan receive", "receiving", "select", "selecting", "sync.Mutex.Lock", "locking", "sleep", "sleeping");
    private static final Pattern ONE_LINE = Pattern.compile("weft dump: [^\n]+\n");

    @TempDir
    static Path sharedDir;
    @TempDir
    Path tmp;

    /** {@link ParkedFour} under the agent on this JDK, dumped once for the tests that read it. */
    private static Dumped underTheAgent;

    /** A waiting program's pid, what {@code dump} printed about it, and how the program went on and ended. */
    private record Dumped(long pid, ChildJvm.Run dump, ChildJvm.Run program) {}

    @BeforeAll
    static void dumpParkedFourUnderTheAgent() throws Exception {
        underTheAgent = dumpWhileWaiting(sharedDir, currentJava(), ParkedFour.class, agent(null), "-cp", testClassPath());
    }

    @Test
    void dump_namesEachParkedGoroutine_withItsWaitReason_andItsFrameInTheProgram() {
        assertEquals(0, underTheAgent.dump().exit(), underTheAgent.dump()::toString);
        assertNamesTheFour(underTheAgent.dump().out());
    }

    @Test
    void dump_startsWithAHeaderNamingTheJvm_andSaysNothingOnStderr() {
        assertTrue(underTheAgent.dump().out().startsWith("weft goroutine dump of JVM " + underTheAgent.pid() + " at "),
                underTheAgent.dump()::toString);
        assertEquals("", underTheAgent.dump().err());
    }

    @Test
    void dump_leavesTheProgramRunningUnharmed() {
        assertUnharmed(underTheAgent.program(), Runtime.version().feature(), false);
    }

    @Test
    void mbean_answersToBothSpellings_andCountsTheParkedGoroutines() {
        Map<String, String> mbean = new HashMap<>();
        for (String line : underTheAgent.program().out().split("\n")) {
            if (line.startsWith("mbean ") && line.contains("=")) {
                mbean.put(line.substring("mbean ".length(), line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        assertEquals(ParkedFour.MBEAN_ATTRIBUTES.size(), mbean.size(), underTheAgent.program()::toString);
        assertEquals("5", mbean.get("numGoroutine"), "main and the four");
        assertEquals("5", mbean.get("NumGoroutine"));
        assertEquals("1", mbean.get("running"), "main, reading the MBean");
        assertEquals("0", mbean.get("runnable"));
        assertEquals("4", mbean.get("waiting"), "the four parked");
        assertEquals("4", mbean.get("Waiting"));
        assertEquals("0", mbean.get("pinned"));
        assertTrue(Integer.parseInt(mbean.get("maxProcs")) >= 1, mbean::toString);
    }

    @Test
    void mbeanDump_namesEachParkedGoroutine_withItsWaitReason_andItsFrameInTheProgram() {
        String out = underTheAgent.program().out();
        int from = out.indexOf(ParkedFour.MBEAN_DUMP + "\n");
        int to = out.indexOf(ParkedFour.MBEAN_DUMP_END + "\n");
        assertTrue(from >= 0 && to > from, out);
        assertNamesTheFour(out.substring(from, to));
    }

    @Test
    void onTemurin25_theTargetPrintsTheJdksWarningForAnAgentLoadedAtRunTime() throws Exception {
        assumeTrue(Files.isExecutable(ChildJvm.TEMURIN_25), "Temurin 25 is not installed at " + ChildJvm.TEMURIN_25 + " (CI has it)");
        Dumped d = dumpWhileWaiting(tmp, ChildJvm.TEMURIN_25, ParkedFour.class, agent(null), "-cp", testClassPath());
        assertEquals(0, d.dump().exit(), d.dump()::toString);
        assertNamesTheFour(d.dump().out());
        assertUnharmed(d.program(), 25, false);
    }

    @Test
    void onTemurin25_withEnableDynamicAgentLoading_theTargetPrintsNothing() throws Exception {
        assumeTrue(Files.isExecutable(ChildJvm.TEMURIN_25), "Temurin 25 is not installed at " + ChildJvm.TEMURIN_25 + " (CI has it)");
        Dumped d = dumpWhileWaiting(tmp, ChildJvm.TEMURIN_25, ParkedFour.class,
                "-XX:+EnableDynamicAgentLoading", agent(null), "-cp", testClassPath());
        assertEquals(0, d.dump().exit(), d.dump()::toString);
        assertNamesTheFour(d.dump().out());
        assertUnharmed(d.program(), 25, true);
    }

    @Test
    void dump_ofAProgramWovenAtBuildTime_runningWithoutTheAgent_findsItsRuntime() throws Exception {
        Dumped d = dumpWhileWaiting(tmp, currentJava(), ParkedFour.class, List.of("-cp", wovenClassPath()), List.of());
        assertEquals(0, d.dump().exit(), d.dump()::toString);
        assertNamesTheFour(d.dump().out());
        assertUnharmed(d.program(), Runtime.version().feature(), false);
    }

    @Test
    void dump_ofAProgramWhoseRuntimeIsInAClassLoaderOfItsOwn_findsThatRuntime() throws Exception {
        Dumped d = dumpWhileWaiting(tmp, currentJava(), OwnClassLoader.class, List.of("-cp", testClassPath()),
                List.of(ParkedFour.class.getName(), wovenClassPath()));
        assertEquals(0, d.dump().exit(), d.dump()::toString);
        assertNamesTheFour(d.dump().out());
        assertUnharmed(d.program(), Runtime.version().feature(), false);
    }

    /**
     * A class path that runs {@link ParkedFour} woven as a build would weave it (by the agent
     * jar's command line) on {@code weft-runtime.jar}: the woven class first, ahead of the test
     * classes' unwoven one.
     */
    private String wovenClassPath() throws Exception {
        Path classes = Path.of(ParkedFour.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path unwoven = tmp.resolve("unwoven");
        Path in = Files.createDirectories(unwoven.resolve("dev/weft/samples/apps"));
        try (DirectoryStream<Path> own = Files.newDirectoryStream(classes.resolve("dev/weft/samples/apps"), "ParkedFour*.class")) {
            for (Path c : own) {
                Files.copy(c, in.resolve(c.getFileName()));
            }
        }
        Path woven = tmp.resolve("woven");
        ChildJvm.Run weave = ChildJvm.exec(tmp, LIMIT_SECONDS, List.of(currentJava().toString(), "-cp", agentJar().toString(), "dev.weft.instrument.Main",
                unwoven.toString(), "--out", woven.toString(), "--classpath", testClassPath("weft-runtime")));
        assertEquals(0, weave.exit(), weave::toString);
        return woven + File.pathSeparator + testClassPath("weft-runtime");
    }

    @Test
    void dump_ofAJvmWithoutWeft_saysSo_andLeavesItUnharmed() throws Exception {
        Dumped d = dumpWhileWaiting(tmp, currentJava(), WaitsForStdin.class, "-cp", testClassPath());
        assertEquals("weft dump: JVM " + d.pid() + " does not run weft: start it with -javaagent:weft-agent.jar\n", d.dump().err());
        assertRefused(d.dump(), "does not run weft");
        assertUnharmed(d.program(), Runtime.version().feature(), false);
    }

    @Test
    void dump_ofAJvmWithAttachDisabled_saysSo_andSendsItNothing() throws Exception {
        Dumped d = dumpWhileWaiting(tmp, currentJava(), WaitsForStdin.class, "-XX:+DisableAttachMechanism", "-cp", testClassPath());
        assertRefused(d.dump(), "-XX:+DisableAttachMechanism");
        assertEquals(0, d.program().exit(), d.program()::toString);
        assertEquals(WaitsForStdin.READY + "\n", d.program().out(), "the program printed more (a thread dump, for a SIGQUIT?)");
        assertEquals("", d.program().err());
    }

    @Test
    void dump_ofAJvmThatRefusesAgentsAtRunTime_saysWhichFlag() throws Exception {
        Dumped d = dumpWhileWaiting(tmp, currentJava(), WaitsForStdin.class, "-XX:-EnableDynamicAgentLoading", "-cp", testClassPath());
        assertRefused(d.dump(), "-XX:-EnableDynamicAgentLoading");
        assertEquals(0, d.program().exit(), d.program()::toString);
        assertEquals("", d.program().err());
    }

    @Test
    void dump_ofNoProcess_saysSo() throws Exception {
        ChildJvm.Run r = dump(tmp, currentJava(), Integer.toString(Integer.MAX_VALUE)); // above any pid_max
        assertEquals("weft dump: no process " + Integer.MAX_VALUE + "\n", r.err());
        assertRefused(r, "no process");
    }

    @Test
    void dump_ofAProcessThatIsNotAJvm_refuses_andLeavesItRunning() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "the SIGQUIT check reads /proc (Linux)");
        Process sleep = new ProcessBuilder("sleep", Long.toString(LIMIT_SECONDS)).start();
        try {
            String ignored = Files.readAllLines(Path.of("/proc", Long.toString(sleep.pid()), "status")).stream()
                    .filter(l -> l.startsWith("SigIgn:")).findFirst().orElseThrow().substring("SigIgn:".length()).strip();
            assumeTrue((Long.parseUnsignedLong(ignored, 16) & (1L << 2)) == 0,
                    "this test's children ignore SIGQUIT, so a SIGQUIT could not harm the process");
            assertRefused(dump(tmp, currentJava(), Long.toString(sleep.pid())), "is not a JVM");
            assertTrue(sleep.isAlive(), "the process was killed");
        } finally {
            sleep.destroyForcibly().waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void dump_withoutOneProcessId_isAUsageError() throws Exception {
        for (List<String> args : List.of(List.<String>of(), List.of("java"), List.of("1", "2"), List.of("-1"))) {
            ChildJvm.Run r = dump(tmp, currentJava(), args.toArray(new String[0]));
            assertEquals(2, r.exit(), () -> args + ": " + r);
            assertTrue(ONE_LINE.matcher(r.err()).matches() && r.err().contains("usage: "), () -> args + ": " + r);
            assertEquals("", r.out(), () -> args + ": " + r);
        }
    }

    /**
     * Starts {@code main} with {@code java} and {@code jvmArgs}, waits for it to print that it is
     * ready, dumps it with the same {@code java}, then closes its stdin and waits for it to end.
     */
    private static Dumped dumpWhileWaiting(Path dir, Path java, Class<?> main, String... jvmArgs) throws Exception {
        return dumpWhileWaiting(dir, java, main, List.of(jvmArgs), List.of());
    }

    /** As {@link #dumpWhileWaiting(Path, Path, Class, String...)}, with arguments for {@code main}. */
    private static Dumped dumpWhileWaiting(Path dir, Path java, Class<?> main, List<String> jvmArgs, List<String> args)
            throws Exception {
        try (Waiting program = new Waiting(dir, ChildJvm.command(java, main, jvmArgs, args))) {
            program.awaitReady();
            ChildJvm.Run dump = dump(dir, java, Long.toString(program.pid()));
            return new Dumped(program.pid(), dump, program.release());
        }
    }

    /** {@code java -jar <the agent jar> dump ARGS}. */
    private static ChildJvm.Run dump(Path dir, Path java, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-jar", agentJar().toString(), "dump"));
        cmd.addAll(List.of(args));
        return ChildJvm.exec(dir, LIMIT_SECONDS, cmd);
    }

    /** That {@code dump} has a goroutine for each of {@link #PARKED}: its wait reason in the header, its method in the stack. */
    private static void assertNamesTheFour(String dump) {
        for (Map.Entry<String, String> parked : PARKED.entrySet()) {
            Pattern header = Pattern.compile("goroutine \\d+ \\[" + Pattern.quote(parked.getKey()) + "(, [^\\]]*)?\\]:\n");
            String frame = "\n" + ParkedFour.class.getName() + "." + parked.getValue() + "(...)\n";
            boolean found = false;
            for (String entry : dump.split("\n\n")) {
                found |= header.matcher(entry).lookingAt() && entry.contains(frame);
            }
            assertTrue(found, () -> "no goroutine [" + parked.getKey() + "] in " + parked.getValue() + ":\n" + dump);
        }
    }

    /** That {@code dump} failed with status 1 and one line on stderr that contains {@code what}. */
    private static void assertRefused(ChildJvm.Run dump, String what) {
        assertEquals(1, dump.exit(), dump::toString);
        assertTrue(ONE_LINE.matcher(dump.err()).matches() && dump.err().contains(what), dump::toString);
        assertEquals("", dump.out(), dump::toString);
    }

    /**
     * That a program dumped while it waited went on to end as it would have: status 0, its ready
     * line last on stdout, and on stderr nothing, or from JDK 21 (unless {@code silenced} by
     * {@code -XX:+EnableDynamicAgentLoading}) the JDK's warning that an agent was loaded.
     */
    private static void assertUnharmed(ChildJvm.Run program, int feature, boolean silenced) {
        assertEquals(0, program.exit(), program::toString);
        assertTrue(program.out().endsWith(ParkedFour.READY + "\n"), program::toString);
        if (feature < 21 || silenced) {
            assertEquals("", program.err(), program::toString);
            return;
        }
        String[] lines = program.err().split("\n");
        assertTrue(lines[0].startsWith("WARNING: A Java agent has been loaded dynamically (")
                && lines[0].contains(agentJar().getFileName().toString()), program::toString);
        assertTrue(program.err().contains("-XX:+EnableDynamicAgentLoading"), program::toString);
        for (String line : lines) {
            assertTrue(line.startsWith("WARNING: "), program::toString);
        }
    }

    /** A child that prints {@link ParkedFour#READY} once it is ready and ends when its stdin is closed; killed at {@link #close} if still running. */
    private static final class Waiting implements AutoCloseable {
        private final Process process;
        private final Path out;
        private final Path err;

        Waiting(Path dir, List<String> cmd) throws IOException {
            out = Files.createTempFile(dir, "out", ".txt");
            err = Files.createTempFile(dir, "err", ".txt");
            process = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        }

        long pid() {
            return process.pid();
        }

        void awaitReady() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
            while (!("\n" + read(out)).contains("\n" + ParkedFour.READY + "\n")) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    fail("the program did not get ready" + (process.isAlive() ? " within " + LIMIT_SECONDS + " s" : "") + ":\n"
                            + new ChildJvm.Run(process.isAlive() ? -1 : process.exitValue(), read(out), read(err)));
                }
                Thread.sleep(20);
            }
        }

        /** Closes its stdin and waits for it to end. */
        ChildJvm.Run release() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                fail("the program did not end within " + LIMIT_SECONDS + " s of its stdin's close:\n"
                        + new ChildJvm.Run(-1, read(out), read(err)));
            }
            return new ChildJvm.Run(process.exitValue(), read(out), read(err));
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
            }
        }
    }
}
