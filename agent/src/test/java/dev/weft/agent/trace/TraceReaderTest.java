package dev.weft.agent.trace;

import dev.weft.agent.trace.Trace.Leak;
import dev.weft.agent.trace.Trace.Run;
import dev.weft.agent.trace.Trace.SiteProfile;
import dev.weft.agent.trace.Trace.Stats;
import dev.weft.agent.trace.Trace.Wait;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.weft.agent.trace.WeftEvents.dataRace;
import static dev.weft.agent.trace.WeftEvents.deadlock;
import static dev.weft.agent.trace.WeftEvents.end;
import static dev.weft.agent.trace.WeftEvents.live;
import static dev.weft.agent.trace.WeftEvents.newChunks;
import static dev.weft.agent.trace.WeftEvents.oldPark;
import static dev.weft.agent.trace.WeftEvents.onThread;
import static dev.weft.agent.trace.WeftEvents.park;
import static dev.weft.agent.trace.WeftEvents.pinned;
import static dev.weft.agent.trace.WeftEvents.record;
import static dev.weft.agent.trace.WeftEvents.run;
import static dev.weft.agent.trace.WeftEvents.sample;
import static dev.weft.agent.trace.WeftEvents.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace model, read from recordings the tests make with {@link WeftEvents}. */
class TraceReaderTest {
    private static final long MS = 1_000_000;

    @TempDir
    Path tmp;

    private Trace read(WeftEvents.Block block) throws Exception {
        return TraceReader.read(record(tmp.resolve("rec.jfr"), block));
    }

    @Test
    void runs_fallIntoTheLaneOfTheirP_namingTheirCarrier_andProcsIsTheHighestPlusOne() throws Exception {
        Trace t = read(() -> {
            onThread("weft-carrier-0", () -> run(1, 0, 2));
            onThread("weft-carrier-1", () -> run(2, 2, 2));
            onThread("weft-carrier-0", () -> run(1, 0, 1));
        });
        assertEquals(3, t.procs());
        List<Run> runs = t.runs().items();
        assertEquals(List.of(1L, 2L, 1L), runs.stream().map(Run::goroutineId).collect(Collectors.toList()));
        assertEquals(List.of(0, 2, 0), runs.stream().map(Run::proc).collect(Collectors.toList()));
        assertEquals(List.of("weft-carrier-0", "weft-carrier-1", "weft-carrier-0"), runs.stream().map(Run::carrier).collect(Collectors.toList()));
        assertTrue(runs.get(0).duration() >= 2 * MS, runs::toString);
        assertFalse(t.runs().truncated());
        assertEquals(3, t.runs().total());
        assertEquals(3, t.buckets().busy().size(), "a busy series per P, the idle P1 too");
        assertEquals(0, sum(t.buckets().busy().get(1)));
    }

    @Test
    void busyFractions_addUpToTheTimeEachPRan() throws Exception {
        Trace t = read(() -> {
            run(1, 0, 5);
            run(2, 1, 3);
            run(3, 0, 4);
        });
        Trace.Buckets b = t.buckets();
        for (int p = 0; p < 2; p++) {
            int proc = p;
            long ran = t.runs().items().stream().filter(r -> r.proc() == proc).mapToLong(Run::duration).sum();
            assertEquals(ran, sum(b.busy().get(p)) * b.width(), ran * 1e-9, "P" + p);
        }
    }

