package dev.weft.agent;

import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Reports;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Race mode under JUnit: tells which test a race happened in, as {@code go test -race} does
 * ({@code race detected during execution of test}). The JUnit Platform finds this listener
 * through the agent jar's {@code META-INF/services}, since {@code -javaagent} puts that jar on
 * the class path; it needs JUnit only when JUnit loads it. Without race mode it does nothing.
 *
 * <p>After a test during which the detector reported races, it prints
 * {@code weft race: race detected during execution of test com.acme.FooTest.bar() (2 reports)}
 * where the reports go. Tests run one at a time are told apart exactly; tests run in parallel
 * share the reports made while they overlap.
 */
public final class RaceTestListener implements TestExecutionListener {
    private final java.util.Map<TestIdentifier, Integer> countsAtStart = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void executionStarted(TestIdentifier test) {
        if (RaceMode.ENABLED && test.isTest()) {
            countsAtStart.put(test, Reports.count());
        }
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Integer before = countsAtStart.remove(test);
        if (before != null) {
            int races = Reports.count() - before;
            if (races > 0) {
                Reports.note("race detected during execution of test " + name(test) + " (" + races
                        + (races == 1 ? " report)" : " reports)"));
            }
        }
    }

    private static String name(TestIdentifier test) {
        TestSource source = test.getSource().orElse(null);
        if (source instanceof MethodSource m) {
            return m.getClassName() + "." + m.getMethodName() + "()";
        }
        return test.getDisplayName();
    }
}
