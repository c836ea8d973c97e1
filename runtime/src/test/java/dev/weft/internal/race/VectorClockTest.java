package dev.weft.internal.race;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vector clocks: join is an entrywise max, and a copy shares its array until either side writes. */
class VectorClockTest {
    @Test
    void join_takesTheLargerTimeOfEachSlot() {
        VectorClock a = new VectorClock();
        VectorClock b = new VectorClock();
        a.set(0, 5);
        a.set(2, 1);
        b.set(1, 3);
        b.set(2, 4);
        a.join(b);
        assertEquals(5, a.get(0));
        assertEquals(3, a.get(1));
        assertEquals(4, a.get(2));
        assertEquals(0, a.get(9));
        assertEquals(3, b.get(1));
    }

    @Test
    void aClockOfManySlots_keepsEachOne() {
        VectorClock c = new VectorClock();
        for (int s = 0; s < 10_000; s += 7) {
            c.set(s, s + 1);
        }
        VectorClock d = new VectorClock();
        d.set(1_000_003, 5);
        d.join(c);
        for (int s = 0; s < 10_000; s++) {
            assertEquals(s % 7 == 0 ? s + 1 : 0, d.get(s), "slot " + s);
        }
        assertEquals(5, d.get(1_000_003));
    }

    @Test
    void aCopy_isNotChangedByWritesToEitherSide() {
        VectorClock parent = new VectorClock();
        parent.set(0, 1);
        VectorClock child = new VectorClock();
        child.assign(parent);
        child.set(0, 9);
        parent.set(1, 2);
        assertEquals(1, parent.get(0));
        assertEquals(9, child.get(0));
        assertEquals(0, child.get(1));
    }

    @Test
    void anActor_publishesItsOwnTime_andMovesOnAfterARelease() {
        Actor a = new Actor(3, 5, null);
        VectorClock sync = new VectorClock();
        a.releaseInto(sync);
        assertEquals(5, sync.get(3));
        assertEquals(6, a.clock);
        assertTrue(a.covers(Epoch.of(5, 3)));
        assertFalse(new Actor(4, 1, null).covers(Epoch.of(5, 3)));
    }
}
