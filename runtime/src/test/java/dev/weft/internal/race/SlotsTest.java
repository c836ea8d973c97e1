package dev.weft.internal.race;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A dead goroutine's slot serves a new one only when the new one's parent knows the dead one's
 * last time, and then its time goes on from there: reuse never makes an unordered access look
 * ordered.
 */
class SlotsTest {
    private static Actor actor() {
        long[] s = Slots.take(null);
        return new Actor((int) s[0], (int) s[1], new Origin(1, false, null, null));
    }

    @Test
    void aFreedSlot_isTakenOnlyByAChildOfOneThatKnowsItsEnd() {
        Actor dead = actor();
        dead.clock = 7;
        Slots.release(dead.slot, dead.clock);

        Actor stranger = actor();
        long[] notReused = Slots.take(stranger);
        assertNotEquals(dead.slot, (int) notReused[0], "a parent that never learnt of the dead goroutine's end");

        Actor knowing = actor();
        knowing.vc.set(dead.slot, 7);
        long[] reused = Slots.take(knowing);
        assertEquals(dead.slot, (int) reused[0]);
        assertEquals(8, reused[1], "the new goroutine's time goes on from the dead one's");
    }

    @Test
    void epochs_packClockAndSlot() {
        long e = Epoch.of(123_456, 4_000_000);
        assertEquals(123_456, Epoch.clock(e));
        assertEquals(4_000_000, Epoch.slot(e));
        assertTrue(Epoch.of(1, 0) > 0, "no actor's epoch is the empty epoch");
    }
}
