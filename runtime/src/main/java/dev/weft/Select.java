package dev.weft;

import dev.weft.internal.cont.Sneaky;
import dev.weft.internal.sched.G;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

/**
 * Go's {@code select}: waits until one of several channel operations can proceed, performs it,
 * runs its {@code then} and answers the position of its case.
 *
 * <p>The algorithm is Go's {@code selectgo}: lock every channel involved, in a fixed order
 * (their creation order) so two selects never deadlock each other; poll the cases in a fresh
 * random order, so that among ready cases each is chosen uniformly; with none ready and a
 * default, take the default; otherwise queue a waiter on every channel, all sharing one
 * {@code selectDone} flag so that exactly one operation completes the select, and park holding
 * the locks (released once the goroutine is off its carrier). Woken, the select locks the
 * channels again and unlinks its losing waiters.
 */
public final class Select {
    private Select() {}

    /** A case of a select: made by {@link Chan#onRecv}, {@link Chan#onSend} or {@link #onDefault}. */
    public interface Case {
    }

    /** Makes the select non-blocking: taken when no other case is ready. */
    public static Case onDefault(SuspendableRunnable then) {
        return new DefaultCase(then);
    }

    /**
     * Blocks until one case can proceed (uniformly at random among the ready ones), performs it,
     * runs its {@code then} and answers its position in {@code cases}. With no cases at all it
     * blocks forever, as Go's {@code select {}}.
     *
     * @throws IllegalArgumentException if more than one case is a default
     * @throws ChannelClosedException   if the chosen case sends on a closed channel
     */
    @Suspendable
    public static int select(Case... cases) {
        int defaultAt = -1;
        int ops = 0;
        for (int i = 0; i < cases.length; i++) {
            Case c = cases[i];
            if (c == null) {
                throw new NullPointerException("select case " + i + " is null");
            }
            if (c instanceof DefaultCase) {
                if (defaultAt >= 0) {
                    throw new IllegalArgumentException("select: more than one default case (" + defaultAt + " and " + i + ")");
                }
                defaultAt = i;
            } else {
                ops++;
            }
        }
        if (ops == 0) {
            if (defaultAt >= 0) {
                run(((DefaultCase) cases[defaultAt]).then);
                return defaultAt;
            }
            blockForever();
        }
        int[] poll = pollOrder(cases, ops);
        Chan<?>[] order = lockOrder(cases);
        lockAll(order);

        for (int i : poll) {
            Case c = cases[i];
            if (c instanceof RecvCase<?> r) {
                Object v = r.ch.recvLocked();
                if (v != Chan.NOT_READY) {
                    unlockAllBut(order, r.ch);
                    r.deliver(v);
                    return i;
                }
            } else {
                SendCase<?> s = (SendCase<?>) c;
                int outcome = s.ch.sendLocked(s.value);
                if (outcome != Chan.MUST_WAIT) {
                    unlockAllBut(order, s.ch);
                    if (outcome == Chan.CLOSED) {
                        throw new ChannelClosedException("send on closed channel");
                    }
                    run(s.then);
                    return i;
                }
            }
        }
        if (defaultAt >= 0) {
            unlockAllBut(order, null);
            run(((DefaultCase) cases[defaultAt]).then);
            return defaultAt;
        }

        G g = G.current();
        Thread thread = g == null ? Thread.currentThread() : null;
        AtomicBoolean done = new AtomicBoolean();
        Waiter[] waiters = new Waiter[cases.length];
        for (int i : poll) {
            Case c = cases[i];
            Waiter w = new Waiter(g, thread);
            w.selectDone = done;
            w.caseIndex = i;
            waiters[i] = w;
            if (c instanceof RecvCase<?> r) {
                w.chan = r.ch;
                r.ch.recvq.enqueue(w);
            } else {
                SendCase<?> s = (SendCase<?>) c;
                w.elem = s.value;
                w.chan = s.ch;
                s.ch.sendq.enqueue(w);
            }
        }
        Lock[] locks = new Lock[order.length];
        for (int i = 0; i < order.length; i++) {
            locks[i] = order[i].lock;
        }
        Parking.awaitAny(g, WaitReason.SELECT, waiters, locks);

        Waiter won = null;
        for (Waiter w : waiters) {
            if (w != null && w.done) {
                won = w;
                break;
            }
        }
        lockAll(order);
        for (int i : poll) {
            Waiter w = waiters[i];
            if (w != won) {
                Chan<?> ch = (Chan<?>) w.chan;
                (cases[i] instanceof RecvCase ? ch.recvq : ch.sendq).remove(w);
            }
        }
        unlockAllBut(order, null);
        if (won == null) {
            throw new IllegalStateException("weft: select woken without a completed case");
        }
        int i = won.caseIndex;
        if (cases[i] instanceof RecvCase<?> r) {
            r.deliver(won.success ? won.elem : null);
        } else {
            if (!won.success) {
                throw new ChannelClosedException("send on closed channel");
            }
            run(((SendCase<?>) cases[i]).then);
        }
        return i;
    }

