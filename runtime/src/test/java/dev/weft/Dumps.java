package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link Go#dump()}: splits it into goroutines and counts those parked with a given wait
 * reason, so a test can wait until the goroutines it started are really parked (not merely
 * about to park) before it acts.
 *
 * <p>Goroutines are told apart by their {@code created by <class>} line: a test counts the
 * goroutines its own class started. Main goroutines of {@code Go.run} have no such line; pass
 * a null creator to count those.
 */
final class Dumps {
    private static final Pattern HEADER = Pattern.compile("^goroutine (\\d+) \\[([^\\]]*)\\]:", Pattern.MULTILINE);

    /** Goroutines with ids up to this one existed before the current test: they are not counted. */
    private static volatile long floor;

    private Dumps() {}

    /**
     * Makes the counts ignore every goroutine that exists now. Tests call it first, so that
     * goroutines an earlier test left parked (on purpose, or because it failed) are not
     * mistaken for theirs.
     */
    static void ignoreExisting() {
        long max = 0;
        for (String g : goroutines(safeDump())) {
            max = Math.max(max, id(g));
        }
        floor = max;
    }

    static long id(String goroutine) {
        Matcher m = HEADER.matcher(goroutine);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Each goroutine's text in a dump, header first. */
    static List<String> goroutines(String dump) {
        List<String> out = new ArrayList<>();
        Matcher m = HEADER.matcher(dump);
        int start = -1;
        while (m.find()) {
            if (start >= 0) {
                out.add(dump.substring(start, m.start()));
            }
            start = m.start();
        }
        if (start >= 0) {
            out.add(dump.substring(start));
        }
        return out;
    }

    /** The wait reason in a goroutine's header ({@code chan receive} in {@code [chan receive, 2 minutes]}). */
    static String reason(String goroutine) {
        Matcher m = HEADER.matcher(goroutine);
        if (!m.find()) {
            return null;
        }
        String r = m.group(2);
        int comma = r.indexOf(", ");
        return comma < 0 ? r : r.substring(0, comma);
    }

    /** Whether the goroutine was started by code of {@code creator} (null: it has no creator line, a main goroutine). */
    static boolean createdBy(String goroutine, Class<?> creator) {
        for (String line : goroutine.split("\n")) {
            if (line.startsWith("created by ")) {
                if (creator == null) {
                    return false;
                }
                String rest = line.substring("created by ".length());
                String name = creator.getName();
                return rest.startsWith(name) && (rest.length() == name.length() || ". $".indexOf(rest.charAt(name.length())) >= 0);
            }
        }
        return creator == null;
    }

    /** Goroutines of {@code dump} parked with {@code reason} and started by {@code creator}. */
    static List<String> parked(String dump, String reason, Class<?> creator) {
        List<String> out = new ArrayList<>();
        for (String g : goroutines(dump)) {
            if (id(g) > floor && reason.equals(reason(g)) && createdBy(g, creator)) {
                out.add(g);
            }
        }
        return out;
    }

    static int count(String reason, Class<?> creator) {
        return parked(safeDump(), reason, creator).size();
    }

    /** Waits until at least {@code n} goroutines of {@code creator} are parked with {@code reason}. */
    @Suspendable
    static void awaitParked(String reason, Class<?> creator, int n) {
        String[] last = {""};
        Eventually.until(n + " goroutine(s) of " + (creator == null ? "main" : creator.getSimpleName()) + " parked in [" + reason + "]",
                Eventually.DEFAULT, () -> {
                    last[0] = safeDump();
                    return parked(last[0], reason, creator).size() >= n;
                }, () -> "last dump:\n" + last[0]);
    }

    /**
     * A dump, retried if taking it throws. Taking a dump while goroutines park and resume is a
     * race the runtime must survive; {@code GoTest} checks that on its own, so other tests are
     * not made flaky by it.
     */
    static String safeDump() {
        RuntimeException last = null;
        for (int i = 0; i < 100; i++) {
            try {
                return Go.dump();
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw last;
    }
}
