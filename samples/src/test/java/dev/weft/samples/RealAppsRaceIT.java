package dev.weft.samples;

import dev.weft.samples.apps.H2Workload;
import dev.weft.samples.apps.JacksonGuava;
import dev.weft.samples.apps.JettyJacksonGuava;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static dev.weft.samples.ChildJvm.agent;
import static dev.weft.samples.ChildJvm.currentJava;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Race mode on real applications, every class instrumented (no {@code include}: H2, Jetty,
 * Jackson, Guava and slf4j as much as the programs themselves): an embedded H2 database driven
 * through JDBC by 4 threads ({@link H2Workload}), a Jetty server with Jackson and Guava answering
 * 500 loopback requests ({@link JettyJacksonGuava}), and a Jackson/Guava computation on a pool
 * ({@link JacksonGuava}). Each runs in a fresh JVM without the agent and then with
 * {@code -javaagent:<jar>=race}, and must print exactly the same thing, exit 0 without the agent
 * and 0 or 66 (races found) with it, with no verifier or linkage error, no instrumentation
 * failure, no crash, and within the time limit (a hang fails with a thread dump).
 *
 * <p>Races the programs have are allowed (H2, Jackson and Jetty all have benign ones by design),
 * but not reports of accesses that are ordered ({@link #ORDERED}: a lock, or a concurrent map's
 * put before the get that finds the entry), which would be the detector's mistake.
 *
 * <p>The reports are counted, and the distinct locations raced on are printed, with the wall times of both runs, in a table at the end (also written to
 * {@code target/real-apps-race.txt}); each race run's stderr is kept in
 * {@code target/real-apps-race/}.
 */
class RealAppsRaceIT {
    /** A run without the agent takes a few seconds; race mode is many times slower on a loaded machine. */
    private static final long TIMEOUT_SECONDS = 300;

    /** What must never appear on stderr: the JVM refusing an instrumented class, or the agent failing to instrument one. */
    static final List<String> FORBIDDEN = List.of(
            "VerifyError", "LinkageError", "NoSuchFieldError", "NoSuchMethodError", "IncompatibleClassChangeError",
            "ClassFormatError", "weft: cannot", "race mode cannot", "weft: could not weave", "weft race: cannot",
            "A fatal error has been detected by the Java Runtime Environment", "Exception in thread \"");

    /** A warning or an error logged by Jetty (through slf4j-simple), which could hide an exception: none in either run. */
    private static final Pattern LOGGED_PROBLEM = Pattern.compile("^\\[[^\\]]*\\] (WARN|ERROR) ");

    /**
     * Reports the detector must not make: accesses that are ordered, by what the Java memory model
     * and java.util.concurrent say, in a way the detector is meant to see.
     */
    record Ordered(String why, Pattern report) {
    }

    static final List<Ordered> ORDERED = List.of(
            new Ordered("LocalCache$Segment extends ReentrantLock and its plain fields are @GuardedBy(\"this\"): every access is between"
                    + " lock() and unlock(), which Guava calls on the Segment (invokevirtual LocalCache$Segment.lock, not ReentrantLock.lock)",
                    Pattern.compile("(?m)^(Read|Write) at com\\.google\\.common\\.cache\\.LocalCache\\$Segment\\.")),
            new Ordered("Jackson's TypeBindings$AsKey is never written after it is made; a thread reads a stored key in its equals, called by"
                    + " ConcurrentHashMap.get after get read the node that the put of the key published (put happens-before get)",
                    Pattern.compile("(?m)^(Read|Write) at [^\n]+:\n  com\\.fasterxml\\.jackson\\.databind\\.type\\.TypeBindings\\$AsKey\\.equals\\(\\)\n"
                            + "[^\n]+\n  java\\.util\\.concurrent\\.ConcurrentHashMap\\.get\\(\\)")));

    /** The libraries the programs use, by the start of their jars' names (the test dependencies). */
    private static final String[] LIBRARIES = {"h2-", "jetty-", "slf4j-", "jackson-", "guava-", "failureaccess-"};

    private static final Pattern ACCESS = Pattern.compile("^(Read|Write) at (.+?) by (?:thread \"|goroutine |main goroutine)");
    private static final Pattern PREVIOUS = Pattern.compile("^Previous (read|write) at (.+?) by (?:thread \"|goroutine |main goroutine)");
    private static final Pattern OBJECT_ID = Pattern.compile(" \\(object 0x[0-9a-f]+\\)");
    private static final Pattern ELEMENT = Pattern.compile("\\[\\] element \\d+");
    private static final Pattern FOUND = Pattern.compile("(?m)^Found (\\d+) data race\\(s\\)$");

    /** One program's line of the table. */
    record Row(String program, long plainMillis, long raceMillis, int raceExit, int reports, Map<String, List<String>> locations) {
    }

    private static final Map<String, Row> ROWS = new TreeMap<>();

    @TempDir
    Path tmp;

    @Test
    void h2_throughJdbc_from4Threads() throws Exception {
        check(H2Workload.class);
    }

    @Test
    void jetty_withJacksonAndGuava_answers500LoopbackRequests() throws Exception {
        check(JettyJacksonGuava.class);
    }

    @Test
    void jacksonAndGuava_onAPool() throws Exception {
        check(JacksonGuava.class);
    }

    private void check(Class<?> program) throws Exception {
        String cp = ChildJvm.testClassPath(LIBRARIES);
        ChildJvm jvm = new ChildJvm(tmp);

        long t0 = System.nanoTime();
        ChildJvm.Run plain = jvm.run(currentJava(), TIMEOUT_SECONDS, true, program, "-cp", cp);
        long plainMillis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, plain.exit(), () -> "without the agent: " + plain);
        assertFalse(plain.out().isBlank(), () -> "without the agent, nothing printed: " + plain);
        assertNoneForbidden("without the agent", plain);

        long t1 = System.nanoTime();
        ChildJvm.Run race = jvm.run(currentJava(), TIMEOUT_SECONDS, true, program, agent("race"), "-cp", cp);
        long raceMillis = (System.nanoTime() - t1) / 1_000_000;
        Path kept = keep(program, race);

        List<String[]> reports = reports(race.err());
        Map<String, List<String>> locations = new TreeMap<>();
        for (String[] r : reports) {
            List<String> sites = locations.computeIfAbsent(r[0], k -> new ArrayList<>());
            if (!sites.contains(r[1])) {
                sites.add(r[1]);
            }
        }
        synchronized (ROWS) { // the table shows the run even if it fails below
            ROWS.put(program.getSimpleName(), new Row(program.getSimpleName(), plainMillis, raceMillis, race.exit(), reports.size(), locations));
        }

        String context = "race mode (stderr kept in " + kept + ")";
        assertNoneForbidden(context, race);
        assertTrue(race.exit() == 0 || race.exit() == 66, () -> context + ": exit " + race.exit() + "\n" + head(race));
        assertEquals(plain.out(), race.out(), () -> context + ": not the same output as without the agent\n" + head(race));
        Matcher found = FOUND.matcher(race.err());
        if (race.exit() == 66) {
            assertTrue(found.find(), () -> context + ": exit 66 without a \"Found N data race(s)\" line\n" + head(race));
            assertEquals(reports.size(), Integer.parseInt(found.group(1)), () -> context + ": \"Found N\" is not the number of reports");
        } else {
            assertTrue(reports.isEmpty() && !found.find(), () -> context + ": exit 0 but races were reported\n" + head(race));
        }

        // races are allowed, but not false ones: reports of accesses the detector should have seen ordered
        Map<String, List<String>> wrong = new TreeMap<>();
        for (String report : race.err().split("(?m)^==================\n")) {
            for (Ordered o : ORDERED) {
                if (report.contains("WARNING: DATA RACE") && o.report().matcher(report).find()) {
                    wrong.computeIfAbsent(o.why(), k -> new ArrayList<>()).add(report);
                }
            }
        }
        if (!wrong.isEmpty()) {
            StringBuilder b = new StringBuilder(context + ": reports of accesses that are ordered\n");
            wrong.forEach((why, rs) -> b.append("\n").append(rs.size()).append(" report(s): ").append(why).append("; the first:\n")
                    .append(rs.get(0).lines().limit(16).collect(Collectors.joining("\n"))).append("\n  ...\n"));
            fail(b.toString());
        }
    }

    private static void assertNoneForbidden(String context, ChildJvm.Run run) {
        List<String> bad = new ArrayList<>();
        for (String line : run.err().split("\n")) {
            if (LOGGED_PROBLEM.matcher(line).find()) {
                bad.add(line);
                continue;
            }
            for (String f : FORBIDDEN) {
                if (line.contains(f)) {
                    bad.add(line);
                    break;
                }
            }
        }
        if (!bad.isEmpty()) {
            fail(context + ": " + bad.size() + " line(s) of stderr name a failure:\n"
                    + bad.stream().limit(40).collect(Collectors.joining("\n")) + "\n" + head(run));
        }
    }

    /**
     * Each report's location (what the "Read at"/"Write at" line names, up to " by", without the
     * object's identity and an array's index, which differ from run to run) and its pair of code
     * sites (the first frame of the access, and of the previous one).
     */
    static List<String[]> reports(String err) {
        List<String[]> out = new ArrayList<>();
        String[] lines = err.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].equals("WARNING: DATA RACE")) {
                continue;
            }
            String location = null;
            String now = "?";
            String before = "?";
            for (int j = i + 1; j < lines.length && !lines[j].startsWith("=================="); j++) {
                Matcher a = ACCESS.matcher(lines[j]);
                Matcher p = PREVIOUS.matcher(lines[j]);
                if (location == null && a.find()) {
                    location = a.group(1) + " at " + normalize(a.group(2));
                    now = j + 1 < lines.length ? lines[j + 1].trim() : "?";
                } else if (p.find()) {
                    before = p.group(1) + " " + (j + 1 < lines.length ? lines[j + 1].trim() : "?");
                }
            }
            out.add(new String[] {location == null ? "(unparsed report at line " + (i + 1) + ")" : location, now + "  vs previous " + before});
        }
        return out;
    }

    private static String normalize(String location) {
        return ELEMENT.matcher(OBJECT_ID.matcher(location).replaceAll("")).replaceAll("[] element");
    }

    /** Keeps a race run's stderr under target/, for a look after the build. */
    private static Path keep(Class<?> program, ChildJvm.Run run) throws IOException {
        Path dir = Files.createDirectories(targetDir().resolve("real-apps-race"));
        Path file = dir.resolve(program.getSimpleName() + ".race.stderr.txt");
        Files.writeString(file, run.err(), StandardCharsets.UTF_8);
        return file;
    }

    private static Path targetDir() {
        return Path.of(ChildJvm.samplesClasses()).getParent();
    }

    /** A run, with at most the first 200 lines of its stderr. */
    private static String head(ChildJvm.Run run) {
        String[] err = run.err().split("\n", -1);
        String shown = err.length <= 200 ? run.err()
                : String.join("\n", java.util.Arrays.copyOf(err, 200)) + "\n[... " + (err.length - 200) + " more lines of stderr]\n";
        return "exit " + run.exit() + "\n--- stdout ---\n" + run.out() + "--- stderr ---\n" + shown;
    }

    @AfterAll
    static void printTable() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("Race mode on real applications, every class instrumented (").append(ChildJvm.agentJar()).append(")\n");
        b.append(String.format(Locale.ROOT, "%-20s %12s %12s %7s %6s %8s %10s%n",
                "program", "plain (ms)", "race (ms)", "ratio", "exit", "reports", "locations"));
        for (Row r : ROWS.values()) {
            b.append(String.format(Locale.ROOT, "%-20s %12d %12d %6.1fx %6d %8d %10d%n", r.program(), r.plainMillis(), r.raceMillis(),
                    r.plainMillis() == 0 ? 0.0 : (double) r.raceMillis() / r.plainMillis(), r.raceExit(), r.reports(), r.locations().size()));
        }
        for (Row r : ROWS.values()) {
            b.append('\n').append(r.program()).append(": ").append(r.reports()).append(" report(s), ")
                    .append(r.locations().size()).append(" distinct location(s)\n");
            for (Map.Entry<String, List<String>> e : r.locations().entrySet()) {
                b.append("  ").append(e.getKey()).append('\n');
                for (String site : e.getValue()) {
                    b.append("      ").append(site).append('\n');
                }
            }
        }
        System.out.print(b);
        System.out.flush();
        Files.writeString(targetDir().resolve("real-apps-race.txt"), b, StandardCharsets.UTF_8);
    }
}
