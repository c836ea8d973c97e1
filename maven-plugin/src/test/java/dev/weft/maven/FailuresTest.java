package dev.weft.maven;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.instrument.WeaveDirectory.Kind;
import dev.weft.instrument.WeaveDirectory.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.junit.jupiter.api.Test;

/** Which problems fail the build and what the failure says; the strict-failure integration test runs it for real. */
class FailuresTest {
    private static final Problem REFUSED = new Problem(Path.of("t/classes/p/A.class"), "p.A", Kind.NOT_REWRITTEN,
            "cannot rewrite p.A.m()V: some reason; left as it was (a park below it pins its carrier)");
    private static final Problem REFUSED_TOO = new Problem(Path.of("t/classes/p/A.class"), "p.A", Kind.NOT_REWRITTEN,
            "cannot rewrite p.A.n()V: some reason; left as it was (a park below it pins its carrier)");
    private static final Problem CORRUPT = new Problem(Path.of("t/classes/p/B.class"), null, Kind.UNREADABLE,
            "cannot read class file (bad magic); left as it was");

    /** Records warnings instead of printing them. */
    private static final class Warnings extends SystemStreamLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void warn(CharSequence content) {
            lines.add(content.toString());
        }
    }

    @Test
    void check_lenient_warnsOncePerProblemAndPasses() {
        Warnings log = new Warnings();

        assertDoesNotThrow(() -> Failures.check(List.of(REFUSED, CORRUPT), false, log));

        assertEquals(2, log.lines.size(), log.lines.toString());
        assertTrue(log.lines.get(0).contains("p.A.m()V"), log.lines.get(0));
        assertTrue(log.lines.get(1).contains("t/classes/p/B.class".replace('/', java.io.File.separatorChar)), log.lines.get(1));
    }

    @Test
    void check_strict_failsNamingEveryMethodAndFileWithAdvice() {
        Warnings log = new Warnings();

        MojoFailureException e = assertThrows(MojoFailureException.class,
                () -> Failures.check(List.of(REFUSED, REFUSED_TOO, CORRUPT), true, log));

        assertTrue(e.getMessage().startsWith("weft: could not weave 2 classes as strict mode requires:"), e.getMessage());
        assertTrue(e.getMessage().contains("p.A.m()V") && e.getMessage().contains("p.A.n()V"), e.getMessage());
        assertTrue(e.getMessage().contains("Restructure that method"), e.getMessage());
        assertTrue(e.getMessage().contains("delete it or rebuild"), e.getMessage());
        assertEquals(List.of(), log.lines, "nothing is only a warning in strict mode");
    }

    @Test
    void check_verificationFailure_failsEvenWhenLenient() {
        Problem bad = new Problem(Path.of("p/C.class"), "p.C", Kind.VERIFY_FAILED, "verification failed: p.C.m()V: bad frame");

        MojoFailureException e = assertThrows(MojoFailureException.class, () -> Failures.check(List.of(bad), false, new Warnings()));

        assertTrue(e.getMessage().contains("weft bug"), e.getMessage());
    }

    @Test
    void check_noProblems_passesSilently() {
        Warnings log = new Warnings();

        assertDoesNotThrow(() -> Failures.check(List.of(), true, log));

        assertEquals(List.of(), log.lines);
    }
}
