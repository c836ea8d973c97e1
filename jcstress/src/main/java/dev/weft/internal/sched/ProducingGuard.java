package dev.weft.internal.sched;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@link P}'s producing guard, which keeps a run queue single-producer when the monitor takes
 * the P from its carrier ({@code Scheduler.handoff}): the carrier sets {@code producing} and
 * then reads {@code owner}; the monitor CASes {@code owner} away and then waits for
 * {@code producing} to drop ({@link P#awaitProducers}). Dekker-style, one of them sees the other.
 *
 * <p>The carrier produces (a plain write standing for its writes into the ring) only when
 * {@link P#enterProduce} lets it; the monitor, once it has waited, reads what the carrier
 * wrote. A carrier that produced while the monitor read nothing means both held the ring at
 * once: forbidden.
 */
@JCStressTest
@Description("A carrier never produces into a P's queue after the monitor has taken the P and waited for producers")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the monitor took the P first; the carrier did not produce")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "the carrier produced; the monitor waited for it and saw its write")
@Outcome(id = "1, 0", expect = FORBIDDEN, desc = "the carrier produced while the monitor held the P: two producers")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "a write appeared that no producer made")
@State
public class ProducingGuard {
    /** The carrier that owns the P: a thread object that is never started. */
    private static final M CARRIER = new M(null, 0, 0);

    private final P p = new P(0);
    private int produced;

    public ProducingGuard() {
        p.owner.set(CARRIER);
    }

    @Actor
    public void carrier(II_Result r) {
        if (p.enterProduce(CARRIER)) {
            produced = 1;
            p.exitProduce();
            r.r1 = 1;
        }
    }

    @Actor
    public void monitor(II_Result r) {
        if (p.owner.compareAndSet(CARRIER, null)) {
            p.awaitProducers();
            r.r2 = produced;
        }
    }
}
