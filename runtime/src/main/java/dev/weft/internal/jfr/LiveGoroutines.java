package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * The goroutines alive when a recording chunk ends (the recording's end among them), grouped:
 * one event per creation site, state and blocking site, so that a trace can say what goroutines
 * that never ended (leaks) wait on, which no park event says, since they never resume. Off by
 * default (it reads every goroutine); the agent's {@code jfr=PATH} turns it on.
 */
@Name("weft.LiveGoroutines")
@Label("Live Goroutines")
@Category({"weft", "Goroutines"})
@Description("The goroutines alive at the end of a recording chunk, grouped by creation site, state and blocking site")
@Enabled(false)
@Period("endChunk")
@StackTrace(false)
public final class LiveGoroutines extends Event {
    @Label("Creation Site")
    public String createdAt;

    @Label("State")
    @Description("The wait reason of parked goroutines, or running, runnable or pinned")
    public String state;

    @Label("Blocking Site")
    @Description("The innermost frame outside weft where the goroutines are parked")
    public String site;

    @Label("Count")
    public int count;

    @Label("Goroutine Ids")
    @Description("The lowest ids of the group, at most 20, space-separated")
    public String goroutineIds;
}
