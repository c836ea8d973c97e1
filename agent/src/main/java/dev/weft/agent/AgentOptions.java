package dev.weft.agent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The agent's options: the text after {@code -javaagent:weft-agent.jar=}.
 *
 * <p>Syntax, as JaCoCo's agent has it: options separated by {@code ,}, each a bare flag
 * ({@code race}, {@code strict}, {@code verbose}) or {@code key=value}. Several globs in one
 * {@code include} or {@code exclude} value are separated by {@code :}, because {@code ,}
 * separates options. A {@code ,} splits only where a key follows (a name, then {@code =},
 * {@code ,} or the end), so a path value may contain a comma that is not followed by one.
 * {@code null} (no {@code =} after the jar) and {@code ""} (a {@code Launcher-Agent-Class}
 * start) both mean "all defaults". A key given twice keeps its last value.
 *
 * <p>An unknown key or a malformed value throws {@link IllegalArgumentException} whose message
 * is what the agent prints before it stops the JVM (see {@link WeftAgent}): a line saying what
 * is wrong, and a line listing what is valid. A malformed glob is such a value too: a glob that
 * could match no class name would otherwise silently weave nothing. Only the text is checked
 * here; whether a path can be written is checked at start-up, by what writes it.
 *
 * <p>Every option given is mirrored as a {@code weft.<key>} system property (see
 * {@link #systemProperties}), so the runtime reads one set of switches whether a program was
 * woven by this agent or at build time.
 */
public final class AgentOptions {
    /** Every key, in the order the error message lists them. */
    static final List<String> KEYS = List.of(
            "race", "strict", "verbose", "include", "exclude", "jfr", "dump",
            "race.halt_on_error", "race.exitcode", "race.log_path", "race.history_size",
            "race.strip_path_prefix", "race.dedup");

    private static final List<String> FLAGS = List.of("race", "strict", "verbose");

    /** What starts every line the agent prints about its options. */
    static final String PREFIX = "weft agent: ";

    /**
     * A comma that starts the next option: a key follows, then '=', ',' or the end. The key may
     * be empty, so that a stray comma becomes an empty option and is reported, not glued on.
     * In a holder, so that a start with no options compiles no pattern (and loads no regex
     * classes): the agent's start-up is part of every program's.
     */
    private static final class Separator {
        static final Pattern PATTERN = Pattern.compile(",(?=[A-Za-z0-9_.\\-]*(?:=|,|$))");
    }

    public static final AgentOptions DEFAULT = parse(null);

    /** Key to value as given; a flag maps to "true". Insertion-ordered, for a stable mirror. */
    private final Map<String, String> given;
    private final List<Glob> includes;
    private final List<Glob> excludes;
    /** No {@code include} or {@code exclude} given: every class is accepted. */
    private final boolean acceptsEvery;

    private AgentOptions(Map<String, String> given, List<Glob> includes, List<Glob> excludes) {
        this.given = Collections.unmodifiableMap(given);
        this.includes = includes;
        this.excludes = excludes;
        this.acceptsEvery = excludes.isEmpty() && includes.equals(List.of(Glob.EVERY_CLASS));
    }

    /**
     * Parses the agent's argument string.
     *
     * @throws IllegalArgumentException for an unknown key or a malformed value
     */
    public static AgentOptions parse(String text) {
        Map<String, String> given = new LinkedHashMap<>();
        List<Glob> includes = List.of(Glob.EVERY_CLASS);
        List<Glob> excludes = List.of();
        if (text != null && !text.isEmpty()) {
            for (String option : Separator.PATTERN.split(text, -1)) {
                int eq = option.indexOf('=');
                String key = eq < 0 ? option : option.substring(0, eq);
                String value = eq < 0 ? null : option.substring(eq + 1);
                given.remove(key); // the last occurrence wins, and is mirrored in its position
                given.put(key, check(key, value));
                if (key.equals("include")) {
                    includes = globs(key, value);
                } else if (key.equals("exclude")) {
                    excludes = globs(key, value);
                }
            }
        }
        return new AgentOptions(given, includes, excludes);
    }

    /** The globs of an {@code include} or {@code exclude} value, compiled once, here. */
    private static List<Glob> globs(String key, String value) {
        try {
            return Glob.list(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "option \"" + key + "\": " + e.getMessage() + "\n"
                    + PREFIX + Glob.SYNTAX);
        }
    }

    /** The value to keep for {@code key}, or an exception saying what is wrong with it. */
    private static String check(String key, String value) {
        if (!KEYS.contains(key)) {
            throw bad(key.isEmpty() ? "empty option (two commas in a row, or a leading or trailing comma)"
                    : "unknown option \"" + Printable.of(key) + "\"");
        }
        if (FLAGS.contains(key)) {
            if (value != null) {
                throw bad("option \"" + key + "\" is a flag and takes no value (write just " + key + ")");
            }
            return "true";
        }
        if (value == null) {
            throw bad("option \"" + key + "\" needs a value (" + key + "=...)");
        }
        switch (key) {
            case "include":
            case "exclude":
                return value; // compiled, and so checked, by parse
            case "jfr":
            case "dump":
            case "race.log_path":
                if (value.isEmpty()) {
                    throw bad("option \"" + key + "\" needs a path (" + key + "=PATH)");
                }
                return value;
            case "race.halt_on_error":
            case "race.dedup":
                return number(key, value, 0, 1);
            case "race.exitcode":
                return number(key, value, 0, 255);
            case "race.history_size":
                return number(key, value, 0, 7);
            case "race.strip_path_prefix":
                return value; // empty is meaningful: strip nothing
            default:
                throw new AssertionError(key);
        }
    }

    private static String number(String key, String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = min - 1;
        }
        if (n < min || n > max) {
            throw bad("option \"" + key + "\" must be " + (max - min == 1 ? min + " or " + max : "an integer from " + min + " to " + max)
                    + ", not \"" + Printable.of(value) + "\"");
        }
        return Integer.toString(n);
    }

    private static IllegalArgumentException bad(String what) {
        return new IllegalArgumentException(PREFIX + what + "\n" + PREFIX + "valid options, separated by commas: "
                + "race, strict, verbose, include=GLOB[:GLOB...], exclude=GLOB[:GLOB...], jfr=PATH, dump=DIR, "
                + "race.halt_on_error=0|1, race.exitcode=N, race.log_path=PATH, race.history_size=0..7, "
                + "race.strip_path_prefix=P, race.dedup=0|1");
    }

    public boolean race() {
        return given.containsKey("race");
    }

    public boolean strict() {
        return given.containsKey("strict");
    }

    public boolean verbose() {
        return given.containsKey("verbose");
    }

    /** Where to record a flight recording, or null. */
    public Path jfr() {
        String v = given.get("jfr");
        return v == null ? null : Path.of(v);
    }

    /** Where to write each rewritten class, or null. */
    public Path dump() {
        String v = given.get("dump");
        return v == null ? null : Path.of(v);
    }

    /** The value of an option as given (a flag reads "true"), or null when it was not given. */
    public String get(String key) {
        return given.get(key);
    }

    /**
     * Whether the agent may weave the class: it matches an {@code include} glob (by default
     * every class does) and no {@code exclude} glob.
     *
     * @param className dotted ({@code com.acme.Foo}) or internal ({@code com/acme/Foo})
     */
    public boolean accepts(String className) {
        if (acceptsEvery) {
            return true; // asked for every class loaded: no matching when nothing narrows it
        }
        String dotted = className.replace('/', '.');
        return Glob.any(includes, dotted) && !Glob.any(excludes, dotted);
    }

    /**
     * The system properties the options stand for: {@code weft.<key>} for every option given,
     * flags as {@code "true"}. Options not given set nothing, so a {@code -Dweft.strict=true}
     * on the command line still works without the agent option.
     */
    public Map<String, String> systemProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            props.put("weft." + e.getKey(), e.getValue());
        }
        return props;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        given.forEach((k, v) -> parts.add(FLAGS.contains(k) ? k : k + "=" + v));
        return String.join(",", parts);
    }
}
