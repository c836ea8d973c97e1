package dev.weft.agent.trace;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GoroutineTableTest {
    @Test
    void aGoroutine_isAliveFromItsStartToItsEnd() {
        GoroutineTable table = new GoroutineTable();
        table.started(7, 1, 3);
        assertTrue(table.alive(7));
        assertEquals(3, table.site(7));
        assertEquals(1, table.parent(7));
        table.ended(7);
        assertFalse(table.alive(7));
        assertEquals(3, table.site(7), "an ended goroutine keeps its site");
    }

    @Test
    void anEndReadBeforeItsStart_stillEndsIt() {
        GoroutineTable table = new GoroutineTable();
        table.ended(9);
        assertFalse(table.alive(9));
        assertEquals(-1, table.site(9));
        table.started(9, 2, 0);
        assertFalse(table.alive(9));
        assertEquals(0, table.site(9));
        assertEquals(2, table.parent(9));
    }

    @Test
    void endsOfGoroutinesStartedBeforeTheRecording_growTheTable_andNoneIsAlive() {
        GoroutineTable table = new GoroutineTable();
        for (long id = 1; id <= 10_000; id++) {
            table.ended(id);
        }
        table.started(10_001, 1, 2);
        List<Long> alive = new ArrayList<>();
        table.forEachAlive((id, site) -> alive.add(id));
        assertEquals(List.of(10_001L), alive);
        assertFalse(table.alive(5_000));
    }

    @Test
    void anUnknownGoroutine_hasNoSiteNoParent_andIsNotAlive() {
        GoroutineTable table = new GoroutineTable();
        table.started(1, 0, -1);
        assertEquals(-1, table.site(1));
        assertEquals(-1, table.site(2));
        assertEquals(0, table.parent(2));
        assertFalse(table.alive(2));
    }

    @Test
    void aMillionGoroutines_growTheTable_andEachKeepsItsEntry() {
        GoroutineTable table = new GoroutineTable();
        for (long id = 1; id <= 1_000_000; id++) {
            table.started(id, id - 1, (int) (id % 5));
            if (id % 2 == 0) {
                table.ended(id);
            }
        }
        List<Long> alive = new ArrayList<>();
        table.forEachAlive((id, site) -> {
            assertEquals(id % 5, site);
            alive.add(id);
        });
        assertEquals(500_000, alive.size());
        assertTrue(alive.stream().allMatch(id -> id % 2 == 1));
        assertEquals(999_998, table.parent(999_999));
    }
}
