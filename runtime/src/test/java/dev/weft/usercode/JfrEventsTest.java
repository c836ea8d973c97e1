package dev.weft.usercode;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.internal.sched.Goroutines;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The weft events of a recording of application code (this package is not weft's), as the trace viewer and JMC read them: every
 * event about a goroutine names it, a park says where it parked (carrier, P, the application
 * frame) and lasts as long as it did, a pinned park lasts too and names the frame to annotate,
 * runs are on Ps, and the scheduler sample counts truly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JfrEventsTest {
    private static final Object MONITOR = new Object();

    @Test
    void aRecordedProgram_hasStartsEndsRunsParksAndPins(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("rec.jfr");
        try (Recording r = new Recording()) {
            r.enable("weft.GoroutineStart");
            r.enable("weft.GoroutineEnd");
            r.enable("weft.GoroutineRun");
            r.enable("weft.GoroutinePark").withThreshold(Duration.ZERO);
            r.enable("weft.GoroutinePinned").withThreshold(Duration.ZERO);
            r.start();
            Go.run(() -> {
                Chan<Integer> c = Chan.make();
                Go.go(() -> {
                    Go.sleep(Duration.ofMillis(30));
                    c.send(1);
                });
                c.recv();
                Chan<Integer> d = Chan.make();
                Go.go(() -> {
                    Go.sleep(Duration.ofMillis(10));
                    d.send(2);
                });
                synchronized (MONITOR) {
                    d.recv(); // under a monitor: pins
                }
            });
            r.stop();
            r.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        String test = JfrEventsTest.class.getName();

        // The two goroutines main started: the first sleeps 30 ms while main receives.
        List<RecordedEvent> starts = events.stream()
                .filter(e -> e.getEventType().getName().equals("weft.GoroutineStart")
                        && e.getString("site") != null && e.getString("site").startsWith(test + ".lambda$"))
                .sorted(Comparator.comparingLong(e -> e.getLong("goroutineId"))).collect(Collectors.toList());
        assertEquals(2, starts.size(), starts::toString);
        long mainId = starts.get(0).getLong("parentId");
        long childId = starts.get(0).getLong("goroutineId");
        long secondId = starts.get(1).getLong("goroutineId");
        assertEquals(mainId, starts.get(1).getLong("parentId"));
        only(events, "weft.GoroutineStart", mainId);
        assertFalse(only(events, "weft.GoroutineEnd", childId).getBoolean("panicked"));

        List<RecordedEvent> runs = of(events, "weft.GoroutineRun", mainId);
        assertTrue(runs.size() >= 3, "main ran, parked and ran again: " + runs);
        Instant pinnedAt = only(events, "weft.GoroutinePinned", mainId).getStartTime();
        for (RecordedEvent run : runs) {
            // After its pinned park a goroutine may go on without a P, if none is free: -1.
            boolean afterPin = !run.getStartTime().isBefore(pinnedAt);
            int proc = run.getInt("proc");
            assertTrue(proc >= (afterPin ? -1 : 0) && proc < Go.maxProcs(), run::toString);
            assertNotNull(run.getThread(), run::toString);
        }

        // Each wait ends only after what it waited for: the receive after the sender's sleep.
        RecordedEvent recv = firstPark(events, mainId, "chan receive");
        RecordedEvent sleep = firstPark(events, childId, "sleep");
        assertTrue(end(recv).isAfter(end(sleep)), recv + " ended before " + sleep);
        assertTrue(recv.getString("site").startsWith(test + ".lambda$"), recv::toString);
        assertTrue(sleep.getString("site").startsWith(test + ".lambda$"), sleep::toString);
        assertNotNull(recv.getThread("carrier"), recv::toString);
        assertTrue(recv.getInt("proc") >= 0 && recv.getInt("proc") < Go.maxProcs(), recv::toString);

        RecordedEvent pinned = only(events, "weft.GoroutinePinned", mainId);
        assertEquals("chan receive", pinned.getString("reason"));
        assertTrue(end(pinned).isAfter(end(firstPark(events, secondId, "sleep"))), pinned::toString);
        assertTrue(pinned.getString("frame").startsWith(test + ".lambda$"), pinned::toString);

    }

    @Test
    void theEndOfARecording_saysWhatTheGoroutinesStillAliveWaitOn(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("live.jfr");
        String test = JfrEventsTest.class.getName();
        try (Recording r = new Recording()) {
            r.enable("weft.GoroutineStart");
            r.enable("weft.LiveGoroutines");
            r.start();
            Go.run(() -> {
                Chan<Integer> c = Chan.make();
                for (int i = 0; i < 3; i++) {
                    Go.go(() -> c.send(1)); // nobody receives until the recording has ended
                }
                for (int i = 0; i < 4000 && Goroutines.all().stream().filter(g -> g.state().equals("chan send")).count() < 3; i++) {
                    Go.sleep(Duration.ofMillis(5));
                }
                r.stop();
                for (int i = 0; i < 3; i++) {
                    c.recv();
                }
            });
            r.dump(file);
        }
        List<RecordedEvent> sending = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("weft.LiveGoroutines") && "chan send".equals(e.getString("state")))
                .collect(Collectors.toList());
        assertEquals(1, sending.size(), sending::toString);
        RecordedEvent group = sending.get(0);
        assertEquals(3, group.getInt("count"), group::toString);
        assertEquals(3, group.getString("goroutineIds").split(" ").length, group::toString);
        assertTrue(group.getString("createdAt").startsWith(test + ".lambda$"), group::toString);
        assertTrue(group.getString("site").startsWith(test + ".lambda$"), group::toString);
    }

    @Test
    void theSchedulerSample_countsAProgramAsleepAsWaiting_notRunning() {
        AtomicReference<RecordedEvent> asleep = new AtomicReference<>();
        try (RecordingStream s = new RecordingStream()) {
            s.enable("weft.SchedulerSample").withPeriod(Duration.ofMillis(10));
            s.onEvent("weft.SchedulerSample", e -> {
                if (e.getInt("running") == 0 && e.getInt("runnable") == 0 && e.getInt("waiting") >= 1
                        && e.getInt("timers") >= 1 && e.getInt("goroutines") >= 1) {
                    asleep.compareAndSet(null, e);
                }
            });
            s.startAsync();
            // Asleep until a sample saw it so (streams deliver about once a second), or 20 s.
            boolean seen = Go.run(() -> {
                for (int i = 0; i < 400 && asleep.get() == null; i++) {
                    Go.sleep(Duration.ofMillis(50));
                }
                return asleep.get() != null;
            });
            assertTrue(seen, "no sample counted the sleeping goroutine as waiting with nothing running");
        }
    }

    private static Instant end(RecordedEvent e) {
        return e.getStartTime().plus(e.getDuration());
    }

    /** The earliest park of {@code goroutine} for {@code reason} (a pinned park is a park too). */
    private static RecordedEvent firstPark(List<RecordedEvent> events, long goroutine, String reason) {
        return of(events, "weft.GoroutinePark", goroutine).stream()
                .filter(e -> e.getString("reason").equals(reason))
                .min(Comparator.comparing(RecordedEvent::getStartTime))
                .orElseThrow(() -> new AssertionError("no " + reason + " park of goroutine " + goroutine));
    }

    private static List<RecordedEvent> of(List<RecordedEvent> events, String type, long goroutine) {
        return events.stream()
                .filter(e -> e.getEventType().getName().equals(type) && e.getLong("goroutineId") == goroutine)
                .collect(Collectors.toList());
    }

    private static RecordedEvent only(List<RecordedEvent> events, String type, long goroutine) {
        List<RecordedEvent> found = of(events, type, goroutine);
        assertEquals(1, found.size(), type + " of goroutine " + goroutine + ": " + found);
        return found.get(0);
    }
}
