package dev.weft.internal.cont;

import dev.weft.PinnedError;
import dev.weft.testing.SystemProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The continuation's own contract. Test classes are woven like the runtime, so a body that
 * must not unwind parks from {@link #notSuspendable}, a method nobody marked.
 */
class ContinuationTest {

    @Test
    void run_bodyThatDoesNotPark_endsAtOnce() {
        int[] ran = {0};
        Continuation c = new Continuation(() -> ran[0]++);
        assertTrue(c.run());
        assertTrue(c.isDone());
        assertEquals(1, ran[0]);
        assertThrows(IllegalStateException.class, c::run);
    }

    @Test
    void run_rethrowsTheBodysCheckedException_unchanged() {
        IOException boom = new IOException("boom");
        Continuation c = new Continuation(() -> {
            throw boom;
        });
        Exception thrown = assertThrows(Exception.class, c::run);
        assertSame(boom, thrown);
        assertTrue(c.isDone());
    }

    @Test
    void park_fromABodyThatWasNotRewritten_pinsInsteadOfUnwinding() {
        int[] after = {0};
        Continuation c = new Continuation(() -> notSuspendable(after));
        assertTrue(c.run(), "a pinned park returns at once in the single-threaded driver");
        assertEquals(1, after[0], "code after the park ran exactly once");
        assertEquals(1, c.pins());
    }

    @Test
    void park_inStrictMode_throwsPinnedError() {
        PinnedError e = SystemProperty.with("weft.strict", "true", () -> {
            Continuation c = new Continuation(() -> notSuspendable(new int[1]));
            return assertThrows(PinnedError.class, c::run);
        });
        assertTrue(e.getMessage().contains("cannot unwind"), e.getMessage());
    }

    @Test
    void park_throughRewrittenFrames_unwindsAndResumesAfterIt() {
        int[] after = {0};
        Continuation c = new Continuation(() -> {
            Continuation.park();
            after[0]++;
        });
        assertFalse(c.run(), "parked");
        assertEquals(0, after[0], "nothing after the park ran yet");
        assertTrue(c.savedSlots() > 0);
        assertTrue(c.run(), "resumed to the end");
        assertEquals(1, after[0]);
        assertEquals(0, c.pins());
    }

    /** Not @Suspendable: a park below it cannot unwind through it. */
    private static void notSuspendable(int[] after) {
        Continuation.park();
        after[0]++;
    }

    @Test
    void park_outsideAContinuation_failsWithAClearMessage() {
        IllegalStateException e = assertThrows(IllegalStateException.class, Continuation::park);
        assertTrue(e.getMessage().contains("outside a continuation"));
    }

    @Test
    void current_isTheRunningContinuation_andNullOutside() {
        Continuation[] seen = new Continuation[1];
        Continuation c = new Continuation(() -> seen[0] = Continuation.current());
        c.run();
        assertSame(c, seen[0]);
        assertNull(Continuation.current());
    }

    @Test
    void nestedRun_restoresTheOuterContinuation() {
        Continuation[] seen = new Continuation[2];
        Continuation inner = new Continuation(() -> seen[0] = Continuation.current());
        Continuation outer = new Continuation(() -> {
            inner.run();
            seen[1] = Continuation.current();
        });
        outer.run();
        assertSame(inner, seen[0]);
        assertSame(outer, seen[1]);
    }
}
