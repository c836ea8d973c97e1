package dev.weft.samples;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.weft.samples.ChildJvm.agent;
import static dev.weft.samples.ChildJvm.currentJava;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Race mode end to end, on the packaged agent: {@link RacyCounter}'s race is reported in Go's
 * shape, line by line (Go's {@code runtime/race/output_test.go} is the model), {@link
 * MutexCounter}, its fix, reports nothing, and every {@code race.*} option does what DESIGN says.
 */
class RaceModeIT {
    private static final long TIMEOUT_SECONDS = 120;
    private static final String SEPARATOR = "==================";
    private static final String LOCATION = "dev\\.weft\\.samples\\.RacyCounter\\.ops \\(object 0x[0-9a-f]+\\)";
    private static final Pattern ACCESS = Pattern.compile("(Read|Write) at " + LOCATION + " by goroutine \\d+:");
    private static final Pattern PREVIOUS = Pattern.compile("Previous (read|write) at " + LOCATION + " by goroutine \\d+:");
    private static final Pattern FUNCTION = Pattern.compile("  [\\w.$]+\\(\\)");
    private static final Pattern FILE_LINE = Pattern.compile("      [\\w/$]+\\.java:\\d+");
    private static final Pattern CREATED = Pattern.compile("Goroutine \\d+ \\((running|finished)\\) created at:");
    private static final Pattern FOUND = Pattern.compile("Found (\\d+) data race\\(s\\)");

    @TempDir
    Path tmp;

    private ChildJvm.Run run(Class<?> program, String options) throws Exception {
        return new ChildJvm(tmp).run(currentJava(), TIMEOUT_SECONDS, program, agent(options));
    }

    @Test
    void racyCounter_isReportedInGoShape_andExitsWith66() throws Exception {
        ChildJvm.Run r = run(RacyCounter.class, "race");
        assertEquals(66, r.exit(), r::toString);
        assertTrue(r.out().matches("ops: \\d+\n"), r::toString);
        List<List<String>> reports = reports(r.err());
        assertFalse(reports.isEmpty(), r::toString);
        reports.forEach(RaceModeIT::assertGoShape);
        String last = r.err().lines().reduce((a, b) -> b).orElse("");
        Matcher found = FOUND.matcher(last);
        assertTrue(found.matches(), "the last line: " + last);
        assertEquals(reports.size(), Integer.parseInt(found.group(1)), r::toString);
    }

    @Test
    void racyCounter_namesTheLineOfTheIncrement_andWhereItsGoroutinesWereStarted() throws Exception {
        List<String> source = Files.readAllLines(Path.of(ChildJvm.property("weft.samples.sources"), "dev/weft/samples/RacyCounter.java"));
        int increment = line(source, "counter.ops++;");
        int started = line(source, "wg.go(() -> {");
        ChildJvm.Run r = run(RacyCounter.class, "race");
        List<String> first = reports(r.err()).get(0);
        assertEquals("  dev.weft.samples.RacyCounter.lambda$main$0()", first.get(2), r::toString);
        assertEquals("      dev/weft/samples/RacyCounter.java:" + increment, first.get(3), r::toString);
        assertTrue(first.contains("      dev/weft/samples/RacyCounter.java:" + started), r::toString);
    }

