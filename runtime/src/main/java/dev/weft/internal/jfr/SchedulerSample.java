package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** A periodic picture of the scheduler: Ps, their queues, goroutines by state. */
@Name("weft.SchedulerSample")
@Label("Scheduler Sample")
@Category({"weft", "Scheduler"})
@Period("1 s")
@StackTrace(false)
public final class SchedulerSample extends Event {
    @Label("Processors")
    public int procs;

    @Label("Idle Processors")
    public int idleProcs;

    @Label("Local Run Queues")
    public String runQueues;

    @Label("Global Run Queue")
    public int globalQueue;

    @Label("Goroutines")
    public int goroutines;

    @Label("Runnable Or Running")
    public int busy;

    @Label("Pinned")
    public int pinned;

    @Label("Carriers")
    public int carriers;

    @Label("Processors Handed Off By The Monitor")
    @jdk.jfr.Description("Since the start: Ps the monitor took from carriers blocked in code weft cannot see, or running one goroutine too long")
    public long retakes;
}
