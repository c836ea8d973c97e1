package dev.weft.internal.race;

import dev.weft.internal.cont.Carrier;
import dev.weft.internal.sched.G;
import dev.weft.internal.sched.Waiter;

/**
 * Finds the actor of the code running now, and makes actors as goroutines and threads start.
 *
 * <p>A goroutine's actor lives in its {@code G}; a plain thread's in a thread-local, and in its
 * {@code Thread}'s shadow for others to find (a waker, a joiner). A carrier thread running no
 * goroutine has none: what weft does between goroutines (its queues, its hand-offs) orders
 * nothing between them, as Go's scheduler orders nothing.
 */
public final class Actors {
    private static final ThreadLocal<Actor> THREAD = ThreadLocal.withInitial(() -> ofThread(Thread.currentThread()));

    private Actors() {}

    /** The actor running now, or null on a carrier between goroutines. */
    static Actor current() {
        G g = G.current();
        if (g != null) {
            return g.race;
        }
        if (Thread.currentThread() instanceof Carrier) {
            return null;
        }
        return THREAD.get();
    }

    /**
     * The thread running now is weft's own (its monitor, its netpoller): what it does orders
     * nothing between goroutines, so it has no actor.
     */
    public static void unobserved() {
        THREAD.set(null);
    }

    /** The actor of a parked waiter's goroutine or thread. */
    static Actor of(Waiter w) {
        return w.g != null ? w.g.race : ofThread(w.thread);
    }

    /** A plain thread's actor, made on first use from what its start published, if the detector saw it. */
    static Actor ofThread(Thread t) {
        Shadow s = ShadowTable.of(t);
        synchronized (s) {
            if (s.actor == null) {
                long[] slot = Slots.take(null);
                Actor a = new Actor((int) slot[0], (int) slot[1], new Origin(0, false, t.getName(), s.createdAt));
                if (s.startClock != null) {
                    a.vc.assign(s.startClock);
                }
                s.actor = a;
            }
            return s.actor;
        }
    }

    /**
     * The actor of a goroutine being started now by the code running now. {@code also} is
     * something the goroutine's start is ordered after besides its parent (a timer that fires
     * it), or null.
     */
    public static Actor spawn(long goroutineId, boolean main, Object also) {
        Actor parent = current();
        long[] slot = Slots.take(parent);
        Actor a = new Actor((int) slot[0], (int) slot[1], new Origin(goroutineId, main, null, Reports.creationStack()));
        if (parent != null) {
            a.inherit(parent);
        }
        if (also != null) {
            Shadow s = ShadowTable.peek(also);
            if (s != null) {
                synchronized (s) {
                    if (s.sync != null) {
                        a.acquire(s.sync);
                    }
                }
            }
        }
        return a;
    }

    /** A goroutine has ended: its slot may serve another. */
    public static void ended(Actor a) {
        a.origin.finished = true;
        Slots.release(a.slot, a.lastUsedClock());
    }
}
