package dev.weft.internal.jfr;

/**
 * Where the runtime records its JFR events. Every method is cheap when the event is off (one
 * check of its enabled state, nothing allocated), and does nothing on a runtime image without
 * the {@code jdk.jfr} module.
 */
public final class Recorder {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.jfr").isPresent();

    private Recorder() {}

    /** A park begins: answers the event to finish at resume, or null if parks are not recorded. */
    public static Object parkBegins(long goroutineId, String reason) {
        if (!AVAILABLE || !GoroutinePark.enabled()) {
            return null;
        }
        GoroutinePark e = new GoroutinePark();
        e.goroutineId = goroutineId;
        e.reason = reason;
        e.begin();
        return e;
    }

    /** The park that {@link #parkBegins} answered ends. */
    public static void parkEnds(Object event) {
        GoroutinePark e = (GoroutinePark) event;
        e.end();
        if (e.shouldCommit()) {
            e.commit();
        }
    }

    public static void pinned(long goroutineId, String reason) {
        if (AVAILABLE) {
            GoroutinePinned e = new GoroutinePinned();
            if (e.isEnabled()) {
                e.goroutineId = goroutineId;
                e.reason = reason;
                e.commit();
            }
        }
    }

    public static void started(long goroutineId, long parentId) {
        if (AVAILABLE && GoroutineStart.enabled()) {
            GoroutineStart e = new GoroutineStart();
            e.goroutineId = goroutineId;
            e.parentId = parentId;
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
