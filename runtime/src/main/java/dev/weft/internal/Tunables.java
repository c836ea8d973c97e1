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

    /**
     * {@code weft.maxprocs} (else env {@code GOMAXPROCS}): how many goroutines run at once.
     * Default: available processors.
     */
    public static int maxProcs() {
        String p = System.getProperty("weft.maxprocs");
        if (p == null) {
            p = System.getenv("GOMAXPROCS");
        }
        if (p != null) {
            try {
                int n = Integer.parseInt(p.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // fall through to the default, as Go ignores a malformed GOMAXPROCS
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** {@code weft.carrier.stack}: carrier thread stack size in bytes. Default 64 MiB. */
    public static long carrierStack() {
        return Long.getLong("weft.carrier.stack", 64L << 20);
    }

    /**
     * {@code weft.maxCarriers}: the most carrier threads that may exist at once, most of them
     * blocked in code weft cannot see (Go's {@code SetMaxThreads}). Default 10,000.
     */
    public static int maxCarriers() {
        return Math.max(2, Integer.getInteger("weft.maxCarriers", 10_000));
    }

    /** {@code weft.deadlock}: {@code off} disables deadlock detection. Default on. */
    public static boolean deadlockDetection() {
        return !"off".equals(System.getProperty("weft.deadlock"));
    }

    /**
     * {@code weft.sched.random}: the scheduler randomizes its choices (runnext, queue order),
     * as Go does under {@code -race}, to shake out code that depends on one interleaving.
     * Default false, and true in race mode, as in Go.
     */
    public static boolean schedRandom() {
        return Boolean.getBoolean("weft.sched.random") || Boolean.getBoolean("weft.race");
    }

    /** {@code weft.goroutineSites}: record where each goroutine was started, for dumps. Default false. */
    public static boolean goroutineSites() {
        return Boolean.getBoolean("weft.goroutineSites");
    }

    /** {@code weft.pinWarnings}: warn once per pinning call site. Default true. */
    public static boolean pinWarnings() {
        return !"false".equals(System.getProperty("weft.pinWarnings"));
    }
}