    @Suspendable
    private static void blockForever() {
        Parking.awaitForever(WaitReason.SELECT_NO_CASES);
    }

    private static int[] pollOrder(Case[] cases, int ops) {
        int[] order = new int[ops];
        int n = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < cases.length; i++) {
            if (!(cases[i] instanceof DefaultCase)) {
                int j = rnd.nextInt(n + 1);
                order[n++] = order[j];
                order[j] = i;
            }
        }
        return order;
    }

    private static Chan<?>[] lockOrder(Case[] cases) {
        Chan<?>[] chans = new Chan<?>[cases.length];
        int n = 0;
        for (Case c : cases) {
            Chan<?> ch = c instanceof RecvCase<?> r ? r.ch : c instanceof SendCase<?> s ? s.ch : null;
            if (ch != null) {
                chans[n++] = ch;
            }
        }
        Chan<?>[] sorted = Arrays.copyOf(chans, n);
        Arrays.sort(sorted, Comparator.comparingLong(ch -> ch.id));
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (distinct == 0 || sorted[distinct - 1] != sorted[i]) {
                sorted[distinct++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, distinct);
    }

    private static void lockAll(Chan<?>[] order) {
        for (Chan<?> ch : order) {
            ch.lock.lock();
        }
    }

    /** Unlocks every channel but {@code done}, whose operation already released its lock. */
    private static void unlockAllBut(Chan<?>[] order, Chan<?> done) {
        for (int i = order.length - 1; i >= 0; i--) {
            if (order[i] != done) {
                order[i].lock.unlock();
            }
        }
    }

    @Suspendable
    static void run(SuspendableRunnable then) {
        if (then == null) {
            return;
        }
        try {
            then.run();
        } catch (Exception e) {
            throw Sneaky.rethrow(e);
        }
    }

    static final class RecvCase<T> implements Case {
        final Chan<T> ch;
        final SuspendableConsumer<T> then;

        RecvCase(Chan<T> ch, SuspendableConsumer<T> then) {
            this.ch = ch;
            this.then = then;
        }

        @Suspendable
        @SuppressWarnings("unchecked")
        void deliver(Object value) {
            if (then == null) {
                return;
            }
            try {
                then.accept((T) value);
            } catch (Exception e) {
                throw Sneaky.rethrow(e);
            }
        }
    }

    static final class SendCase<T> implements Case {
        final Chan<T> ch;
        final T value;
        final SuspendableRunnable then;

        SendCase(Chan<T> ch, T value, SuspendableRunnable then) {
            this.ch = ch;
            this.value = value;
            this.then = then;
        }
    }

    static final class DefaultCase implements Case {
        final SuspendableRunnable then;

        DefaultCase(SuspendableRunnable then) {
            this.then = then;
        }
    }
}