    @Test
    void mutexCounter_reportsNothing_andExitsWith0() throws Exception {
        ChildJvm.Run r = run(MutexCounter.class, "race");
        assertEquals(0, r.exit(), r::toString);
        assertEquals("ops: 50000\n", r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void exitcode_isTheStatusAfterARace() throws Exception {
        assertEquals(13, run(RacyCounter.class, "race,race.exitcode=13").exit());
    }

    @Test
    void haltOnError_stopsAtTheFirstReport() throws Exception {
        ChildJvm.Run r = run(RacyCounter.class, "race,race.halt_on_error=1");
        assertEquals(66, r.exit(), r::toString);
        assertEquals(1, reports(r.err()).size(), r::toString);
        assertEquals("", r.out(), "the program stopped before it printed: " + r);
        assertFalse(r.err().contains("Found"), r::toString);
    }

    @Test
    void logPath_writesTheReportsToPathDotPid() throws Exception {
        Path log = tmp.resolve("race");
        ChildJvm.Run r = run(RacyCounter.class, "race,race.log_path=" + log);
        assertEquals(66, r.exit(), r::toString);
        assertEquals("", r.err(), r::toString);
        Path written;
        try (Stream<Path> files = Files.list(tmp)) {
            written = files.filter(f -> f.getFileName().toString().matches("race\\.\\d+")).findFirst()
                    .orElseThrow(() -> new AssertionError("no race.<pid> in " + tmp));
        }
        String text = Files.readString(written);
        assertFalse(reports(text).isEmpty(), text);
        assertTrue(text.contains("Found "), text);
    }

    @Test
    void stripPathPrefix_shortensEveryFileLine() throws Exception {
        ChildJvm.Run r = run(RacyCounter.class, "race,race.strip_path_prefix=dev/weft/");
        List<String> first = reports(r.err()).get(0);
        assertTrue(first.get(3).matches("      samples/RacyCounter\\.java:\\d+"), r::toString);
        assertFalse(r.err().contains("      dev/weft/"), r::toString);
    }

    @Test
    void dedup0_reportsEveryRace_dedup1_oncePerPairOfSites() throws Exception {
        int once = reports(run(RacyCounter.class, "race").err()).size();
        int every = reports(run(RacyCounter.class, "race,race.dedup=0").err()).size();
        assertTrue(once <= 3, "one increment is two sites, so at most three pairs: " + once);
        assertTrue(every > once, every + " reports with dedup=0, " + once + " with dedup=1");
    }

    @Test
    void historySize_isAccepted() throws Exception {
        ChildJvm.Run r = run(RacyCounter.class, "race,race.history_size=3");
        assertEquals(66, r.exit(), r::toString);
        reports(r.err()).forEach(RaceModeIT::assertGoShape);
    }

    @Test
    void anUnknownRaceOption_stopsTheAgent_namingIt() throws Exception {
        ChildJvm.Run r = run(RacyCounter.class, "race,race.halt_on_eror=1");
        assertEquals(2, r.exit(), r::toString);
        assertTrue(r.err().contains("unknown option \"race.halt_on_eror\""), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    @Test
    void everyReport_isAlsoADataRaceEvent() throws Exception {
        Path jfr = tmp.resolve("race.jfr");
        ChildJvm.Run r = run(RacyCounter.class, "race,jfr=" + jfr);
        assertEquals(66, r.exit(), r::toString);
        List<RecordedEvent> events = new ArrayList<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getEventType().getName().equals("weft.DataRace")) {
                events.add(e);
            }
        }
        assertEquals(reports(r.err()).size(), events.size(), r::toString);
        for (RecordedEvent e : events) {
            assertTrue(e.getString("location").startsWith("dev.weft.samples.RacyCounter.ops"), e::toString);
            assertTrue(e.getLong("goroutineId") > 0, e::toString);
            assertTrue(e.getString("report").contains("WARNING: DATA RACE"), e::toString);
        }
    }

    /** The reports in {@code text}: the lines between each pair of separators. */
    static List<List<String>> reports(String text) {
        List<List<String>> reports = new ArrayList<>();
        List<String> current = null;
        for (String line : text.split("\n")) {
            if (line.equals(SEPARATOR)) {
                if (current == null) {
                    current = new ArrayList<>();
                } else {
                    reports.add(current);
                    current = null;
                }
            } else if (current != null) {
                current.add(line);
            }
        }
        assertTrue(current == null, "a report without its closing separator:\n" + text);
        return reports;
    }

    /**
     * One report, line by line: the header; the access now and its frames; a blank line; the
     * previous access and its frames; then, for each goroutine, a blank line, its creation title
     * and frames. A frame is two lines, the function and then its file and line.
     */
    static void assertGoShape(List<String> report) {
        int i = 0;
        assertEquals("WARNING: DATA RACE", report.get(i++), () -> String.join("\n", report));
        assertTrue(ACCESS.matcher(report.get(i++)).matches(), () -> "the access line:\n" + String.join("\n", report));
        i = frames(report, i);
        assertEquals("", report.get(i++), () -> String.join("\n", report));
        assertTrue(PREVIOUS.matcher(report.get(i++)).matches(), () -> "the previous access line:\n" + String.join("\n", report));
        i = frames(report, i);
        int sections = 0;
        while (i < report.size()) {
            assertEquals("", report.get(i++), () -> String.join("\n", report));
            assertTrue(CREATED.matcher(report.get(i++)).matches(), () -> "a creation title:\n" + String.join("\n", report));
            i = frames(report, i);
            sections++;
        }
        assertTrue(sections >= 1 && sections <= 2, () -> "creation sections:\n" + String.join("\n", report));
    }

    private static int frames(List<String> report, int i) {
        int start = i;
        while (i + 1 < report.size() && FUNCTION.matcher(report.get(i)).matches()) {
            assertTrue(FILE_LINE.matcher(report.get(i + 1)).matches(), "a frame's file line: " + report.get(i + 1));
            i += 2;
        }
        if (i == start) {
            fail("no frames at line " + i + ":\n" + String.join("\n", report));
        }
        return i;
    }

    private static int line(List<String> source, String text) {
        for (int i = 0; i < source.size(); i++) {
            if (source.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no \"" + text + "\" in the source");
    }
}
