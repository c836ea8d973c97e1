package dev.weft.internal.sched;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The run queue's publication claim ({@link RunQueue}'s class comment): the owner stores a
 * slot and then releases {@code tail}; a stealer acquires {@code tail} before it reads slots.
 * So a stealer that sees the slot sees the goroutine in it, and every write its producer made
 * to that goroutine before {@code offer} (here a plain field, {@link G#interrupted}).
 *
 * <p>The stealer takes through {@link RunQueue#stealInto}, the path other carriers use; a
 * stolen slot that is null, or a goroutine without its producer's write, is forbidden. Once
 * both are done, the arbiter tells a stealer that found nothing from one that took a null
 * slot: in the first case the goroutine is still in the victim's queue.
 */
@JCStressTest
@Description("A goroutine offered to a run queue is seen whole by a stealer that takes it")
@Outcome(id = "0", expect = ACCEPTABLE, desc = "the stealer found the queue empty")
@Outcome(id = "1", expect = ACCEPTABLE, desc = "the stealer took the goroutine with its producer's write")
@Outcome(id = "2", expect = FORBIDDEN, desc = "the stealer took a null slot: tail was seen before the slot")
@Outcome(id = "3", expect = FORBIDDEN, desc = "the stealer took the goroutine without its producer's write")
@State
public class RunQueuePublication {
    private final RunQueue victim = new RunQueue();
    private final RunQueue thief = new RunQueue();
    private final G g = Goroutines.unstarted();
    /** Written by the stealer, read by the arbiter (which jcstress runs after both actors). */
    private G taken;
    private boolean sawWrite;

    @Actor
    public void owner() {
        g.interrupted = true; // a plain write, published by offer's release of tail
        victim.offer(g);
    }

    @Actor
    public void stealer() {
        taken = victim.stealInto(thief);
        sawWrite = taken != null && taken.interrupted;
    }

    @Arbiter
    public void verdict(I_Result r) {
        if (taken == null) {
            r.r1 = victim.poll() == g ? 0 : 2;
        } else {
            r.r1 = sawWrite ? 1 : 3;
        }
    }
}
