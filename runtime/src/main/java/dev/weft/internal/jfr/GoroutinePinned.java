package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A goroutine parked below a frame that cannot unwind and blocked its carrier thread instead,
 * as {@code jdk.VirtualThreadPinned} reports for virtual threads: from the pin until the
 * goroutine goes on. Committed on that carrier, with its stack; {@code frame} names the method
 * to annotate (or where a held lock was taken), which the stack shows only below weft's own
 * frames, deeper than {@code jfr print} prints by default.
 */
@Name("weft.GoroutinePinned")
@Label("Goroutine Pinned")
@Category({"weft", "Goroutines"})
@Description("A goroutine blocked its carrier thread: a frame between its entry and the park was not rewritten, or it held a java.util.concurrent lock")
public final class GoroutinePinned extends Event {
    private static final GoroutinePinned PROBE = new GoroutinePinned();

    @Label("Goroutine Id")
    public long goroutineId;

    @Label("Wait Reason")
    public String reason;

    @Label("Frame To Annotate")
    @Description("The frame nearest the park that could not unwind (make it @Suspendable, or rewrite it), or the site of the lock held")
    public String frame;

    public static boolean enabled() {
        return PROBE.isEnabled();
    }
}
