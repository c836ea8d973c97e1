package dev.weft.internal.cont;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameStackTest {
    private static final int M = Tokens.of("m()V");
    private static final int ALT = Tokens.of("alt()V");

    @Test
    void pushThenPop_returnsEveryKindInReverseOrder_andGrowsPastInitialSize() {
        FrameStack s = new FrameStack();
        Object marker = new Object();
        for (int i = 0; i < 100; i++) {
            FrameStack.pushInt(-i, s);
            FrameStack.pushLong(Long.MIN_VALUE + i, s);
            FrameStack.pushFloat(i + 0.5f, s);
            FrameStack.pushDouble(Double.longBitsToDouble(0x7ff8_0000_0000_0001L + i), s);
            FrameStack.pushRef(i % 2 == 0 ? marker : null, s);
        }
        s.pushRecord(FrameStackTest.class, 42, 7);
        assertEquals(7, s.resumeIndex(FrameStackTest.class, 42));
        for (int i = 99; i >= 0; i--) {
            assertSame(i % 2 == 0 ? marker : null, s.popRef());
            assertEquals(0x7ff8_0000_0000_0001L + i, Double.doubleToRawLongBits(s.popDouble()), "raw NaN bits survive");
            assertEquals(i + 0.5f, s.popFloat());
            assertEquals(Long.MIN_VALUE + i, s.popLong());
            assertEquals(-i, s.popInt());
        }
        assertTrue(s.isEmpty());
    }

    @Test
    void popRef_clearsTheSlot_soNothingStaysReachable() {
        FrameStack s = new FrameStack();
        Object value = new Object();
        WeakReference<Object> ref = new WeakReference<>(value);
        FrameStack.pushRef(value, s);
        s.popRef();
        value = null;
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "a popped reference must not be kept by the frame stack");
    }

    @Test
    void enter_consumesTheArming_andAcceptsOnlyItsTokensOnItsReceiver() {
        FrameStack s = new FrameStack();
        Continuation c = new Continuation(() -> {
            FrameStack f = FrameStack.current();
            Object self = new Object();
            f.token = M;
            f.callee = self;
            assertSame(f, FrameStack.enter(M, ALT, self));
            assertEquals(0, f.token);
            assertNull(FrameStack.enter(M, ALT, self), "a consumed token does not arm a second method");
            f.token = ALT;
            assertSame(f, FrameStack.enter(M, ALT, null), "the alternative token; no receiver to check");
            f.token = M;
            f.callee = new Object();
            assertNull(FrameStack.enter(M, ALT, self), "armed for another receiver: a proxy stands between");
            f.token = Tokens.of("other()V");
            assertNull(FrameStack.enter(M, ALT, null));
        });
        assertTrue(c.run());
        assertNull(FrameStack.enter(M, ALT, null), "outside a continuation");
        assertTrue(s.isEmpty());
    }

    @Test
    void enter_withATokenThatHashesLikeItsOwn_answersNull() {
        Continuation c = new Continuation(() -> {
            FrameStack f = FrameStack.current();
            f.token = Tokens.of("Aa()V");
            assertEquals("Aa()V".hashCode(), "BB()V".hashCode());
            int bb = Tokens.of("BB()V");
            assertNull(FrameStack.enter(bb, bb, null), "a colliding hash must not arm the method");
        });
        assertTrue(c.run());
    }

    @Test
    void resumeIndex_ofAnotherMethod_failsLoudly() {
        FrameStack s = new FrameStack();
        s.pushRecord(FrameStackTest.class, 1, 0);
        assertThrows(IllegalStateException.class, () -> s.resumeIndex(FrameStackTest.class, 2));
        FrameStack empty = new FrameStack();
        assertThrows(IllegalStateException.class, () -> empty.resumeIndex(FrameStackTest.class, 2));
    }

    @Test
    void resumeIndex_ofTheSameOrdinalInAnotherClass_failsLoudly() {
        FrameStack s = new FrameStack();
        s.pushRecord(FrameStackTest.class, 0, 0);
        assertThrows(IllegalStateException.class, () -> s.resumeIndex(String.class, 0));
    }

    @Test
    void savedFrames_walksRecordsOutermostFirst_andResumeLeavesTheBaseAtZero() {
        FrameStack s = new FrameStack();
        FrameStack.pushInt(1, s);
        FrameStack.pushRef("inner", s);
        s.pushRecord(String.class, 10, 3);
        FrameStack.pushLong(2, s);
        FrameStack.pushLong(3, s);
        s.pushRecord(Integer.class, 20, 5);
        s.pushRecord(Long.class, 30, 0);
        assertEquals(java.util.List.of(new FrameStack.SavedFrame(Long.class, 30, 0),
                new FrameStack.SavedFrame(Integer.class, 20, 5),
                new FrameStack.SavedFrame(String.class, 10, 3)), s.savedFrames());
        assertEquals(0, s.resumeIndex(Long.class, 30));
        assertEquals(5, s.resumeIndex(Integer.class, 20));
        s.popLong();
        s.popLong();
        assertEquals(3, s.resumeIndex(String.class, 10));
        s.popRef();
        s.popInt();
        assertTrue(s.isEmpty());
        s.pushRecord(Short.class, 40, 1);
        assertEquals(java.util.List.of(new FrameStack.SavedFrame(Short.class, 40, 1)), s.savedFrames());
    }

    @Test
    void record_holdsTheLargestMethodIdAndResumeIndexAClassFileAllows() {
        FrameStack s = new FrameStack();
        for (int i = 0; i < 300; i++) {
            FrameStack.pushRef(i, s); // counts beyond one byte, and arrays grown on the way
            FrameStack.pushInt(i, s);
        }
        s.pushRecord(String.class, 65_535, 65_534);
        assertEquals(java.util.List.of(new FrameStack.SavedFrame(String.class, 65_535, 65_534)), s.savedFrames());
        assertEquals(65_534, s.resumeIndex(String.class, 65_535));
        assertEquals(299, s.popInt());
        assertEquals(299, s.popRef());
    }

    @Test
    void releaseArrays_dropsSavedValues_andThePooledArraysKeepNothingReachable() {
        FrameStack s = new FrameStack();
        Object value = new Object();
        WeakReference<Object> ref = new WeakReference<>(value);
        FrameStack.pushRef(value, s);
        FrameStack.pushInt(1, s);
        value = null;
        s.releaseArrays();
        assertTrue(s.isEmpty());
        for (int i = 0; i < 20 && ref.get() != null; i++) {
            System.gc();
        }
        assertNull(ref.get(), "arrays given back to the pool must not keep a saved reference");
        FrameStack next = new FrameStack();
        next.adoptPooledArrays();
        assertTrue(next.isEmpty(), "lent arrays start empty");
        FrameStack.pushRef("y", next);
        assertEquals("y", next.popRef());
    }
}
