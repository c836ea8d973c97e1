package dev.weft.internal.sched;

import dev.weft.internal.CallSites;
import dev.weft.internal.jfr.Recorder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What tools outside the scheduler see of the live goroutines: the MXBean, {@code dump PID},
 * the JUnit leak check. Each goroutine is read as a dump reads it, without stopping the world,
 * so a list is a snapshot that may already be out of date when it is returned; it never
 * includes a goroutine that had ended before the call.
 */
public final class Goroutines {
    private static final int IDS_PER_GROUP = 20;

    private Goroutines() {}

    /**
     * One goroutine as a dump shows it.
     *
     * @param id    the goroutine's id, as {@code goroutine N} in a dump
     * @param state {@code running}, {@code runnable}, {@code pinned} or the wait reason of a
     *              parked goroutine ({@code chan receive}, {@code sleep}, ...)
     * @param dump  its entry in {@code Go.dump()}'s format: header, stack, {@code created by}
     */
    public record Goroutine(long id, String state, String dump) {
        /**
         * The innermost function of its stack as a dump names it ({@code pkg.Class.method}),
         * the function Go's goleak matches with {@code IgnoreTopFunction}; null if the stack is
         * empty.
         */
        public String topFunction() {
            String[] lines = dump.split("\n");
            return lines.length > 1 && lines[1].endsWith("(...)") && !lines[1].startsWith("created by ")
                    ? lines[1].substring(0, lines[1].length() - "(...)".length()) : null;
        }

        /** Whether a frame of its stack is in {@code function} ({@code pkg.Class.method}). */
        public boolean hasFrameIn(String function) {
            String needle = function + "(...)\n";
            int created = dump.indexOf("\ncreated by ");
            int at = dump.indexOf("\n" + needle);
            return at >= 0 && (created < 0 || at < created);
        }

        /** Its {@code created by} lines, or "" for a run's main goroutine. */
        public String createdBy() {
            int at = dump.indexOf("created by ");
            return at < 0 ? "" : dump.substring(at).strip();
        }
    }

    /** Goroutines by state, at one moment (approximately: the counts are read one by one). */
    public record Counts(int total, int running, int runnable, int waiting, int pinned) {}

    /** Every live goroutine, by id. */
    public static List<Goroutine> all() {
        List<Goroutine> out = new ArrayList<>();
        for (G g : byId(Scheduler.get())) {
            String state = state(g);
            if (state != null) {
                out.add(new Goroutine(g.id, state, Dump.one(g)));
            }
        }
        return out;
    }

    /**
     * The live goroutines grouped by creation site, state and the application frame they are
     * parked in, for the end-of-chunk {@code weft.LiveGoroutines} event: what a trace says of
     * goroutines that never ended. Each group names its {@value #IDS_PER_GROUP} lowest ids.
     */
    static List<Recorder.LiveGroup> groups(Scheduler sched) {
        Map<List<String>, List<Long>> ids = new LinkedHashMap<>();
        Map<List<String>, Integer> counts = new HashMap<>();
        for (G g : byId(sched)) {
            String state = state(g);
            if (state == null) {
                continue;
            }
            String site = g.state() == G.WAITING ? Dump.innermostApplicationSite(g) : null;
            List<String> key = Arrays.asList(g.createdAt == null ? null : CallSites.describe(g.createdAt), state, site);
            counts.merge(key, 1, Integer::sum);
            List<Long> some = ids.computeIfAbsent(key, k -> new ArrayList<>());
            if (some.size() < IDS_PER_GROUP) {
                some.add(g.id);
            }
        }
        List<Recorder.LiveGroup> out = new ArrayList<>(ids.size());
        ids.forEach((key, some) -> out.add(new Recorder.LiveGroup(key.get(0), key.get(1), key.get(2), counts.get(key),
                some.stream().map(String::valueOf).collect(Collectors.joining(" ")))));
        return out;
    }

    private static List<G> byId(Scheduler sched) {
        List<G> gs = sched.all.snapshot();
        gs.sort(Comparator.comparingLong(g -> g.id));
        return gs;
    }

    /** {@code running}, {@code runnable}, {@code pinned} or the wait reason; null for an ended goroutine. */
    private static String state(G g) {
        if (g == G.current()) {
            return "running";
        }
        return switch (g.state()) {
            case G.RUNNING -> "running";
            case G.RUNNABLE -> "runnable";
            case G.PINNED -> "pinned";
            case G.DEAD -> null;
            default -> g.reason.toString();
        };
    }

    /** Counts by state of every live goroutine. */
    public static Counts counts() {
        int running = 0;
        int runnable = 0;
        int waiting = 0;
        int pinned = 0;
        for (G g : Scheduler.get().all.snapshot()) {
            switch (g.state()) {
                case G.RUNNING -> running++;
                case G.RUNNABLE -> runnable++;
                case G.WAITING -> waiting++;
                case G.PINNED -> pinned++;
                default -> { }
            }
        }
        return new Counts(running + runnable + waiting + pinned, running, runnable, waiting, pinned);
    }

    /** {@code Go.dump()}. */
    public static String dump() {
        return Scheduler.get().dump();
    }

    /**
     * Whether {@code go} records its call site from now on, for the {@code created by} lines
     * (as {@code -Dweft.goroutineSites=true} does from the start). Costs a stack walk per
     * {@code go}.
     */
    public static void recordCreationSites(boolean on) {
        Scheduler.get().sites = on;
    }
}
