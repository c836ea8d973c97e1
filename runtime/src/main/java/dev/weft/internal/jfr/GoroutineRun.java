package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * One run of a goroutine on a P: from the moment a carrier starts running it to the moment it
 * parks, yields, pins or ends. The event thread is the carrier. The runs of one P never overlap,
 * so they draw the P's lane of a trace ({@code java -jar weft-agent.jar trace}). Off by default
 * (one per switch); the agent's {@code jfr=PATH} turns it on.
 */
@Name("weft.GoroutineRun")
@Label("Goroutine Run")
@Category({"weft", "Scheduler"})
@Description("A goroutine ran on a processor (P), from its start or resume until it parked, yielded, pinned or ended")
@Enabled(false)
@StackTrace(false)
public final class GoroutineRun extends Event {
    private static final GoroutineRun PROBE = new GoroutineRun();

    @Label("Goroutine Id")
    public long goroutineId;

    @Label("Processor")
    @Description("The index of the P it ran on, 0 to GOMAXPROCS-1; -1 for a goroutine going on after a pinned park while no P was free")
    public int proc;

    public static boolean enabled() {
        return PROBE.isEnabled();
    }
}
