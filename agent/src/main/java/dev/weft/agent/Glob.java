package dev.weft.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A class-name pattern of the {@code include} and {@code exclude} options, matched against
 * dotted names ({@code com.acme.Foo$Inner}).
 *
 * <p>{@code *} matches any run of characters within one package segment (no {@code .}),
 * {@code **} any run across segments, {@code ?} one character other than {@code .}. A
 * {@code **.} matches zero or more whole segments, so {@code **.Foo} also matches a {@code Foo}
 * in the unnamed package. Nested classes belong to their outer class's segment: {@code com.acme.*}
 * matches {@code com.acme.Foo$Inner} but not {@code com.acme.sub.Foo}. A {@code /} in a glob is
 * read as a {@code .}, so internal names may be pasted in.
 *
 * <p>A glob that could match no class is refused when it is parsed, so that a typo does not
 * silently weave nothing: every character other than {@code *}, {@code ?}, {@code .} and
 * {@code /} must be one a Java class name may contain, no segment may be empty, and no more
 * than two {@code *} may stand in a row.
 *
 * <p>Cost: parsing is one pass over the glob. Matching simulates the glob as a nondeterministic
 * automaton, one state per token, reading the name once with no backtracking (Thompson's
 * construction, as RE2 and Go's regexp do): each character costs in proportion to the states
 * alive. A glob of literals and {@code ?} keeps one alive, and a live {@code **} drops every
 * state before it ({@link #dropDominated}), so matching is linear in the name for those; only
 * runs of {@code *} within a segment, or a {@code **.} after no {@code .}, keep several alive.
 * {@code java.util.regex}, used before, backtracks, compiles a long pattern in quadratic time and
 * overflows its stack on a long run of wildcards.
 */
final class Glob {
    /** The second line of every error about a glob. */
    static final String SYNTAX = "a glob is a class name in which * matches within a package segment, "
            + "** across segments and ? one character; several are separated by ':'";

    /**
     * Token kinds. {@code **.} is three tokens, OPTIONAL, DEEP and a LITERAL {@code .}: OPTIONAL
     * reads nothing and leads both into the DEEP and past the {@code .}, for zero segments.
     */
    private static final byte LITERAL = 0, ONE = 1, STAR = 2, DEEP = 3, OPTIONAL = 4;

    /** {@code **}: what {@code include} is when it is not given. */
    static final Glob EVERY_CLASS = parse("**");

    private final String text;
    /** One entry per token. */
    private final byte[] kinds;
    /** The character of a LITERAL token; unused for the others. */
    private final char[] chars;

    private Glob(String text, byte[] kinds, char[] chars) {
        this.text = text;
        this.kinds = kinds;
        this.chars = chars;
    }

    /**
     * Parses a {@code :}-separated list of globs.
     *
     * @throws IllegalArgumentException naming the glob and what is wrong with it, if the list
     *         or one of its globs is empty or malformed
     */
    static List<Glob> list(String globs) {
        List<Glob> out = new ArrayList<>();
        for (String g : globs.split(":", -1)) {
            if (g.isEmpty()) {
                throw new IllegalArgumentException("empty glob in \"" + Printable.of(globs) + "\" (globs are separated by ':')");
            }
            out.add(parse(g));
        }
        return List.copyOf(out);
    }

    private static Glob parse(String glob) {
        int n = glob.length();
        byte[] kinds = new byte[n]; // at most one token per character: "**." is three
        char[] chars = new char[kinds.length];
        int t = 0;
        int i = 0;
        boolean segmentStart = true;
        while (i < n) {
            char c = glob.charAt(i) == '/' ? '.' : glob.charAt(i);
            if (c == '*') {
                int stars = 1;
                while (i + stars < n && glob.charAt(i + stars) == '*') {
                    stars++;
                }
                if (stars > 2) {
                    throw malformed(glob, stars + " '*' in a row (at character " + (i + 1) + ")");
                }
                i += stars;
                if (stars == 2 && i < n && (glob.charAt(i) == '.' || glob.charAt(i) == '/')) {
                    kinds[t++] = OPTIONAL; // the '.' that follows is the LITERAL after the DEEP
                }
                kinds[t++] = stars == 2 ? DEEP : STAR;
                segmentStart = false;
                continue;
            }
            if (c == '.') {
                if (segmentStart) {
                    throw malformed(glob, "empty package segment (at character " + (i + 1) + ")");
                }
                segmentStart = true;
            } else {
                segmentStart = false;
                if (c != '?' && !Character.isSurrogate(c)
                        && (!Character.isJavaIdentifierPart(c) || Character.isIdentifierIgnorable(c))) {
                    throw malformed(glob, "'" + Printable.of(String.valueOf(c)) + "' cannot appear in a class name (at character "
                            + (i + 1) + ")");
                }
            }
            kinds[t] = c == '?' ? ONE : LITERAL;
            chars[t] = c;
            t++;
            i++;
        }
        if (segmentStart) {
            throw malformed(glob, "it ends with an empty package segment");
        }
        return new Glob(glob, Arrays.copyOf(kinds, t), Arrays.copyOf(chars, t));
    }

    /** Longer globs are quoted by their start in an error, which must stay a line one can read. */
    private static final int QUOTED = 100;

    private static IllegalArgumentException malformed(String glob, String what) {
        String quoted = glob.length() <= QUOTED ? glob : glob.substring(0, QUOTED) + "...";
        return new IllegalArgumentException("glob \"" + Printable.of(quoted) + "\": " + what);
    }

    static boolean any(List<Glob> globs, String dottedName) {
        for (Glob g : globs) {
            if (g.matches(dottedName)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the whole name matches. State {@code s} means "the first {@code s} tokens match
     * what has been read of the name". The states alive are kept as a list, so a step costs in
     * proportion to them, not to the glob; {@code stamp[s]} is the number of the list that
     * {@code s} was last added to, so no state is listed twice.
     */
    boolean matches(String dottedName) {
        int end = kinds.length; // the state in which the whole glob has matched
        int[] stamp = new int[end + 1];
        int[] alive = new int[end + 1];
        int[] next = new int[end + 1];
        int aliveCount = dropDominated(alive, add(alive, 0, stamp, 1, 0));
        for (int p = 0; p < dottedName.length(); p++) {
            char c = dottedName.charAt(p);
            int list = p + 2;
            int nextCount = 0;
            for (int i = 0; i < aliveCount; i++) {
                int s = alive[i];
                if (s == end) {
                    continue;
                }
                switch (kinds[s]) {
                    case LITERAL -> {
                        if (chars[s] == c) {
                            nextCount = add(next, nextCount, stamp, list, s + 1);
                        }
                    }
                    case ONE -> {
                        if (c != '.') {
                            nextCount = add(next, nextCount, stamp, list, s + 1);
                        }
                    }
                    case STAR -> {
                        if (c != '.') {
                            nextCount = add(next, nextCount, stamp, list, s);
                        }
                    }
                    case DEEP -> nextCount = add(next, nextCount, stamp, list, s);
                    default -> { } // OPTIONAL reads nothing: add went past it already
                }
            }
            nextCount = dropDominated(next, nextCount);
            if (nextCount == 0) {
                return false;
            }
            int[] swap = alive;
            alive = next;
            next = swap;
            aliveCount = nextCount;
        }
        for (int i = 0; i < aliveCount; i++) {
            if (alive[i] == end) {
                return true;
            }
        }
        return false;
    }

    /**
     * Drops the states that a live {@code **} makes redundant, so that a glob of many
     * {@code **} keeps few states alive and a match stays linear. A live DEEP state {@code d}
     * accepts every rest of the name that an earlier state {@code s} accepts: every way from
     * {@code s} to the end passes through {@code d}, and {@code d} can read whatever {@code s}
     * read on the way there. That holds for a plain {@code **}. For the {@code **} of a
     * {@code **.}, the way past it (zero segments) skips {@code d}; {@code d} then reaches the
     * same place only if what was read last before the group was a {@code .}, so it dominates
     * only when the group starts the glob or follows a literal {@code .}. Returns the new length.
     */
    private int dropDominated(int[] set, int count) {
        int floor = 0;
        for (int i = 0; i < count; i++) {
            int s = set[i];
            if (s > floor && s < kinds.length && kinds[s] == DEEP
                    && (s == 0 || kinds[s - 1] != OPTIONAL || s - 1 == 0
                        || kinds[s - 2] == LITERAL && chars[s - 2] == '.')) {
                floor = s;
            }
        }
        if (floor == 0) {
            return count;
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
            if (set[i] >= floor) {
                set[kept++] = set[i];
            }
        }
        return kept;
    }

    /**
     * Adds state {@code s} to list number {@code list}, with the states it reaches without
     * reading: past a {@code *} or {@code **} (they may match nothing), and from an OPTIONAL
     * both into its {@code **.} and past it. Returns the list's new length.
     */
    private int add(int[] set, int count, int[] stamp, int list, int s) {
        while (stamp[s] != list) {
            stamp[s] = list;
            set[count++] = s;
            if (s == kinds.length || kinds[s] == LITERAL || kinds[s] == ONE) {
                break;
            }
            if (kinds[s] == OPTIONAL) {
                // into the group: its DEEP, which leads only to the LITERAL '.', which leads nowhere
                for (int g = s + 1; g <= s + 2; g++) {
                    if (stamp[g] != list) {
                        stamp[g] = list;
                        set[count++] = g;
                    }
                }
                s += 3; // past the group
            } else {
                s++;
            }
        }
        return count;
    }

    @Override
    public String toString() {
        return text;
    }
}
