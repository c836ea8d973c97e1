package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * A goroutine was started, and where. Off by default (one per goroutine), as
 * {@code jdk.VirtualThreadStart}; the agent's {@code jfr=PATH} turns it on.
 */
@Name("weft.GoroutineStart")
@Label("Goroutine Start")
@Category({"weft", "Goroutines"})
@Enabled(false)
@StackTrace(false)
public final class GoroutineStart extends Event {
    private static final GoroutineStart PROBE = new GoroutineStart();

    @Label("Goroutine Id")
    public long goroutineId;

    @Label("Parent Goroutine Id")
    public long parentId;

    @Label("Creation Site")
    @Description("The frame that called go, as a dump's created by line shows it")
    public String site;

    public static boolean enabled() {
        return PROBE.isEnabled();
    }
}
