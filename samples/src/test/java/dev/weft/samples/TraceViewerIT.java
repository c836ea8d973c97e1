package dev.weft.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.weft.samples.ChildJvm.agent;
import static dev.weft.samples.ChildJvm.agentJar;
import static dev.weft.samples.ChildJvm.currentJava;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code java -jar weft-agent.jar trace} end to end: a sample runs under the packaged agent with
 * {@code jfr=PATH}, the command turns the recording into a page, and headless Chromium opens the
 * page from disk as a developer would. The page's script marks {@code <body data-status>} "ok"
 * once it has drawn everything, or "error: ..." on any script error, so Chromium's
 * {@code --dump-dom} says whether it ran; the lanes, the leak table and what each leak waits on
 * are elements of their own ({@code data-lane="P0"}, {@code data-leak-site}, {@code
 * data-wait-state}), so the DOM says what it drew.
 *
 * <p>{@link Tour} runs with three Ps and must have a lane for each, and no other; {@link
 * GoroutineLeak} leaks 20 goroutines, two per query, created where {@code first} calls {@code
 * Go.go}, and the page must list them at that site, all 20 waiting to send on the channel in the
 * lambda passed there (from the recording's weft.LiveGoroutines). The tour's page is also the screenshot
 * {@code samples/target/trace-viewer.png}, which {@code docs/trace-viewer.png} is made from.
 *
 * <p>Chromium is Debian's {@code /usr/bin/chromium}, which CI installs; without it the test
 * fails and says so. Every child process has a time limit and is killed, with its own children,
 * when it overruns, failing the test with what it printed.
 */
class TraceViewerIT {
    private static final long PROGRAM_SECONDS = 240;
    private static final long COMMAND_SECONDS = 120;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int PROCS = 3;
    private static final Pattern LANE = Pattern.compile("data-lane=\"(P\\d+)\"");

    @TempDir
    Path tmp;

    @Test
    void tour_hasALanePerP_andItsPageRunsWithoutAScriptError() throws Exception {
        Path page = tracePage(Tour.class, "-Dweft.maxprocs=" + PROCS);
        String dom = dom(page);
        assertStatusOk(dom);
        TreeSet<String> lanes = new TreeSet<>();
        Matcher m = LANE.matcher(dom);
        while (m.find()) {
            assertTrue(lanes.add(m.group(1)), "two lanes for " + m.group(1));
        }
        TreeSet<String> expected = new TreeSet<>();
        for (int p = 0; p < PROCS; p++) {
            expected.add("P" + p);
        }
        assertEquals(expected, lanes);
        Path screenshot = Path.of(System.getProperty("user.dir"), "target", "trace-viewer.png");
        Files.deleteIfExists(screenshot);
        chromium("--screenshot=" + screenshot, "--window-size=1400,1000", page.toUri().toString());
        assertTrue(Files.isRegularFile(screenshot) && Files.size(screenshot) > 10_000, "no screenshot at " + screenshot);
    }

    @Test
    void goroutineLeak_listsItsLeakedGoroutines_atTheirCreationSite_waitingToSendInTheLambda() throws Exception {
        List<String> source = Files.readAllLines(Path.of(ChildJvm.property("weft.samples.sources"), "dev/weft/samples/GoroutineLeak.java"));
        int line = lineOf(source, "Go.go(() -> answers.send(");
        String site = "dev.weft.samples.GoroutineLeak.first(GoroutineLeak.java:" + line + ")";
        String dom = dom(tracePage(GoroutineLeak.class));
        assertStatusOk(dom);
        Matcher row = Pattern.compile("<tr data-leak-site=\"" + Pattern.quote(site) + "\" data-leak-count=\"20\">.*?</tr>", Pattern.DOTALL).matcher(dom);
        assertTrue(row.find(), "no row of 20 goroutines alive at " + site + " in the page's leak table:\n" + leakRows(dom));
        // the blocking site is the lambda's frame, on the line of Go.go, whatever number javac gave the lambda
        Pattern waits = Pattern.compile("data-wait-state=\"chan send\" data-wait-site=\"dev\\.weft\\.samples\\.GoroutineLeak\\.lambda\\$first\\$\\d+"
                + Pattern.quote("(GoroutineLeak.java:" + line + ")") + "\" data-wait-count=\"20\"");
        assertTrue(waits.matcher(row.group()).find(), "the row does not say all 20 wait in chan send at line " + line + ":\n" + row.group());
    }

    /** Runs {@code program} under the agent, recording, and answers the page {@code trace} made of it. */
    private Path tracePage(Class<?> program, String... jvmArgs) throws Exception {
        Path recording = tmp.resolve(program.getSimpleName() + ".jfr");
        List<String> args = new ArrayList<>(List.of(jvmArgs));
        args.add(agent("jfr=" + recording));
        ChildJvm.Run run = new ChildJvm(tmp).run(currentJava(), PROGRAM_SECONDS, program, args.toArray(new String[0]));
        assertEquals(0, run.exit(), run::toString);
        Path page = tmp.resolve(program.getSimpleName() + ".html");
        ChildJvm.Run trace = ChildJvm.exec(tmp, COMMAND_SECONDS, List.of(currentJava().toString(), "-jar",
                agentJar().toString(), "trace", recording.toString(), "-o", page.toString()));
        assertEquals(0, trace.exit(), trace::toString);
        assertTrue(trace.out().startsWith("weft trace: wrote " + page + " (") && trace.out().lines().count() == 1, trace::toString);
        assertEquals("", trace.err(), trace::toString);
        return page;
    }

    /** The page's DOM once its script has run, as headless Chromium serializes it. */
    private String dom(Path page) throws Exception {
        return chromium("--dump-dom", page.toUri().toString()).out();
    }

    private ChildJvm.Run chromium(String... args) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail("no " + CHROMIUM + ": install Debian's chromium (apt-get install chromium) to run the trace page in a browser");
        }
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--allow-file-access-from-files", "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                "--user-data-dir=" + tmp.resolve("chromium-profile")));
        cmd.addAll(List.of(args));
        ChildJvm.Run r = ChildJvm.exec(tmp, COMMAND_SECONDS, cmd);
        assertEquals(0, r.exit(), r::toString);
        return r;
    }

    private static void assertStatusOk(String dom) {
        Matcher status = Pattern.compile("<body[^>]* data-status=\"([^\"]*)\"").matcher(dom);
        assertTrue(status.find(), "no body with a data-status in the page's DOM:\n" + dom.substring(0, Math.min(2_000, dom.length())));
        assertEquals("ok", status.group(1), "the page's script failed");
    }

    private static String leakRows(String dom) {
        StringBuilder rows = new StringBuilder();
        Matcher m = Pattern.compile("<tr data-leak-site=[^>]*>|<div class=\"wait\"[^>]*>").matcher(dom);
        while (m.find()) {
            rows.append(m.group().startsWith("<div") ? "  " : "").append(m.group()).append('\n');
        }
        return rows.length() == 0 ? "(none)" : rows.toString();
    }

    private static int lineOf(List<String> source, String text) {
        for (int i = 0; i < source.size(); i++) {
            if (source.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + text);
    }
}
