package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * A goroutine parked below a frame that cannot unwind and blocked its carrier thread instead,
 * as {@code jdk.VirtualThreadPinned} reports for virtual threads. The stack shows the frames.
 */
@Name("weft.GoroutinePinned")
@Label("Goroutine Pinned")
@Category({"weft", "Goroutines"})
@Description("A goroutine blocked its carrier thread: a frame between its entry and the park was not rewritten")
public final class GoroutinePinned extends Event {
    @Label("Goroutine Id")
    public long goroutineId;

    @Label("Wait Reason")
    public String reason;
}
