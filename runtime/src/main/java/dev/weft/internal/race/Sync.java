package dev.weft.internal.race;

import dev.weft.internal.sched.Waiter;

/**
 * Happens-before as weft's own synchronization makes it, called by channels, locks, groups and
 * timers (only when {@link RaceMode#ENABLED}), and by the {@code Race} API. The code running now
 * is the actor; a channel operation that completes a parked waiter acts for it too. Go's rules
 * (runtime/chan.go, sync's race annotations):
 * <ul>
 *   <li>an unbuffered hand-off orders both sides each way ({@link #handOff});
 *   <li>a buffered channel keeps a clock per buffer slot: the k-th send and the k-th receive
 *       meet in slot k mod C, each taking in the slot's clock and leaving its own
 *       ({@link #slot}), so the k-th receive is before the (k+C)-th send completes;
 *   <li>a close writes the channel and releases it; a receive that sees the close acquires it;
 *       a send reads the channel ({@link #channelRead}), so a send racing with a close is a race;
 *   <li>locks, groups, once, semaphores, contexts and timers acquire and release their object.
 * </ul>
 */
public final class Sync {
    private Sync() {}

    /** Orders the code running now after every {@link #release} of {@code o}. */
    public static void acquire(Object o) {
        Actor a = Actors.current();
        if (a != null && o != null) {
            acquire(a, o);
        }
    }

    /** Orders every later {@link #acquire} of {@code o} after the code running now. */
    public static void release(Object o) {
        Actor a = Actors.current();
        if (a != null && o != null) {
            Shadow s = ShadowTable.of(o);
            synchronized (s) {
                a.releaseInto(s.sync());
            }
        }
    }

    static void acquire(Actor a, Object o) {
        Shadow s = ShadowTable.peek(o);
        if (s != null) {
            synchronized (s) {
                if (s.sync != null) {
                    a.acquire(s.sync);
                }
            }
        }
    }

    /** RWMutex.rUnlock: a reader's release, which only a writer acquires. */
    public static void releaseRead(Object rw) {
        Actor a = Actors.current();
        if (a != null) {
            Shadow s = ShadowTable.of(rw);
            synchronized (s) {
                if (s.readers == null) {
                    s.readers = new VectorClock();
                }
                a.releaseInto(s.readers);
            }
        }
    }

    /** RWMutex.lock: a writer is ordered after the last writer and every reader since. */
    public static void acquireWrite(Object rw) {
        Actor a = Actors.current();
        if (a != null) {
            Shadow s = ShadowTable.peek(rw);
            if (s != null) {
                synchronized (s) {
                    if (s.sync != null) {
                        a.acquire(s.sync);
                    }
                    if (s.readers != null) {
                        a.acquire(s.readers);
                    }
                }
            }
        }
    }

    /**
     * The value of a send meets slot {@code index} of a buffered channel of {@code capacity}, on
     * behalf of {@code waiter}'s actor if not null, else of timer {@code as} if not null (its
     * send), else of the code running now.
     */
    public static void slot(Object chan, int capacity, int index, Waiter waiter, Object as) {
        Actor a = actor(waiter, as);
        if (a == null) {
            return;
        }
        Shadow s = ShadowTable.of(chan);
        synchronized (s) {
            if (s.slots == null) {
                s.slots = new VectorClock[capacity];
            }
            VectorClock c = s.slots[index];
            if (c == null) {
                c = s.slots[index] = new VectorClock();
            }
            a.acquire(c);
            a.releaseStore(c);
        }
    }

    /**
     * An unbuffered send and receive meet: the sender (the code running now, or timer
     * {@code as}) and {@code waiter} each learn all the other knew.
     */
    public static void handOff(Waiter waiter, Object as) {
        Actor me = actor(null, as);
        Actor other = Actors.of(waiter);
        if (me == null || other == null) {
            return;
        }
        other.learn(me);
        me.learn(other);
        me.advance();
        other.advance();
    }

    private static Actor actor(Waiter waiter, Object as) {
        if (waiter != null) {
            return Actors.of(waiter);
        }
        if (as != null) {
            // A timer acts with what its start or reset released, in the slot no actor owns.
            Actor t = new Actor(Slots.TIMERS, 0, null);
            acquire(t, as);
            return t;
        }
        return Actors.current();
    }

    /** A close: a write of the channel, then a release that every receive seeing it acquires. */
    public static void close(Object chan) {
        Actor a = Actors.current();
        if (a == null) {
            return;
        }
        pseudoAccess(a, chan, true);
        Shadow s = ShadowTable.of(chan);
        synchronized (s) {
            if (s.closed == null) {
                s.closed = new VectorClock();
            }
            a.releaseInto(s.closed);
        }
    }

    /** A receive that found the channel closed and drained (or a waiter a close woke) acquires the close. */
    public static void closeSeen(Object chan, Waiter waiter) {
        Actor a = actor(waiter, null);
        if (a == null) {
            return;
        }
        Shadow s = ShadowTable.peek(chan);
        if (s != null) {
            synchronized (s) {
                if (s.closed != null) {
                    a.acquire(s.closed);
                }
            }
        }
    }

    /** A send reads the channel (Go's chansend does), so that it races with a close. */
    public static void channelRead(Object chan) {
        Actor a = Actors.current();
        if (a != null) {
            pseudoAccess(a, chan, false);
        }
    }

    /** WaitGroup.add from zero reads the group; its first waiter writes it (Go's misuse check). */
    public static void groupAccess(Object group, boolean write) {
        Actor a = Actors.current();
        if (a != null) {
            pseudoAccess(a, group, write);
        }
    }

    private static void pseudoAccess(Actor a, Object o, boolean write) {
        if (a.ignoring()) {
            return;
        }
        VarState v = ShadowTable.of(o).field(0);
        if (write) {
            v.write(a, Sites.NONE, o, -1);
        } else {
            v.read(a, Sites.NONE, o, -1);
        }
    }

    /** {@code Race.disable}: this goroutine's accesses are ignored until {@link #enable}. */
    public static void disable() {
        Actor a = Actors.current();
        if (a != null) {
            a.disabled++;
        }
    }

    public static void enable() {
        Actor a = Actors.current();
        if (a != null && a.disabled > 0) {
            a.disabled--;
        }
    }
}
