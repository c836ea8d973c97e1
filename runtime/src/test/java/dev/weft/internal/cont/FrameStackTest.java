package dev.weft.internal.cont;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameStackTest {

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
        s.pushRecord(42, 7);
        assertEquals(7, s.resumeIndex(1, 42));
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
    void enter_consumesTheToken_andAcceptsOnlyItsNamesOrAny() {
        FrameStack s = new FrameStack();
        s.token = 11;
        assertEquals(1, s.enter(11, 13));
        assertEquals(0, s.token);
        assertEquals(0, s.enter(11, 13), "a consumed token does not arm a second method");
        s.token = 13;
        assertEquals(1, s.enter(11, 13));
        s.token = FrameStack.ANY;
        assertEquals(1, s.enter(11, 13));
        s.token = 15;
        assertEquals(0, s.enter(11, 13));
    }

    @Test
    void resumeIndex_ofAnotherMethod_failsLoudly() {
        FrameStack s = new FrameStack();
        s.pushRecord(1, 0);
        assertThrows(IllegalStateException.class, () -> s.resumeIndex(1, 2));
        FrameStack empty = new FrameStack();
        assertThrows(IllegalStateException.class, () -> empty.resumeIndex(1, 2));
        FrameStack unarmed = new FrameStack();
        unarmed.pushRecord(1, 0);
        assertThrows(IllegalStateException.class, () -> unarmed.resumeIndex(0, 1));
    }

    @Test
    void clear_dropsValuesFlagsAndOwner() {
        FrameStack s = new FrameStack();
        s.owner = new Continuation(() -> { });
        FrameStack.pushRef("x", s);
        FrameStack.pushInt(1, s);
        s.unwinding = true;
        s.resuming = true;
        s.token = 5;
        s.clear();
        assertTrue(s.isEmpty());
        assertNull(s.owner);
        assertEquals(0, s.token);
        assertTrue(!s.unwinding && !s.resuming);
    }
}
