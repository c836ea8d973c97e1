package dev.weft.race;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two tests for {@link JUnitRaceIT} to run under race mode, never run by the build itself: one
 * with a data race (two threads write a field that nothing orders), one without.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RacyJUnitSubject {
    private int shared;

    @Test
    @Order(1)
    void racy() throws InterruptedException {
        Thread t = new Thread(() -> shared = 1);
        t.start();
        shared = 2;
        t.join();
    }

    @Test
    @Order(2)
    void clean() throws InterruptedException {
        Thread t = new Thread(() -> shared = 1);
        t.start();
        t.join();
        shared = 2;
    }
}
