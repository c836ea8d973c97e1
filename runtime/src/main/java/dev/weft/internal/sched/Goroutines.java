package dev.weft.internal.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What tools outside the scheduler see of the live goroutines: the MXBean, {@code dump PID},
 * the JUnit leak check. Each goroutine is read as a dump reads it, without stopping the world,
 * so a list is a snapshot that may already be out of date when it is returned; it never
 * includes a goroutine that had ended before the call.
 */
public final class Goroutines {
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
        List<G> gs = Scheduler.get().all.snapshot();
        gs.sort(Comparator.comparingLong(g -> g.id));
        List<Goroutine> out = new ArrayList<>(gs.size());
        for (G g : gs) {
            String state = switch (g.state()) {
                case G.RUNNING -> "running";
                case G.RUNNABLE -> "runnable";
                case G.PINNED -> "pinned";
                case G.DEAD -> null;
                default -> g.reason.toString();
            };
            if (state != null) {
                out.add(new Goroutine(g.id, g == G.current() ? "running" : state, Dump.one(g)));
            }
        }
        return out;
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
