package dev.weft.testing;

import dev.weft.Go;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs each test of a class at a given {@code Go.maxProcs} and puts the previous value back
 * after it: {@code @RegisterExtension final MaxProcs procs = new MaxProcs(2);}. Its
 * {@code afterEach} runs after the class's own {@code @AfterEach} methods, which may still need
 * the test's processors to stop what the test started.
 */
public final class MaxProcs implements BeforeEachCallback, AfterEachCallback {
    private final int procs;
    private int previous;

    public MaxProcs(int procs) {
        this.procs = procs;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        previous = Go.maxProcs(procs);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Go.maxProcs(previous);
    }
}
