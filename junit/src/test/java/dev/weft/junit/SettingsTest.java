package dev.weft.junit;

import dev.weft.internal.sched.Goroutines.Goroutine;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which goroutines the settings tolerate, on dump entries as {@code Go.dump()} writes them:
 * the top function is the innermost one, or the one that called weft's operation; any function
 * is any frame of the stack; the creation site is neither.
 */
class SettingsTest {
    private static final Goroutine JANITOR = new Goroutine(7, "chan receive", """
            goroutine 7 [chan receive]:
            dev.weft.Chan.recv(...)
            \tChan.java:135
            com.acme.Cache.janitor(...)
            \tCache.java:40
            com.acme.Cache.lambda$start$0(...)
            \tCache.java:20
            created by com.acme.Cache.start in goroutine 3
            \tCache.java:20
            """);
    /** Started but not run yet: no stack, so no top function. */
    private static final Goroutine NOT_RUN_YET = new Goroutine(8, "runnable", """
            goroutine 8 [runnable]:
            created by com.acme.Cache.start in goroutine 3
            \tCache.java:21
            """);

    @Test
    void defaults_areTheAnnotations() {
        assertEquals(new Settings(List.of(), List.of(), true, Duration.ofSeconds(1)), Settings.DEFAULT);
    }

    @Test
    void ignoreTopFunction_matchesTheFunctionThatCalledWeftsOperation_andThatOperation() {
        assertTrue(Settings.DEFAULT.ignoringTopFunction("com.acme.Cache.janitor").ignores(JANITOR));
        assertTrue(Settings.DEFAULT.ignoringTopFunction("dev.weft.Chan.recv").ignores(JANITOR));
    }

    @Test
    void ignoreTopFunction_doesNotMatchTheFunctionsBelow_norTheCreationSite() {
        assertFalse(Settings.DEFAULT.ignoringTopFunction("com.acme.Cache.lambda$start$0").ignores(JANITOR));
        assertFalse(Settings.DEFAULT.ignoringTopFunction("com.acme.Cache.start").ignores(JANITOR));
    }

    @Test
    void ignoreTopFunction_toleratesNoGoroutineWithoutAStack() {
        assertFalse(Settings.DEFAULT.ignoringTopFunction("com.acme.Cache.janitor").ignores(NOT_RUN_YET));
    }

    @Test
    void ignoreAnyFunction_matchesAnyFrame_notTheCreationSite() {
        assertTrue(Settings.DEFAULT.ignoringAnyFunction("com.acme.Cache.lambda$start$0").ignores(JANITOR));
        assertFalse(Settings.DEFAULT.ignoringAnyFunction("com.acme.Cache.start").ignores(JANITOR));
    }
}
