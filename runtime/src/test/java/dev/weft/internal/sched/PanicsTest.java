package dev.weft.internal.sched;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reports the runtime prints on its own. */
class PanicsTest {

    @Test
    void internalFault_repeatedAtOnce_isReportedOnce_andTheNextReportCountsTheRest() throws InterruptedException {
        PrintStream old = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Thread.sleep(1100); // past any report an earlier test caused
            for (int i = 0; i < 5; i++) {
                Panics.internalFault(new IllegalStateException("fault " + i));
            }
            String first = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, first.split("weft: internal fault in ", -1).length - 1, first);
            assertTrue(first.contains("fault 0"), first);
            Thread.sleep(1100);
            Panics.internalFault(new IllegalStateException("later"));
            String all = out.toString(StandardCharsets.UTF_8);
            assertTrue(all.contains("(4 more since the last report)") && all.contains("later"), all);
        } finally {
            System.setErr(old);
        }
    }
}
