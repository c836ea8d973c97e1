package dev.weft.agent.trace;

import dev.weft.agent.trace.Trace.Deadlock;
import dev.weft.agent.trace.Trace.EventStatus;
import dev.weft.agent.trace.Trace.Kept;
import dev.weft.agent.trace.Trace.Leak;
import dev.weft.agent.trace.Trace.Park;
import dev.weft.agent.trace.Trace.Race;
import dev.weft.agent.trace.Trace.Run;
import jdk.jfr.EventType;
import jdk.jfr.ValueDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a flight recording into a {@link Trace}, in one streaming pass of {@link RecordingFile}
 * (never {@code readAllEvents}, which would hold every event of a recording of any size), with
 * memory bounded by the limits below plus {@link GoroutineTable}'s 40 bytes per goroutine.
 *
 * <p>The limits, chosen so that a recording of any number of goroutines gives a page of at
 * most about 25 MB, which a browser parses in a few seconds and redraws in tens of milliseconds
 * (a recording of a million goroutines, 4.5 million events in 80 MB, takes about 10 s to read
 * and gives a page of 10 MB):
 * <ul>
 *   <li>{@link #MAX_RUNS} runs and {@link #MAX_PARKS} parks are kept one by one, the earliest
 *       ones (see {@link Earliest}), about 25 bytes of the page each, with the creation site and
 *       parent of each goroutine they name; past them, the page shows each P's busy fraction
 *       and the parked goroutines by reason per bucket, which cover the whole recording at
 *       {@link Timeline#BUCKETS} buckets;
 *   <li>blocking sites, frames to annotate and creation sites of leaks are aggregated, so they
 *       grow with the program's code, not its goroutines; a leak lists {@link #LEAK_IDS} ids;
 *   <li>what the goroutines alive at the end wait on is one chunk's {@code weft.LiveGoroutines}
 *       events, which the runtime groups by creation site, state and blocking site (see {@link
 *       LiveAtEnd}), so it grows with the code too;
 *   <li>{@link #MAX_REPORTS} deadlocks and as many data races, the earliest, each dump or report
 *       cut at {@link #MAX_REPORT_CHARS} characters (a deadlock's dump names every goroutine);
 *   <li>Ps from 0 to {@link #MAX_PROCS} - 1: a run on another P, which weft never makes, is left out.
 * </ul>
 *
 * <p>Every event and every field may be missing: an older runtime had fewer, and the JDK's
 * default settings leave goroutine starts, ends and runs off and parks under 1 ms out. A missing
 * field reads as null, 0 or -1; what the recording says of each event type (declared, enabled,
 * threshold) is kept in {@link Trace#events()} for the page to say what was not recorded.
 */
final class TraceReader {
    static final int MAX_RUNS = 200_000;
    static final int MAX_PARKS = 200_000;
    static final int MAX_REPORTS = 100;
    static final int MAX_REPORT_CHARS = 64 * 1024;
    static final int LEAK_IDS = 20;
    static final int MAX_PROCS = 1024;

    static final String START = "weft.GoroutineStart";
    static final String END = "weft.GoroutineEnd";
    static final String RUN = "weft.GoroutineRun";
    static final String PARK = "weft.GoroutinePark";
    static final String PINNED = "weft.GoroutinePinned";
    static final String SAMPLE = "weft.SchedulerSample";
    static final String DEADLOCK = "weft.Deadlock";
    static final String DATA_RACE = "weft.DataRace";
    static final String LIVE = "weft.LiveGoroutines";
    private static final List<String> EVENTS = List.of(START, END, RUN, PARK, PINNED, SAMPLE, DEADLOCK, DATA_RACE, LIVE);
    private static final String ACTIVE_SETTING = "jdk.ActiveSetting";

    /** The sample's fields drawn over time, each a channel; {@link #LOCAL_QUEUES} is the sum of {@code runQueues}. */
    private static final List<String> SAMPLE_FIELDS = List.of(
            "goroutines", "running", "runnable", "waiting", "pinned", "timers", "carriers", "idleProcs", "globalQueue");
    static final String LOCAL_QUEUES = "localQueues";

    private final StringTable sites = new StringTable();
    private final GoroutineTable goroutines = new GoroutineTable();
    private final Timeline timeline = new Timeline();
    private final List<Timeline.Channel> busy = new ArrayList<>();
    private final Map<String, Timeline.Channel> parked = new HashMap<>();
    private final Timeline.Channel pinnedTime = timeline.channel();
    private final Timeline.Channel sampleCount = timeline.channel();
    private final Map<String, Timeline.Channel> samples = new LinkedHashMap<>();
    private final Set<String> sampled = new TreeSet<>();
    private final Earliest<Run> runs;
    private final Earliest<Park> parks;
    private final Earliest<Deadlock> deadlocks = new Earliest<>(MAX_REPORTS, Deadlock::time);
    private final Earliest<Race> races = new Earliest<>(MAX_REPORTS, Race::time);
    private final BlockingProfile blocking = new BlockingProfile();
    private final BlockingProfile pinned = new BlockingProfile();
    private final LiveAtEnd live = new LiveAtEnd();
    /** The chunks of the file being read, which tell one chunk end's LiveGoroutines from another's. */
    private Chunks chunks;
    /** How many events of each of {@link #EVENTS}, by its index there. */
    private final long[] counts = new long[EVENTS.size()];
    /** The fields of each event type read, so that a missing one costs a set lookup, not a scan of the event's fields. */
    private final Map<EventType, Set<String>> fields = new IdentityHashMap<>();
    /** By event type id: the value of its last "enabled" and "threshold" settings. */
    private final Map<Long, Boolean> enabled = new HashMap<>();
    private final Map<Long, String> thresholds = new HashMap<>();
    private long start = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;
    private int procs;
    private long panicked;

    /** A reader that keeps at most {@code maxRuns} runs and {@code maxParks} parks one by one. */
    TraceReader(int maxRuns, int maxParks) {
        runs = new Earliest<>(maxRuns, Run::start);
        parks = new Earliest<>(maxParks, Park::start);
        for (String field : SAMPLE_FIELDS) {
            samples.put(field, timeline.channel());
        }
        samples.put(LOCAL_QUEUES, timeline.channel());
    }

    /** Reads {@code file} with the limits above. */
    static Trace read(Path file) throws IOException {
        return new TraceReader(MAX_RUNS, MAX_PARKS).readAll(file);
    }

    /**
     * @throws IOException if {@code file} cannot be read as a flight recording, or stops being
     *         one part way (the JDK's parser then fails with an unchecked exception, which this
     *         turns into an IOException saying so)
     */
    Trace readAll(Path file) throws IOException {
        List<EventType> types;
        chunks = Chunks.of(file);
        try (RecordingFile recording = new RecordingFile(file)) {
            types = parsed(recording::readEventTypes);
            while (parsed(recording::hasMoreEvents)) {
                accept(parsed(recording::readEvent));
            }
        }
        return trace(file.getFileName().toString(), types);
    }

    private interface Parse<T> {
        T get() throws IOException;
    }

    /** What {@code parse} answers, a damaged file being an IOException too; this class's own failures stay what they are. */
    private static <T> T parsed(Parse<T> parse) throws IOException {
        try {
            return parse.get();
        } catch (RuntimeException e) {
            throw new IOException("the recording is damaged: " + e, e);
        }
    }

    private void accept(RecordedEvent e) {
        String name = e.getEventType().getName();
        if (name.equals(ACTIVE_SETTING)) {
            setting(e);
            return;
        }
        int event = EVENTS.indexOf(name);
        if (event < 0) {
            return;
        }
        counts[event]++;
        long t = nanos(e.getStartTime());
        long duration = e.getDuration().toNanos();
        start = Math.min(start, t);
        end = Math.max(end, t + duration);
        long id = longField(e, "goroutineId");
        switch (name) {
            case START:
                goroutines.started(id, longField(e, "parentId"), sites.index(stringField(e, "site")));
                break;
            case END:
                goroutines.ended(id);
                if (has(e, "panicked") && e.getBoolean("panicked")) {
                    panicked++;
                }
                break;
            case RUN:
                run(e, t, duration, id);
                break;
            case PARK:
                String reason = stringField(e, "reason");
                String site = stringField(e, "site");
                parks.offer(new Park(t, duration, id, reason, site));
                blocking.add(site, reason, duration);
                parked.computeIfAbsent(reason, r -> timeline.channel()).addInterval(t, t + duration);
                break;
            case PINNED:
                pinned.add(stringField(e, "frame"), stringField(e, "reason"), duration);
                pinnedTime.addInterval(t, t + duration);
                break;
            case SAMPLE:
                sample(e, t);
                break;
            case DEADLOCK:
                deadlocks.offer(new Deadlock(t, cut(stringField(e, "dump"))));
                break;
            case DATA_RACE:
                races.offer(new Race(t, stringField(e, "location"), id, longField(e, "previousGoroutineId"),
                        cut(stringField(e, "report"))));
                break;
            default: // LIVE
                live.add(chunks.of(t), stringField(e, "createdAt"), stringField(e, "state"), stringField(e, "site"),
                        longField(e, "count"));
                break;
        }
    }

    private void run(RecordedEvent e, long t, long duration, long id) {
        int proc = has(e, "proc") ? e.getInt("proc") : -1;
        if (proc < 0 || proc >= MAX_PROCS) {
            return;
        }
        RecordedThread carrier = e.getThread();
        runs.offer(new Run(t, duration, id, proc, carrier == null ? null : carrier.getJavaName()));
        while (busy.size() <= proc) {
            busy.add(timeline.channel());
        }
        busy.get(proc).addInterval(t, t + duration);
        procs = Math.max(procs, proc + 1);
    }

    private void sample(RecordedEvent e, long t) {
        sampleCount.addPoint(t, 1);
        if (has(e, "procs")) {
            procs = Math.max(procs, Math.min(e.getInt("procs"), MAX_PROCS));
        }
        for (String field : SAMPLE_FIELDS) {
            if (has(e, field)) {
                samples.get(field).addPoint(t, e.getLong(field));
                sampled.add(field);
            }
        }
        String queues = stringField(e, "runQueues");
        if (queues != null) {
            long sum = 0;
            for (String n : queues.trim().split("\\s+")) {
                if (n.matches("\\d{1,9}")) {
                    sum += Integer.parseInt(n);
                }
            }
            samples.get(LOCAL_QUEUES).addPoint(t, sum);
            sampled.add(LOCAL_QUEUES);
        }
    }

    private void setting(RecordedEvent e) {
        if (!has(e, "id") || !has(e, "name") || !has(e, "value")) {
            return;
        }
        long type = e.getLong("id");
        String value = e.getString("value");
        switch (String.valueOf(e.getString("name"))) {
            case "enabled":
                enabled.put(type, Boolean.parseBoolean(value));
                break;
            case "threshold":
                thresholds.put(type, value);
                break;
            default:
                break;
        }
    }

    private Trace trace(String source, List<EventType> types) {
        if (start > end) {
            start = 0;
            end = 0;
        }
        return new Trace(source, start, end, procs,
                kept(runs), kept(parks), buckets(),
                blocking.profile(), pinned.profile(), leaks(),
                count(START), count(END), panicked,
                kept(deadlocks), kept(races),
                statuses(types), goroutineInfo());
    }

    private static <T> Kept<T> kept(Earliest<T> earliest) {
        return new Kept<>(earliest.sorted(), earliest.offered(), earliest.until());
    }

    private Trace.Buckets buckets() {
        double width = timeline.width();
        List<double[]> busyFractions = new ArrayList<>();
        for (Timeline.Channel p : busy) {
            busyFractions.add(divide(p.values(), width));
        }
        Map<String, double[]> parkedGoroutines = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        parked.forEach((reason, channel) -> parkedGoroutines.put(reason, divide(channel.values(), width)));
        double[] count = sampleCount.values();
        Map<String, double[]> means = new LinkedHashMap<>();
        samples.forEach((field, channel) -> {
            if (sampled.contains(field)) {
                double[] v = channel.values();
                for (int k = 0; k < v.length; k++) {
                    v[k] = count[k] == 0 ? Double.NaN : v[k] / count[k];
                }
                means.put(field, v);
            }
        });
        return new Trace.Buckets(timeline.start(), timeline.width(), busyFractions, parkedGoroutines,
                divide(pinnedTime.values(), width), means);
    }

    private static double[] divide(double[] values, double by) {
        for (int k = 0; k < values.length; k++) {
            values[k] /= by;
        }
        return values;
    }

    /** The goroutines alive at the end, by creation site: most first, then by site; each with what they wait on. */
    private List<Leak> leaks() {
        Map<Integer, long[]> countBySite = new HashMap<>();
        Map<Integer, TreeSet<Long>> idsBySite = new HashMap<>();
        goroutines.forEachAlive((id, site) -> {
            countBySite.computeIfAbsent(site, s -> new long[1])[0]++;
            TreeSet<Long> ids = idsBySite.computeIfAbsent(site, s -> new TreeSet<>());
            ids.add(id);
            if (ids.size() > LEAK_IDS) {
                ids.pollLast();
            }
        });
        List<Leak> leaks = new ArrayList<>();
        countBySite.forEach((site, count) -> {
            String createdAt = sites.get(site);
            leaks.add(new Leak(createdAt, count[0], List.copyOf(idsBySite.get(site)), live.waits(createdAt)));
        });
        leaks.sort(Comparator.comparingLong((Leak l) -> -l.count())
                .thenComparing(Leak::site, Comparator.nullsLast(Comparator.naturalOrder())));
        return leaks;
    }

    private Map<String, EventStatus> statuses(List<EventType> types) {
        Map<String, EventStatus> statuses = new LinkedHashMap<>();
        for (String name : EVENTS) {
            boolean declared = false;
            Boolean on = null;
            String threshold = null;
            for (EventType type : types) {
                if (type.getName().equals(name)) {
                    declared = true;
                    Boolean e = enabled.get(type.getId());
                    if (e != null) {
                        on = (on != null && on) || e;
                    }
                    threshold = thresholds.getOrDefault(type.getId(), threshold);
                }
            }
            statuses.put(name, new EventStatus(declared, on, threshold, count(name)));
        }
        return statuses;
    }

    private Trace.Goroutines goroutineInfo() {
        return new Trace.Goroutines() {
            @Override
            public String site(long id) {
                return sites.get(goroutines.site(id));
            }

            @Override
            public long parent(long id) {
                return goroutines.parent(id);
            }
        };
    }

    private long count(String event) {
        return counts[EVENTS.indexOf(event)];
    }

    /** {@code report} cut at {@link #MAX_REPORT_CHARS}, saying how much is left out. */
    private static String cut(String report) {
        if (report == null || report.length() <= MAX_REPORT_CHARS) {
            return report;
        }
        return report.substring(0, MAX_REPORT_CHARS) + "\n... (" + (report.length() - MAX_REPORT_CHARS) + " more characters)";
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private boolean has(RecordedEvent e, String field) {
        return fields.computeIfAbsent(e.getEventType(),
                type -> type.getFields().stream().map(ValueDescriptor::getName).collect(Collectors.toSet())).contains(field);
    }

    private long longField(RecordedEvent e, String field) {
        return has(e, field) ? e.getLong(field) : 0;
    }

    private String stringField(RecordedEvent e, String field) {
        return has(e, field) ? e.getString(field) : null;
    }
}
