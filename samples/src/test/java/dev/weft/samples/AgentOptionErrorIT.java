package dev.weft.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.weft.samples.ChildJvm.agent;
import static dev.weft.samples.ChildJvm.currentJava;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A bad {@code -javaagent} option, on the packaged jar in a child JVM: the JVM stops before
 * {@code main} with exit status 2 and one or two lines on stderr (what is wrong, then what is
 * valid), with no stack trace, no {@code java.lang.instrument} assertion, no native fatal error
 * and no crash file. Runs on whichever JDK runs the build ({@code JAVA_HOME}), so CI covers
 * JDK 17 and Temurin 25.
 */
class AgentOptionErrorIT {
    private static final long TIMEOUT_SECONDS = 60;

    /** The second line of every error about an option's name or value. */
    private static final String VALID = "weft agent: valid options, separated by commas: race, strict, verbose, "
            + "include=GLOB[:GLOB...], exclude=GLOB[:GLOB...], jfr=PATH, dump=DIR, race.halt_on_error=0|1, "
            + "race.exitcode=N, race.log_path=PATH, race.history_size=0..7, race.strip_path_prefix=P, race.dedup=0|1\n";

    /** The second line of every error about a glob. */
    private static final String GLOB_SYNTAX = "weft agent: a glob is a class name in which * matches within a package "
            + "segment, ** across segments and ? one character; several are separated by ':'\n";

    @TempDir
    Path tmp;

    /** Runs HelloGoroutine under the agent with {@code options} and checks it stopped as a bad option must. */
    private void assertStops(String options, String expectedErr) throws Exception {
        ChildJvm.Run r = new ChildJvm(tmp).run(currentJava(), TIMEOUT_SECONDS, HelloGoroutine.class, agent(options));
        assertEquals(2, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString); // main never ran
        assertEquals(expectedErr, r.err(), r::toString);
        for (String crash : List.of("FATAL", "ASSERTION", "Exception", "\tat ")) {
            assertFalse(r.err().contains(crash), () -> "\"" + crash + "\" in " + r);
        }
        assertEquals(List.of(), crashFiles(), "the JVM left crash files");
    }

    private List<Path> crashFiles() throws IOException {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(f -> f.getFileName().toString().matches("hs_err.*|core.*|replay.*")).toList();
        }
    }

    @Test
    void unknownOption_exits2_namingItAndTheValidOnes() throws Exception {
        assertStops("verbose,bogus=1", "weft agent: unknown option \"bogus\"\n" + VALID);
    }

    @Test
    void badValue_exits2_sayingWhatIsAllowed() throws Exception {
        assertStops("race.exitcode=256",
                "weft agent: option \"race.exitcode\" must be an integer from 0 to 255, not \"256\"\n" + VALID);
    }

    @Test
    void flagWithAValue_exits2() throws Exception {
        assertStops("strict=1", "weft agent: option \"strict\" is a flag and takes no value (write just strict)\n" + VALID);
    }

    @Test
    void jfrPathInAMissingDirectory_exits2_namingThePath() throws Exception {
        Path jfr = tmp.resolve("no-such-dir").resolve("run.jfr");
        assertStops("jfr=" + jfr, "weft agent: option \"jfr\": cannot write " + jfr + ": directory "
                + jfr.getParent() + " does not exist\n");
    }

    @Test
    void jfrPathThatIsADirectory_exits2() throws Exception {
        assertStops("jfr=" + tmp, "weft agent: option \"jfr\": cannot write " + tmp + ": it is a directory\n");
    }

    @Test
    void malformedGlob_exits2_namingItAndTheSyntax() throws Exception {
        assertStops("include=com.acme.*:a[b", "weft agent: option \"include\": glob \"a[b\": '[' cannot appear in a "
                + "class name (at character 2)\n" + GLOB_SYNTAX);
    }

    @Test
    void globWithAnEqualsSign_exits2() throws Exception {
        assertStops("include==a", "weft agent: option \"include\": glob \"=a\": '=' cannot appear in a "
                + "class name (at character 1)\n" + GLOB_SYNTAX);
    }

    @Test
    void missingDumpDirectory_exits2_sayingCreateItFirst() throws Exception {
        Path dump = tmp.resolve("wovne");
        assertStops("dump=" + dump, "weft agent: option \"dump\": directory " + dump
                + " does not exist; create it first\n");
        assertFalse(Files.exists(dump), "the agent created the dump directory");
    }

    @Test
    void dumpPathThatIsAFile_exits2() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertStops("dump=" + file, "weft agent: option \"dump\": " + file + " is not a directory\n");
    }
}
