package dev.weft.race;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Race mode under JUnit, in a JVM of its own under the packaged agent: the JUnit Platform finds
 * the agent's listener, which names the test a race happened in and no other.
 */
class JUnitRaceIT {
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path tmp;

    @Test
    void theRacyTest_isNamed_andTheCleanOneIsNot() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String built = System.getProperty("weft.agent.jar");
        assertTrue(built != null && !built.startsWith("${"), "system property weft.agent.jar is not set by the build");
        Path jar = Path.of(built);
        assertTrue(Files.isRegularFile(jar), "no agent jar at " + jar);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + jar + "=race,race.exitcode=0,include=dev.weft.race.RacyJUnitSubject*",
                "-cp", classPath, Runner.class.getName());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("timed out: " + Files.readString(err));
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String all = "--- stdout ---\n" + stdout + "--- stderr ---\n" + stderr;
        assertEquals(0, p.exitValue(), all);
        assertTrue(stdout.contains("tests succeeded: 2"), all);
        assertTrue(stderr.contains("WARNING: DATA RACE"), all);
        assertTrue(stderr.contains("weft race: race detected during execution of test dev.weft.race.RacyJUnitSubject.racy() ("), all);
        assertFalse(stderr.contains("RacyJUnitSubject.clean()"), all);
    }

    /** Runs {@link RacyJUnitSubject} on the JUnit Platform and prints the summary's counts. */
    public static final class Runner {
        public static void main(String[] args) {
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(RacyJUnitSubject.class)).build(), summary);
            System.out.println("tests succeeded: " + summary.getSummary().getTestsSucceededCount());
        }
    }
}
