package dev.weft.agent.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static dev.weft.agent.trace.WeftEvents.live;
import static dev.weft.agent.trace.WeftEvents.park;
import static dev.weft.agent.trace.WeftEvents.record;
import static dev.weft.agent.trace.WeftEvents.run;
import static dev.weft.agent.trace.WeftEvents.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: what it writes, and the one line it says when it cannot. */
class TraceCommandTest {
    @TempDir
    Path tmp;

    private record Result(int exit, String out, String err) {}

    private Result trace(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = TraceCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path recording() throws Exception {
        return record(tmp.resolve("rec.jfr"), () -> {
            start(1, 0, "A.main(A.java:1)");
            start(2, 1, "A.spawn(A.java:5) </script><script>alert(1)</script>");
            run(1, 0, 1);
            park(1, "chan receive", "A.recv(A.java:7)", 2);
            live("A.spawn(A.java:5) </script><script>alert(1)</script>", "chan send", "A.send(A.java:8)", 1, "2");
        });
    }

    /** One line on stderr, naming {@code what}, and no stack trace. */
    private static void assertOneLineError(Result r, int exit, String what) {
        assertEquals(exit, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().startsWith("weft trace: ") && r.err().contains(what), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), r::toString);
    }

    @Test
    void aRecording_becomesAPageBesideIt_andOneLineSaysWhereAndHowToOpenIt() throws Exception {
        Path rec = recording();
        Result r = trace(rec.toString());
        assertEquals(0, r.exit(), r::toString);
        Path page = tmp.resolve("rec.html");
        assertTrue(Files.isRegularFile(page), r::toString);
        assertEquals(1, r.out().lines().count(), r::toString);
        assertTrue(r.out().contains("wrote " + page) && r.out().contains(page.toUri().toString()), r::toString);
        assertEquals("", r.err());
        String html = Files.readString(page);
        assertTrue(html.contains("<body data-status=\"loading\">"), "the script sets the status");
        assertFalse(html.contains("{{"), "a placeholder left in the page");
        assertEquals(2, html.split("</script>", -1).length - 1, "only the data and the script elements close: a site cannot");
        assertFalse(html.contains("src=") || html.contains("http://") || html.contains("https://"), "the page loads nothing");
        assertTrue(html.contains("\"A.send(A.java:8)\""), "the leak's blocking site at the end is in the page's data");
        assertTrue(Arrays.stream(tmp.toFile().list()).noneMatch(n -> n.endsWith(".partial")), "no partial page left behind");
    }

    @Test
    void dashO_namesThePage() throws Exception {
        Path rec = recording();
        Path page = tmp.resolve("elsewhere.html");
        Result r = trace("-o", page.toString(), rec.toString());
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.isRegularFile(page));
        assertFalse(Files.exists(tmp.resolve("rec.html")));
    }

    @Test
    void help_printsTheUsage() {
        Result r = trace("--help");
        assertEquals(0, r.exit());
        assertEquals(TraceCommand.USAGE + System.lineSeparator(), r.out());
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "''              | no recording given",
        "-x a.jfr        | unknown option \"-x\"",
        "a.jfr b.jfr     | one recording at a time, not a.jfr and b.jfr",
        "a.jfr -o        | -o needs the path of the page to write",
    })
    void wrongArguments_exitWith2_andSayWhatIsWrongWithTheUsage(String args, String what) {
        Result r = trace(args.isEmpty() ? new String[0] : args.split(" "));
        assertOneLineError(r, 2, what);
        assertTrue(r.err().contains(TraceCommand.USAGE), r::toString);
    }

    @Test
    void aMissingFile_exitsWith2_namingIt() {
        Path missing = tmp.resolve("missing.jfr");
        assertOneLineError(trace(missing.toString()), 2, "no such file: " + missing + "; give the path of a flight recording");
    }

    @Test
    void aFileThatIsNotARecording_exitsWith2_sayingSo() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.jfr"), "not a recording\n");
        assertOneLineError(trace(text.toString()), 2, text + " is not a flight recording");
    }

    @Test
    void aDirectory_exitsWith2_sayingSo() {
        assertOneLineError(trace(tmp.toString()), 2, tmp + " is a directory");
    }

    @Test
    void aPageInAMissingDirectory_exitsWith2_namingTheDirectory() throws Exception {
        Path rec = recording();
        Path page = tmp.resolve("no/such/dir/x.html");
        assertOneLineError(trace(rec.toString(), "-o", page.toString()), 2, "there is no directory " + page.getParent());
    }

    @Test
    void aPageOverTheRecording_exitsWith2() throws Exception {
        Path rec = recording();
        assertOneLineError(trace(rec.toString(), "-o", rec.toString()), 2, "would overwrite the recording");
    }

    @Test
    void aTruncatedRecording_exitsWith1_sayingItCannotBeRead() throws Exception {
        Path rec = recording();
        byte[] bytes = Files.readAllBytes(rec);
        Path truncated = Files.write(tmp.resolve("truncated.jfr"), Arrays.copyOf(bytes, bytes.length / 2));
        assertOneLineError(trace(truncated.toString()), 1, "cannot read " + truncated + ": ");
        assertFalse(Files.exists(tmp.resolve("truncated.html")));
    }
}
