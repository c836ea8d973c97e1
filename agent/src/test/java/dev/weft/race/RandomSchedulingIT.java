package dev.weft.race;

import dev.weft.Chan;
import dev.weft.Go;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In race mode the scheduler randomizes its choices, as Go's does under {@code -race}, so that a
 * program does not always meet the one interleaving it was written against. Go's
 * {@code runtime/race/sched_test.go}: with GOMAXPROCS 1, ten rounds of ten goroutines must not
 * all run in the same order. This JVM runs under the agent in race mode.
 */
class RandomSchedulingIT {
    @Test
    @Timeout(60)
    void withOneProc_tenRoundsOfTenGoroutines_doNotAllRunInOneOrder() {
        int old = Go.maxProcs(1);
        try {
            Set<List<Integer>> orders = new HashSet<>();
            for (int round = 0; round < 10; round++) {
                List<Integer> order = Go.run(() -> {
                    Chan<Integer> done = Chan.make(10);
                    for (int i = 0; i < 10; i++) {
                        int n = i;
                        Go.go(() -> done.send(n));
                    }
                    List<Integer> seen = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        seen.add(done.recv());
                    }
                    return seen;
                });
                orders.add(order);
            }
            assertTrue(orders.size() > 1, "every round ran in the order " + orders);
        } finally {
            Go.maxProcs(old);
        }
    }
}
