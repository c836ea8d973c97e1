package dev.weft;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code weft.maxCarriers} caps the carrier threads, as Go's {@code SetMaxThreads} caps its
 * threads: past it, the runs in progress fail with an error that names the cap and what to do,
 * rather than leaving runnable goroutines without a thread for good. A child JVM each, since
 * the cap is read once per scheduler.
 */
class CarrierCapTest {
    @Test
    void goroutinesBlockedInTheJdk_beyondTheCap_failTheRunWithTheCapNamed_andALaterRunWorks() {
        String out = ForkedJvm.run(CarrierCapScenarios.class, List.of("-Dweft.maxCarriers=20", "-Dweft.maxprocs=2"),
                Map.of(), 60, "40");
        assertTrue(out.contains("run: weft: the program exceeds weft.maxCarriers=20 carrier threads"), out);
        assertTrue(out.contains("later: ok"), out);
    }

    @Test
    void goroutinesBlockedInTheJdk_withinTheCap_runToTheEnd() {
        String out = ForkedJvm.run(CarrierCapScenarios.class, List.of("-Dweft.maxCarriers=60", "-Dweft.maxprocs=2"),
                Map.of(), 60, "40");
        assertTrue(out.contains("run: returned"), out);
        assertTrue(out.contains("later: ok"), out);
    }
}
