package dev.weft.internal.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every live goroutine (Go's {@code allgs}), for dumps and the deadlock scan: lists threaded
 * through the goroutines themselves ({@link G#allPrev}, {@link G#allNext}), one per stripe, each
 * under its stripe's monitor.
 *
 * <p>Intrusive, not a concurrent set: registering allocates nothing, so a goroutine started or
 * ended with the heap full is still registered or gone; and a million parked goroutines pay two
 * references each, not a map node and a table slot (about 40 bytes). Striped by goroutine id, so
 * carriers that start and end goroutines at once rarely meet on a monitor.
 *
 * <p>Invariant: a goroutine is in its stripe's list from {@link #add} until {@link #remove};
 * its links are written only under that stripe's monitor. A walk ({@link #allMatch},
 * {@link #snapshot}) sees each stripe at one moment, and different stripes at different moments,
 * as a concurrent set's iterator would: the deadlock scan's consistency check covers that.
 */
final class AllGoroutines {
    private static final int STRIPES = 64;

    private final Stripe[] stripes = new Stripe[STRIPES];

    AllGoroutines() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    private static final class Stripe {
        G head;
    }

    private Stripe stripeOf(G g) {
        return stripes[(int) g.id & (STRIPES - 1)];
    }

    void add(G g) {
        Stripe s = stripeOf(g);
        synchronized (s) {
            g.allNext = s.head;
            if (s.head != null) {
                s.head.allPrev = g;
            }
            s.head = g;
        }
    }

    void remove(G g) {
        Stripe s = stripeOf(g);
        synchronized (s) {
            if (g.allPrev != null) {
                g.allPrev.allNext = g.allNext;
            } else if (s.head == g) {
                s.head = g.allNext;
            } else {
                return; // not registered
            }
            if (g.allNext != null) {
                g.allNext.allPrev = g.allPrev;
            }
            g.allPrev = null;
            g.allNext = null;
        }
    }

    /** Whether every goroutine registered now satisfies {@code test}; stops at the first that does not. */
    boolean allMatch(Predicate<G> test) {
        for (Stripe s : stripes) {
            synchronized (s) {
                for (G g = s.head; g != null; g = g.allNext) {
                    if (!test.test(g)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The goroutines registered now, in no particular order. */
    List<G> snapshot() {
        List<G> all = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                for (G g = s.head; g != null; g = g.allNext) {
                    all.add(g);
                }
            }
        }
        return all;
    }
}
