package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A goroutine parked: from the park to the resume, with why. The event thread is the carrier
 * that resumed it; {@code goroutineId} names the goroutine.
 */
@Name("weft.GoroutinePark")
@Label("Goroutine Park")
@Category({"weft", "Goroutines"})
@Description("A goroutine waited: the duration of one park, and its wait reason")
@StackTrace(false)
@Threshold("1 ms")
public final class GoroutinePark extends Event {
    /** Asks whether the event is on without allocating: isEnabled depends on the class only. */
    private static final GoroutinePark PROBE = new GoroutinePark();

    @Label("Goroutine Id")
    public long goroutineId;

    @Label("Wait Reason")
    public String reason;

    public static boolean enabled() {
        return PROBE.isEnabled();
    }
}
