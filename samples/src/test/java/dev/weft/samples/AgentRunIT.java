package dev.weft.samples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.weft.samples.ChildJvm.agent;
import static dev.weft.samples.ChildJvm.agentJar;
import static dev.weft.samples.ChildJvm.currentJava;
import static dev.weft.samples.ChildJvm.samplesClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The agent end to end, on the packaged jar, with {@link HelloGoroutine} as the program: it
 * runs silently on JDK 17 and 25, its options do what the README says, a misspelt option stops
 * the JVM, and without the agent the program still runs but pins, and says where.
 */
class AgentRunIT {
    private static final long TIMEOUT_SECONDS = 60;
    private static final String EXPECTED = SamplesIT.EXPECTED.get(HelloGoroutine.class);

    @TempDir
    Path tmp;

    private ChildJvm.Run run(Path java, String... jvmArgs) throws Exception {
        return new ChildJvm(tmp).run(java, TIMEOUT_SECONDS, HelloGoroutine.class, jvmArgs);
    }

    private void assertRunsSilently(Path java) throws Exception {
        ChildJvm.Run r = run(java, agent(null));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(EXPECTED, r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void underTheAgent_printsTheGreetings_andNothingElse() throws Exception {
        assertRunsSilently(currentJava());
    }

    @Test
    void underTheAgent_onTemurin25_printsTheGreetings_andNothingElse() throws Exception {
        assumeTrue(Files.isExecutable(ChildJvm.TEMURIN_25), "Temurin 25 is not installed at " + ChildJvm.TEMURIN_25 + " (CI has it)");
        assertRunsSilently(ChildJvm.TEMURIN_25);
    }

    @Test
    void tour_onTemurin25_printsEverySample() throws Exception {
        assumeTrue(Files.isExecutable(ChildJvm.TEMURIN_25), "Temurin 25 is not installed at " + ChildJvm.TEMURIN_25 + " (CI has it)");
        ChildJvm.Run r = new ChildJvm(tmp).run(ChildJvm.TEMURIN_25, 120, Tour.class, agent(null));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(SamplesIT.expectedTour(), r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test
    void verbose_namesTheWovenClasses() throws Exception {
        ChildJvm.Run r = run(currentJava(), agent("verbose"));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(EXPECTED, r.out(), r::toString);
        assertTrue(r.err().contains("weft: wove dev.weft.samples.HelloGoroutine ("), r::toString);
    }

    @Test
    void dumpAndJfr_writeTheirFiles_silently() throws Exception {
        Path dump = Files.createDirectory(tmp.resolve("woven")); // the agent creates the packages below, not the directory
        Path jfr = tmp.resolve("run.jfr");
        ChildJvm.Run r = run(currentJava(), agent("dump=" + dump + ",jfr=" + jfr));
        assertEquals(0, r.exit(), r::toString);
        assertEquals(EXPECTED, r.out(), r::toString);
        assertEquals("", r.err(), r::toString);
        assertTrue(Files.size(dump.resolve("dev/weft/samples/HelloGoroutine.class")) > 0, "no woven class dumped");
        assertTrue(Files.size(jfr) > 0, "no recording written");
    }

    @Test
    void unknownOption_stopsTheJvm_namingTheOption() throws Exception {
        ChildJvm.Run r = run(currentJava(), agent("verbose,bogus=1"));
        assertNotEquals(0, r.exit(), r::toString);
        assertFalse(r.out().contains("hello"), r::toString); // main never ran
        assertTrue(r.err().contains("unknown option \"bogus\""), r::toString);
    }

    @Test
    void withoutTheAgent_theProgramStillRuns_butPins_andNamesTheMethod() throws Exception {
        // the agent jar only as a class path entry, for the (pre-woven) runtime classes it carries
        ChildJvm.Run r = run(currentJava(), "-cp", samplesClasses() + File.pathSeparator + agentJar());
        assertEquals(0, r.exit(), r::toString);
        assertEquals(EXPECTED, r.out(), r::toString);
        assertTrue(r.err().contains("weft: a goroutine pinned its carrier thread"), r::toString);
        assertTrue(r.err().contains("dev.weft.samples.HelloGoroutine.lambda$main$"), r::toString);
    }

    @Test
    void withoutTheAgent_inStrictMode_aPinIsAnError() throws Exception {
        ChildJvm.Run r = run(currentJava(), "-Dweft.strict=true", "-cp", samplesClasses() + File.pathSeparator + agentJar());
        assertNotEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("PinnedError"), r::toString);
    }
}
