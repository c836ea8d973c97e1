package dev.weft.internal.sched;

import dev.weft.Suspendable;
import dev.weft.internal.cont.Continuation;

/**
 * The call the instrumenter places at each loop back-edge of a rewritten method, guarded by a
 * test of the frame stack's preemption flag, so it runs only after the {@link Monitor} asked:
 * the goroutine then yields its P, as Go's cooperative preemption at function prologues does.
 * A goroutine that holds a {@code java.util.concurrent} lock does not yield: that park would pin
 * (the lock is its carrier's), which is no yield at all; the request is dropped and the monitor
 * asks again at its next tick, by when the lock may be released.
 */
public final class Preemption {
    private Preemption() {}

    @Suspendable
    public static void check() {
        if (Continuation.clearPreempt() && G.current() != null && !Continuation.holdsLocks()) {
            Parking.yield();
        }
    }
}
