package dev.weft.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/**
 * A periodic picture of the scheduler: Ps, their queues, goroutines by state. The counts are
 * read one after another while goroutines run, so they may not add up at one instant; waiting is
 * what remains of the live goroutines once the others are counted.
 */
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

    @Label("Running")
    @Description("Goroutines a carrier is running now, pinned ones not included")
    public int running;

    @Label("Runnable")
    @Description("Goroutines queued to run: the local run queues and the global one")
    public int runnable;

    @Label("Waiting")
    @Description("Parked goroutines: the rest of the live ones")
    public int waiting;

    @Label("Pending Timers")
    @Description("Sleeps, timers and deadlines that have not fired yet")
    public int timers;

    @Label("Pinned")
    public int pinned;

    @Label("Carriers")
    public int carriers;

    @Label("Processors Handed Off By The Monitor")
    @Description("Since the start: Ps the monitor took from carriers blocked in code weft cannot see, or running one goroutine too long")
    public long retakes;
}
