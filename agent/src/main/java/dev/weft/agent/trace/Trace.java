package dev.weft.agent.trace;

import java.util.List;
import java.util.Map;

/**
 * What a trace shows of one flight recording, as {@link TraceReader} made it: bounded whatever
 * the recording's size, and immutable. Times are epoch nanoseconds, durations nanoseconds.
 *
 * <p>What is kept one by one is capped (see {@link TraceReader} for the limits): the runs and
 * the parks are each the earliest ones, complete up to their {@link Kept#until()}; everything
 * else is aggregated over the whole recording: busy time per P, parked goroutines by reason and
 * the scheduler's samples in {@link Buckets}, blocking and pinning by site, the goroutines still
 * alive by creation site.
 *
 * @param source the recording's file name
 * @param start the earliest instant of a weft event; equal to {@code end} when there is none
 * @param end the latest instant a weft event reached
 * @param procs how many Ps: one more than the highest P a run was on, or the most a sample saw
 * @param runs the earliest runs, of every P
 * @param parks the earliest parks, of every goroutine
 * @param buckets quantities over the whole recording, at a fixed resolution
 * @param blocking park time by blocking site, most first; within each, by wait reason
 * @param pinned pinned time by the frame to annotate, most first; within each, by wait reason
 * @param leaks the goroutines that started and never ended, by creation site, most first, each
 *        with what those alive at the end wait on if the recording has {@code weft.LiveGoroutines}
 * @param started how many goroutines started (GoroutineStart events)
 * @param ended how many goroutines ended (GoroutineEnd events)
 * @param panicked how many of those ended by panicking
 * @param deadlocks the earliest deadlocks reported, their dumps cut (see {@link TraceReader})
 * @param races the earliest data races reported, their reports cut likewise
 * @param events what the recording holds of each event type the trace reads, by name
 * @param goroutines the creation site and parent of each goroutine seen starting
 */
record Trace(String source, long start, long end, int procs,
             Kept<Run> runs, Kept<Park> parks, Buckets buckets,
             List<SiteProfile> blocking, List<SiteProfile> pinned, List<Leak> leaks,
             long started, long ended, long panicked,
             Kept<Deadlock> deadlocks, Kept<Race> races,
             Map<String, EventStatus> events, Goroutines goroutines) {

    /** One run of a goroutine on a P, by a carrier thread (null if unnamed). */
    record Run(long start, long duration, long goroutineId, int proc, String carrier) {}

    /** One park of a goroutine, why, and the application frame it parked in (null if not recorded). */
    record Park(long start, long duration, long goroutineId, String reason, String site) {}

    /**
     * The earliest {@code items} of {@code total}: all of those that start before {@code until},
     * which is {@code Long.MAX_VALUE} when none was left out.
     */
    record Kept<T>(List<T> items, long total, long until) {
        boolean truncated() {
            return until != Long.MAX_VALUE;
        }
    }

    record Stats(long count, long totalNanos, long maxNanos) {}

    /** Time spent at one site (a blocking site or a frame to annotate), overall and by reason, most first. */
    record SiteProfile(String site, Stats stats, Map<String, Stats> byReason) {}

    /**
     * Goroutines created at {@code site} (null if not recorded) still alive at the end of the
     * recording: {@code count} of them, the first {@code ids} in ascending order, and what the
     * goroutines created there and alive at the end wait on, most first: empty if the recording
     * has no {@code weft.LiveGoroutines} (or they say none created there is alive). Those count
     * every goroutine the runtime had alive from {@code site}, any started before the recording
     * too, so their sum may differ from {@code count}.
     */
    record Leak(String site, long count, List<Long> ids, List<Wait> waits) {}

    /**
     * {@code count} goroutines in {@code state} (a wait reason such as "chan send", or "running",
     * "runnable", "pinned") at {@code site}, the innermost application frame they are parked in
     * (null if not recorded or not parked).
     */
    record Wait(String state, String site, long count) {}

    record Deadlock(long time, String dump) {}

    record Race(long time, String location, long goroutineId, long previousGoroutineId, String report) {}

    /**
     * Quantities per bucket of {@code width} nanoseconds from {@code start}, each array one
     * value per bucket: {@code busy} the fraction of the bucket each P ran goroutines, {@code
     * parked} the average number of goroutines parked for each wait reason (parks under the
     * recording's threshold are not in it), {@code pinned} the average number pinned, {@code
     * samples} the mean of each field of the scheduler's samples, NaN in a bucket no sample fell in.
     */
    record Buckets(long start, long width, List<double[]> busy, Map<String, double[]> parked,
                   double[] pinned, Map<String, double[]> samples) {}

    /**
     * What the recording says of one event type: whether its metadata declares it (false: the
     * runtime that recorded it did not have it), whether it was enabled (null if the recording
     * has no {@code jdk.ActiveSetting} to tell), its threshold (null if none), and how many
     * events of it were read.
     */
    record EventStatus(boolean declared, Boolean enabled, String threshold, long count) {}

    /** The creation site and parent of goroutines the recording saw start. */
    interface Goroutines {
        /** Where {@code id} was created, or null if unknown. */
        String site(long id);

        /** The goroutine that created {@code id}, or 0 if unknown. */
        long parent(long id);
    }
}