    @Test
    void runsBeyondTheLimit_areCountedAndInTheBusyFractions_butOnlyTheEarliestKept() throws Exception {
        Path file = record(tmp.resolve("rec.jfr"), () -> {
            for (int g = 1; g <= 20; g++) {
                run(g, g % 2, 1);
            }
        });
        Trace t = new TraceReader(5, 5).readAll(file);
        List<Run> kept = t.runs().items();
        assertEquals(20, t.runs().total());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), kept.stream().map(Run::goroutineId).collect(Collectors.toList()));
        assertTrue(t.runs().truncated());
        assertEquals(kept.get(4).start(), t.runs().until());
        double busy = (sum(t.buckets().busy().get(0)) + sum(t.buckets().busy().get(1))) * t.buckets().width();
        assertTrue(busy > kept.stream().mapToLong(Run::duration).sum(), "every run is in the busy fractions: " + busy);
    }

    @Test
    void leaks_areTheStartsWithoutAnEnd_bySite_mostFirst() throws Exception {
        Trace t = read(() -> {
            start(1, 0, "A.main(A.java:1)");
            start(2, 1, "A.leak(A.java:9)");
            start(3, 1, "A.leak(A.java:9)");
            start(4, 1, "A.leak(A.java:9)");
            start(5, 1, "A.other(A.java:20)");
            start(6, 1, "A.done(A.java:30)");
            start(7, 1, null);
            end(3, false);
            end(6, true);
            end(99, false); // started before the recording: not a leak, not counted as started
            end(1, false);
        });
        assertEquals(List.of(
                new Leak("A.leak(A.java:9)", 2, List.of(2L, 4L), List.of()),
                new Leak("A.other(A.java:20)", 1, List.of(5L), List.of()),
                new Leak(null, 1, List.of(7L), List.of())), t.leaks(), "no LiveGoroutines: no waits");
        assertEquals(7, t.started());
        assertEquals(4, t.ended());
        assertEquals(1, t.panicked());
        assertEquals("A.leak(A.java:9)", t.goroutines().site(2));
        assertEquals(1, t.goroutines().parent(2));
        assertNull(t.goroutines().site(99));
        assertEquals(0, t.goroutines().parent(42));
    }

    @Test
    void leaks_listAtMostTheFirstIdsOfASite_butCountThemAll() throws Exception {
        Trace t = read(() -> {
            for (int g = 100; g > 0; g--) {
                start(g, 0, "A.spawn(A.java:5)");
            }
        });
        Leak leak = t.leaks().get(0);
        assertEquals(100, leak.count());
        assertEquals(TraceReader.LEAK_IDS, leak.ids().size());
        assertEquals(1L, leak.ids().get(0));
        assertEquals((long) TraceReader.LEAK_IDS, leak.ids().get(TraceReader.LEAK_IDS - 1));
    }

    @Test
    void leaks_sayWhatTheirGoroutinesWaitOn_asTheLastChunksLiveGoroutinesSay() throws Exception {
        Trace t = read(() -> {
            for (int g = 1; g <= 5; g++) {
                start(g, 0, "A.leak(A.java:9)");
            }
            start(6, 0, null);
            // an earlier chunk's end: a picture of goroutines that later moved on
            live("A.leak(A.java:9)", "chan receive", "A.recv(A.java:12)", 5, "1 2 3 4 5");
            live("A.gone(A.java:3)", "sleep", "A.nap(A.java:4)", 1, "9");
            newChunks();
            // the last chunk's end, as the runtime commits it: one event per (creation site, state, blocking site)
            live("A.leak(A.java:9)", "chan send", "A.send(A.java:10)", 3, "1 2 4");
            live("A.leak(A.java:9)", "runnable", null, 1, "5");
            live("A.leak(A.java:9)", "chan send", "A.sendAgain(A.java:30)", 1, "3");
            live(null, "select", "A.loop(A.java:50)", 1, "6");
            live("A.before(A.java:70)", "IO wait", "A.accept(A.java:71)", 2, "0 1"); // started before the recording
        });
        assertEquals(List.of(
                new Leak("A.leak(A.java:9)", 5, List.of(1L, 2L, 3L, 4L, 5L), List.of(
                        new Wait("chan send", "A.send(A.java:10)", 3),
                        new Wait("chan send", "A.sendAgain(A.java:30)", 1),
                        new Wait("runnable", null, 1))),
                new Leak(null, 1, List.of(6L), List.of(new Wait("select", "A.loop(A.java:50)", 1)))), t.leaks());
        assertEquals(7, t.events().get(TraceReader.LIVE).count(), "every chunk's events are counted, the last ones used");
    }

    @Test
    void liveGoroutines_thatJfrEmitsAtEveryChunkEnd_areReadFromTheLastOne() throws Exception {
        int[] chunkEnds = {0};
        Runnable hook = () -> {
            chunkEnds[0]++;
            live("A.leak(A.java:9)", "chan send", "A.send(A.java:10)", chunkEnds[0], null);
            live("A.leak(A.java:9)", "round " + chunkEnds[0], null, 1, null);
        };
        FlightRecorder.addPeriodicEvent(WeftEvents.Live.class, hook);
        try {
            Trace t = read(() -> {
                start(1, 0, "A.leak(A.java:9)");
                newChunks();
            });
            int last = chunkEnds[0];
            assertTrue(last >= 3, "a chunk end as the other recording starts, as it stops, and as this one stops: " + last);
            assertEquals(List.of(new Wait("chan send", "A.send(A.java:10)", last), new Wait("round " + last, null, 1)),
                    t.leaks().get(0).waits());
        } finally {
            FlightRecorder.removePeriodicEvent(hook);
        }
    }

    @Test
    void blocking_sumsParksBySiteThenReason_longestTotalFirst() throws Exception {
        Trace t = read(() -> {
            park(1, "chan receive", "A.recv(A.java:7)", 20);
            park(2, "chan receive", "A.recv(A.java:7)", 20);
            park(1, "select", "A.recv(A.java:7)", 5);
            park(3, "sleep", "A.nap(A.java:3)", 10);
            park(4, "sleep", null, 1);
        });
        List<SiteProfile> blocking = t.blocking();
        assertEquals(Arrays.asList("A.recv(A.java:7)", "A.nap(A.java:3)", null),
                blocking.stream().map(SiteProfile::site).collect(Collectors.toList()));
        SiteProfile recv = blocking.get(0);
        assertEquals(3, recv.stats().count());
        assertTrue(recv.stats().totalNanos() >= 45 * MS, recv::toString);
        assertTrue(recv.stats().maxNanos() >= 20 * MS && recv.stats().maxNanos() < recv.stats().totalNanos(), recv::toString);
        assertEquals(List.of("chan receive", "select"), List.copyOf(recv.byReason().keySet()));
        Stats chanReceive = recv.byReason().get("chan receive");
        assertEquals(2, chanReceive.count());
        assertEquals(recv.stats().totalNanos(), chanReceive.totalNanos() + recv.byReason().get("select").totalNanos());
        assertEquals(5, t.parks().total());
        assertEquals(List.of(1L, 2L, 1L, 3L, 4L), t.parks().items().stream().map(Trace.Park::goroutineId).collect(Collectors.toList()));
    }

    @Test
    void parkedByReason_addsUpToTheTimeParked() throws Exception {
        Trace t = read(() -> {
            park(1, "chan send", "A.send(A.java:2)", 6);
            park(2, "chan send", "A.send(A.java:2)", 4);
            park(3, "sleep", "A.nap(A.java:3)", 3);
        });
        Trace.Buckets b = t.buckets();
        for (String reason : List.of("chan send", "sleep")) {
            long parked = t.parks().items().stream().filter(p -> p.reason().equals(reason)).mapToLong(Trace.Park::duration).sum();
            assertEquals(parked, sum(b.parked().get(reason)) * b.width(), parked * 1e-9, reason);
        }
    }

    @Test
    void pinned_sumsByFrameToAnnotate() throws Exception {
        Trace t = read(() -> {
            pinned(1, "chan receive", "A.helper(A.java:6)", 3);
            pinned(2, "chan receive", "A.helper(A.java:6)", 3);
            pinned(2, "sync.Mutex.Lock", "A.locked(A.java:12)", 1);
        });
        assertEquals(List.of("A.helper(A.java:6)", "A.locked(A.java:12)"),
                t.pinned().stream().map(SiteProfile::site).collect(Collectors.toList()));
        assertEquals(2, t.pinned().get(0).stats().count());
        assertEquals(1, t.pinned().get(1).byReason().get("sync.Mutex.Lock").count());
        assertTrue(sum(t.buckets().pinned()) * t.buckets().width() >= 7 * MS);
    }

    @Test
    void samples_areMeansPerBucket_andGiveTheProcsWithoutRuns() throws Exception {
        Trace t = read(() -> {
            sample(4, "3 0 1 2", 5, 10, 4, 11, 2);
            Thread.sleep(5);
            sample(2, "1 1", 0, 30, 2, 2, 26);
        });
        assertEquals(4, t.procs());
        Map<String, double[]> samples = t.buckets().samples();
        assertTrue(samples.keySet().containsAll(List.of("goroutines", "running", "runnable", "waiting", "globalQueue", TraceReader.LOCAL_QUEUES)),
                samples::toString);
        assertEquals(List.of(10.0, 30.0), defined(samples.get("goroutines")));
        assertEquals(List.of(6.0, 2.0), defined(samples.get(TraceReader.LOCAL_QUEUES)));
        assertEquals(List.of(5.0, 0.0), defined(samples.get("globalQueue")));
        assertFalse(samples.containsKey("timers"), "a field no sample has is left out: " + samples.keySet());
    }

    @Test
    void deadlocksAndRaces_areListed() throws Exception {
        Trace t = read(() -> {
            deadlock("goroutine 1 [chan receive]:");
            dataRace("A.counter (object 0x1)", 5, 6, "WARNING: DATA RACE");
        });
        assertEquals(List.of("goroutine 1 [chan receive]:"),
                t.deadlocks().items().stream().map(Trace.Deadlock::dump).collect(Collectors.toList()));
        Trace.Race race = t.races().items().get(0);
        assertEquals(List.of("A.counter (object 0x1)", 5L, 6L, "WARNING: DATA RACE"),
                List.of(race.location(), race.goroutineId(), race.previousGoroutineId(), race.report()));
    }

    @Test
    void aDeadlockDumpOfManyGoroutines_isCut_sayingHowMuchIsLeftOut() throws Exception {
        String dump = "goroutine 1 [chan receive]:\n".repeat(10_000);
        Trace t = read(() -> deadlock(dump));
        String kept = t.deadlocks().items().get(0).dump();
        assertEquals(dump.substring(0, TraceReader.MAX_REPORT_CHARS), kept.substring(0, TraceReader.MAX_REPORT_CHARS));
        assertTrue(kept.endsWith("\n... (" + (dump.length() - TraceReader.MAX_REPORT_CHARS) + " more characters)"), kept.substring(TraceReader.MAX_REPORT_CHARS));
    }

    @Test
    void anEventTurnedOff_isReportedOff_andTheRestIsRead() throws Exception {
        Path file = record(tmp.resolve("rec.jfr"), List.of(WeftEvents.Start.class, WeftEvents.Run.class), () -> {
            start(1, 0, "A.main(A.java:1)");
            run(1, 0, 1);
            park(1, "sleep", "A.nap(A.java:3)", 2);
        });
        Trace t = TraceReader.read(file);
        Trace.EventStatus starts = t.events().get(TraceReader.START);
        assertEquals(Boolean.FALSE, starts.enabled());
        assertEquals(0, starts.count());
        assertEquals(Boolean.FALSE, t.events().get(TraceReader.RUN).enabled());
        assertEquals(Boolean.TRUE, t.events().get(TraceReader.PARK).enabled());
        assertEquals(1, t.events().get(TraceReader.PARK).count());
        assertEquals(List.of(), t.leaks());
        assertEquals(List.of(), t.runs().items());
        assertEquals(0, t.procs());
        assertEquals(1, t.blocking().size());
    }

    @Test
    void fieldsMissingFromAnOlderRecording_readAsNone() throws Exception {
        Trace t = read(() -> oldPark(1, "chan receive", 2));
        SiteProfile site = t.blocking().get(0);
        assertNull(site.site());
        assertEquals(List.of("chan receive"), List.copyOf(site.byReason().keySet()));
        assertNull(t.parks().items().get(0).site());
    }

    @Test
    void aRecordingWithoutWeftEvents_isAnEmptyTrace() throws Exception {
        Trace t = read(() -> { });
        assertEquals(t.start(), t.end());
        assertEquals(0, t.procs());
        assertEquals(0, t.buckets().pinned().length);
        assertEquals(List.of(), t.blocking());
        assertTrue(t.events().values().stream().allMatch(e -> e.count() == 0), t.events()::toString);
    }

    private static double sum(double[] values) {
        return Arrays.stream(values).sum();
    }

    private static List<Double> defined(double[] values) {
        return Arrays.stream(values).filter(v -> !Double.isNaN(v)).boxed().collect(Collectors.toList());
    }
}
