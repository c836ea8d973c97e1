package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A goroutine parked: from the park to the resume, with why and where. It is committed when a
 * carrier resumes the goroutine, so the event thread is that carrier; {@code carrier} and
 * {@code proc} say where it parked, {@code site} the application frame that blocked, read from
 * the goroutine's saved frames before they are re-entered. The site is read only for an event
 * that is committed (one at least as long as the threshold), so parks below it cost two clock
 * reads and no allocation: a carrier keeps an event that was not committed for the next park.
 */
@Name("weft.GoroutinePark")
@Label("Goroutine Park")
@Category({"weft", "Goroutines"})
@Description("A goroutine waited: the duration of one park, its wait reason, and where it parked")
@StackTrace(false)
@Threshold("1 ms")
public final class GoroutinePark extends Event {
    /** Asks whether the event is on without allocating: isEnabled depends on the class only. */
    private static final GoroutinePark PROBE = new GoroutinePark();

    @Label("Goroutine Id")
    public long goroutineId;

    @Label("Wait Reason")
    public String reason;

    @Label("Parked On Carrier")
    @Description("The carrier thread the goroutine parked on (the event thread is the one it resumed on)")
    public Thread carrier;

    @Label("Processor")
    @Description("The index of the P the goroutine parked on, or -1 if its carrier had none")
    public int proc;

    @Label("Blocking Site")
    @Description("The innermost frame outside weft where the goroutine parked")
    public String site;

    public static boolean enabled() {
        return PROBE.isEnabled();
    }
}
