package dev.weft.internal;

/**
 * Every {@code weft.*} system property, with its default. The agent turns its options into
 * these properties before the application starts, so build-time-woven programs and agent runs
 * read one set of switches.
 */
public final class Tunables {
    private Tunables() {}

    /** {@code weft.strict}: a park that would pin its carrier throws instead. Default false. */
    public static boolean strict() {
        return Boolean.getBoolean("weft.strict");
    }

    /** {@code weft.verbose}: the runtime reports what it does on stderr. Default false. */
    public static boolean verbose() {
        return Boolean.getBoolean("weft.verbose");
    }

    /** {@code weft.pinWarnings}: warn once per pinning call site. Default true. */
    public static boolean pinWarnings() {
        return !"false".equals(System.getProperty("weft.pinWarnings"));
    }
}
