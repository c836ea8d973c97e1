package dev.weft.internal.jfr;

import dev.weft.internal.CallSites;

/**
 * Where the runtime records its JFR events. Every method is cheap when the event is off (one
 * check of its enabled state, nothing allocated), and does nothing on a runtime image without
 * the {@code jdk.jfr} module.
 */
public final class Recorder {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private Recorder() {}

    /** Whether parks are recorded: the one check a park makes when no recording runs. */
    public static boolean parksRecorded() {
        return AVAILABLE && GoroutinePark.enabled();
    }

    /**
     * A park begins on {@code carrier}, on P {@code proc}: answers the event to finish at resume,
     * or null if parks are not recorded. {@code reuse} is an event of an earlier park that was not
     * committed, or null: it is timed again rather than allocated anew.
     */
    public static Object parkBegins(Object reuse, long goroutineId, String reason, Thread carrier, int proc) {
        if (!parksRecorded()) {
            return null;
        }
        GoroutinePark e = reuse instanceof GoroutinePark r ? r : new GoroutinePark();
        e.goroutineId = goroutineId;
        e.reason = reason;
        e.carrier = carrier;
        e.proc = proc;
        e.begin();
        return e;
    }

    /**
     * The park that {@link #parkBegins} answered ends: answers whether it is to be committed
     * ({@link #commitPark}, with where it parked); if not, the event may be begun again.
     */
    public static boolean parkEnds(Object event) {
        GoroutinePark e = (GoroutinePark) event;
        e.end();
        return e.shouldCommit();
    }

    /** Commits a park that {@link #parkEnds} said is to be, blocked at {@code site} (or null if unknown). */
    public static void commitPark(Object event, String site) {
        GoroutinePark e = (GoroutinePark) event;
        e.site = site;
        e.commit();
    }

    /** Whether pinned parks are recorded: their frame to annotate is worth finding then. */
    public static boolean pinnedRecorded() {
        return AVAILABLE && GoroutinePinned.enabled();
    }

    /** A pinned park begins: answers the event to finish when it goes on, or null if pins are not recorded. */
    public static Object pinBegins(long goroutineId, String reason, String frame) {
        if (!pinnedRecorded()) {
            return null;
        }
        GoroutinePinned e = new GoroutinePinned();
        e.goroutineId = goroutineId;
        e.reason = reason;
        e.frame = frame;
        e.begin();
        return e;
    }

    /** The pinned park that {@link #pinBegins} answered goes on, on the same carrier. */
    public static void pinEnds(Object event) {
        GoroutinePinned e = (GoroutinePinned) event;
        e.end();
        if (e.shouldCommit()) {
            e.commit();
        }
    }

    /** Whether runs are recorded: the one check a switch makes when no recording runs. */
    public static boolean runsRecorded() {
        return AVAILABLE && GoroutineRun.enabled();
    }

    /** A run begins on P {@code proc}: answers the event to finish when it stops, or null if runs are not recorded. */
    public static Object runBegins(long goroutineId, int proc) {
        if (!runsRecorded()) {
            return null;
        }
        GoroutineRun e = new GoroutineRun();
        e.goroutineId = goroutineId;
        e.proc = proc;
        e.begin();
        return e;
    }

    /** The run that {@link #runBegins} answered stops, on the same carrier. */
    public static void runEnds(Object event) {
        GoroutineRun e = (GoroutineRun) event;
        e.end();
        if (e.shouldCommit()) {
            e.commit();
        }
    }

    /** Whether goroutine starts are recorded: their creation site is worth finding then. */
    public static boolean startsRecorded() {
        return AVAILABLE && GoroutineStart.enabled();
    }

    public static void started(long goroutineId, long parentId, StackTraceElement site) {
        if (startsRecorded()) {
            GoroutineStart e = new GoroutineStart();
            e.goroutineId = goroutineId;
            e.parentId = parentId;
            e.site = site == null ? null : CallSites.describe(site);
            e.commit();
        }
    }

    public static void ended(long goroutineId, boolean panicked) {
        if (AVAILABLE && GoroutineEnd.enabled()) {
            GoroutineEnd e = new GoroutineEnd();
            e.goroutineId = goroutineId;
            e.panicked = panicked;
            e.commit();
        }
    }

    public static void deadlock(String dump) {
        if (AVAILABLE) {
            Deadlock e = new Deadlock();
            if (e.isEnabled()) {
                e.dump = dump;
                e.commit();
            }
        }
    }

    public static void dataRace(String location, long goroutineId, long previousGoroutineId, String report) {
        if (AVAILABLE) {
            DataRace e = new DataRace();
            if (e.isEnabled()) {
                e.location = location;
                e.goroutineId = goroutineId;
                e.previousGoroutineId = previousGoroutineId;
                e.report = report;
                e.commit();
            }
        }
    }

    /** One group of live goroutines, for {@link #registerLive}. */
    public record LiveGroup(String createdAt, String state, String site, int count, String goroutineIds) {}

    /** Registers the end-of-chunk picture of the live goroutines, which {@code groups} gives. */
    public static void registerLive(java.util.function.Supplier<Iterable<LiveGroup>> groups) {
        if (AVAILABLE) {
            jdk.jfr.FlightRecorder.addPeriodicEvent(LiveGoroutines.class, () -> {
                for (LiveGroup g : groups.get()) {
                    LiveGoroutines e = new LiveGoroutines();
                    e.createdAt = g.createdAt();
                    e.state = g.state();
                    e.site = g.site();
                    e.count = g.count();
                    e.goroutineIds = g.goroutineIds();
                    e.commit();
                }
            });
        }
    }

    /** What a scheduler sample reports, read when the periodic event fires. */
    public interface SampleSource {
        void fill(SchedulerSample sample);
    }

    /** Registers the periodic scheduler sample. */
    public static void registerSample(SampleSource source) {
        if (AVAILABLE) {
            jdk.jfr.FlightRecorder.addPeriodicEvent(SchedulerSample.class, () -> {
                SchedulerSample e = new SchedulerSample();
                source.fill(e);
                e.commit();
            });
        }
    }
}
