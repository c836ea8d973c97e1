package dev.weft.agent.trace;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EarliestTest {
    @Test
    void keepsTheEarliest_whateverTheOrderOffered() {
        Earliest<Long> earliest = new Earliest<>(3, Long::longValue);
        for (long t : new long[] {50, 10, 40, 30, 20, 60}) {
            earliest.offer(t);
        }
        assertEquals(List.of(10L, 20L, 30L), earliest.sorted());
        assertEquals(6, earliest.offered());
        assertTrue(earliest.truncated());
        assertEquals(30, earliest.until());
    }

    @Test
    void underTheLimit_keepsAll_untilForEver() {
        Earliest<Long> earliest = new Earliest<>(3, Long::longValue);
        earliest.offer(2L);
        earliest.offer(1L);
        assertEquals(List.of(1L, 2L), earliest.sorted());
        assertFalse(earliest.truncated());
        assertEquals(Long.MAX_VALUE, earliest.until());
    }
}
