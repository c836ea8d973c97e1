package dev.weft.junit;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Runs a fixture class on the Jupiter engine, in this thread, as a user's build would run it
 * with the extension, and keeps what came of it: each test's and the class's result, and what
 * was printed on {@code System.err} meanwhile. Fixtures are nested classes of the tests, which
 * Surefire never runs on their own: by default it leaves out every class with a {@code $} in
 * its name.
 */
final class Kit {
    private final EngineExecutionResults results;
    /** What the run printed on {@code System.err}. */
    final String stderr;

    private Kit(EngineExecutionResults results, String stderr) {
        this.results = results;
        this.stderr = stderr;
    }

    static Kit run(Class<?> fixture) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new Kit(EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute(),
                    captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(err);
        }
    }

    /** The failure of the test method {@code name}; fails if it did not fail. */
    Throwable failureOf(String name) {
        return failure(test(name));
    }

    /** Fails unless the test method {@code name} passed. */
    void assertPassed(String name) {
        passed(test(name));
    }

    /** The failure of the class as a whole, outside its tests; fails if it did not fail. */
    Throwable classFailure() {
        return failure(theClass());
    }

    /** Fails unless the class as a whole passed (whatever its tests did). */
    void assertClassPassed() {
        passed(theClass());
    }

    private TestExecutionResult test(String name) {
        return only(results.testEvents().finished().filter(e -> e.getTestDescriptor().getDisplayName().equals(name + "()")).toList(), name);
    }

    private TestExecutionResult theClass() {
        return only(results.containerEvents().finished().filter(e -> e.getTestDescriptor().getSource().orElse(null) instanceof ClassSource).toList(), "the class");
    }

    private TestExecutionResult only(List<Event> events, String what) {
        assertEquals(1, events.size(), () -> "results of " + what + ": " + events + "\nstderr:\n" + stderr);
        return events.get(0).getRequiredPayload(TestExecutionResult.class);
    }

    private Throwable failure(TestExecutionResult r) {
        if (r.getStatus() != TestExecutionResult.Status.FAILED) {
            fail("expected a failure, got " + r + "\nstderr:\n" + stderr);
        }
        return r.getThrowable().orElseThrow();
    }

    private void passed(TestExecutionResult r) {
        if (r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            fail("expected success, got " + r + r.getThrowable().map(Kit::stackTrace).orElse("") + "\nstderr:\n" + stderr);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return "\n" + w;
    }
}
