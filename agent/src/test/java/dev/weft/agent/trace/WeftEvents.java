package dev.weft.agent.trace;

import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.Recording;
import jdk.jfr.StackTrace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Flight recordings made in the test: event classes with the names and fields of the runtime's
 * weft events (as {@code dev.weft.internal.jfr} declares them), methods that commit one of each,
 * and {@link #record} to write what a block committed to a file. A duration is real time spent
 * between the event's begin and end, so a park of {@code millis} lasts at least that long.
 */
final class WeftEvents {
    private WeftEvents() {}

    @Name("weft.GoroutineStart") @StackTrace(false)
    static final class Start extends Event {
        long goroutineId;
        long parentId;
        String site;
    }

    @Name("weft.GoroutineEnd") @StackTrace(false)
    static final class End extends Event {
        long goroutineId;
        boolean panicked;
    }

    @Name("weft.GoroutineRun") @StackTrace(false)
    static final class Run extends Event {
        long goroutineId;
        int proc;
    }

    @Name("weft.GoroutinePark") @StackTrace(false)
    static final class Park extends Event {
        long goroutineId;
        String reason;
        Thread carrier;
        int proc;
        String site;
    }

    /** A park as a runtime before blocking sites recorded it: no site, carrier or P. */
    @Name("weft.GoroutinePark") @StackTrace(false)
    static final class OldPark extends Event {
        long goroutineId;
        String reason;
    }

    @Name("weft.GoroutinePinned") @StackTrace(false)
    static final class Pinned extends Event {
        long goroutineId;
        String reason;
        String frame;
    }

    @Name("weft.SchedulerSample") @StackTrace(false)
    static final class Sample extends Event {
        int procs;
        int idleProcs;
        String runQueues;
        int globalQueue;
        int goroutines;
        int running;
        int runnable;
        int waiting;
        int pinned;
        int carriers;
        long retakes;
    }

    @Name("weft.Deadlock") @StackTrace(false)
    static final class Deadlock extends Event {
        String dump;
    }

    @Name("weft.DataRace") @StackTrace(false)
    static final class DataRace extends Event {
        String location;
        long goroutineId;
        long previousGoroutineId;
        String report;
    }

    /**
     * One group of the goroutines alive when a chunk ends, as the runtime's periodic hook commits
     * them; a test commits them itself with {@link #live}, or registers a hook of its own.
     */
    @Name("weft.LiveGoroutines") @Period("endChunk") @StackTrace(false)
    static final class Live extends Event {
        String createdAt;
        String state;
        String site;
        int count;
        String goroutineIds;
    }

    static final List<Class<? extends Event>> ALL = List.of(
            Start.class, End.class, Run.class, Park.class, OldPark.class, Pinned.class, Sample.class, Deadlock.class, DataRace.class,
            Live.class);

    interface Block {
        void run() throws Exception;
    }

    /**
     * Records what {@code block} commits into {@code file}: every weft event on with no
     * threshold except those in {@code off}, and {@code jdk.ActiveSetting}, which says so.
     */
    static Path record(Path file, List<Class<? extends Event>> off, Block block) throws Exception {
        try (Recording r = new Recording()) {
            for (Class<? extends Event> type : ALL) {
                if (off.contains(type)) {
                    r.disable(type);
                } else {
                    r.enable(type).withThreshold(Duration.ZERO);
                }
            }
            r.enable("jdk.ActiveSetting");
            r.start();
            block.run();
            r.stop();
            r.dump(file);
        }
        return file;
    }

    static Path record(Path file, Block block) throws Exception {
        return record(file, List.of(), block);
    }

    static void start(long id, long parent, String site) {
        Start e = new Start();
        e.goroutineId = id;
        e.parentId = parent;
        e.site = site;
        e.commit();
    }

    static void end(long id, boolean panicked) {
        End e = new End();
        e.goroutineId = id;
        e.panicked = panicked;
        e.commit();
    }

    /** A run of {@code id} on P {@code proc}, on the calling thread, at least {@code millis} long. */
    static void run(long id, int proc, long millis) throws InterruptedException {
        Run e = new Run();
        e.goroutineId = id;
        e.proc = proc;
        e.begin();
        Thread.sleep(millis);
        e.end();
        e.commit();
    }

    static void park(long id, String reason, String site, long millis) throws InterruptedException {
        Park e = new Park();
        e.goroutineId = id;
        e.reason = reason;
        e.site = site;
        e.carrier = Thread.currentThread();
        e.begin();
        Thread.sleep(millis);
        e.end();
        e.commit();
    }

    static void oldPark(long id, String reason, long millis) throws InterruptedException {
        OldPark e = new OldPark();
        e.goroutineId = id;
        e.reason = reason;
        e.begin();
        Thread.sleep(millis);
        e.end();
        e.commit();
    }

    static void pinned(long id, String reason, String frame, long millis) throws InterruptedException {
        Pinned e = new Pinned();
        e.goroutineId = id;
        e.reason = reason;
        e.frame = frame;
        e.begin();
        Thread.sleep(millis);
        e.end();
        e.commit();
    }

    static void sample(int procs, String runQueues, int globalQueue, int goroutines, int running, int runnable, int waiting) {
        Sample e = new Sample();
        e.procs = procs;
        e.runQueues = runQueues;
        e.globalQueue = globalQueue;
        e.goroutines = goroutines;
        e.running = running;
        e.runnable = runnable;
        e.waiting = waiting;
        e.carriers = procs;
        e.commit();
    }

    static void deadlock(String dump) {
        Deadlock e = new Deadlock();
        e.dump = dump;
        e.commit();
    }

    static void dataRace(String location, long goroutineId, long previousGoroutineId, String report) {
        DataRace e = new DataRace();
        e.location = location;
        e.goroutineId = goroutineId;
        e.previousGoroutineId = previousGoroutineId;
        e.report = report;
        e.commit();
    }

    static void live(String createdAt, String state, String site, int count, String goroutineIds) {
        Live e = new Live();
        e.createdAt = createdAt;
        e.state = state;
        e.site = site;
        e.count = count;
        e.goroutineIds = goroutineIds;
        e.commit();
    }

    /**
     * Ends the chunk being recorded, as another recording starting does, and the next one, as it
     * stops: two chunk ends, so what is committed after is two chunks later.
     */
    static void newChunks() {
        try (Recording other = new Recording()) {
            other.start();
            other.stop();
        }
    }

    /** Runs {@code block} on a new thread named {@code name} and waits for it. */
    static void onThread(String name, Block block) throws Exception {
        Exception[] failure = new Exception[1];
        Thread t = new Thread(() -> {
            try {
                block.run();
            } catch (Exception e) {
                failure[0] = e;
            }
        }, name);
        t.start();
        t.join(10_000);
        if (t.isAlive() || failure[0] != null) {
            throw new IOException("thread " + name + (t.isAlive() ? " did not finish in 10 s" : " failed"), failure[0]);
        }
    }
}
