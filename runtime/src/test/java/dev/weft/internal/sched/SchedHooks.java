package dev.weft.internal.sched;

import java.util.ArrayList;
import java.util.List;

/**
 * What the scheduler's own tests need from inside it, in one place (Go's
 * {@code runtime/export_test.go}): making goroutines, carriers and timers that the scheduler
 * never runs, and looking at its Ps. Tests reach the run queues, heaps and Ps directly (they
 * are in this package); construction and scheduler state go through here, so a change to a
 * constructor or to how the scheduler keeps its Ps changes this file, not every test.
 */
final class SchedHooks {
    private SchedHooks() {}

    /** A goroutine that is never started: for putting into queues. */
    static G unstartedG() {
        return new G(() -> {}, null, 0, null, Scheduler.get(), false, null);
    }

    static List<G> unstartedGs(int n) {
        List<G> gs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            gs.add(unstartedG());
        }
        return gs;
    }

    /** A carrier thread object that is never started: an owner identity for a P. */
    static M idleCarrier() {
        return new M(null, 0, 0);
    }

    /** A P of no scheduler, owned by {@code owner}. */
    static P ownedP(M owner) {
        P p = new P(0);
        p.owner.set(owner);
        return p;
    }

    /** A timer due at {@code when} (every {@code period} if positive) whose firing does nothing: for heaps that are never run. */
    static HeapTimer timer(long when, long period) {
        HeapTimer t = new HeapTimer();
        t.when = when;
        t.period = period;
        return t;
    }

    static final class HeapTimer extends RuntimeTimer {
        @Override
        protected void fire(long now, long seq) {
            fired();
        }

        long when() {
            return when;
        }

        TimerHeap heap() {
            return heap;
        }
    }

    /** The running scheduler's Ps, retired ones included. */
    static P[] processors() {
        return Scheduler.get().processors();
    }

    static int procs() {
        return Scheduler.get().maxProcs();
    }

    /** Goroutines pinned now (blocked on their carrier, which gave its P away). */
    static int pinned() {
        return Scheduler.get().pinnedCount();
    }
}
