package dev.weft;

import dev.weft.internal.cont.Sneaky;
import dev.weft.internal.sched.G;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.SelectScratch;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

/**
 * Go's {@code select}: waits until one of several channel operations can proceed, performs it,
 * runs its {@code then} and answers the position of its case.
 *
 * <p>A select reads as Go's without lambdas when its cases are objects: a {@link RecvCase}
 * keeps what it received, and the branches go in a {@code switch} on the answer, where they can
 * assign locals, {@code return} and {@code break} out of a loop. A case on a null channel
 * ({@link #onRecv(RecvChan)}, {@link #onSend(SendChan, Object)}) is never ready: Go's nil
 * channel, which turns a case off in place.
 *
 * <p>The algorithm is Go's {@code selectgo}: lock every channel involved, in a fixed order
 * (their creation order) so two selects never deadlock each other; poll the cases in a fresh
 * random order, so that among ready cases each is chosen uniformly; with none ready and a
 * default, take the default; otherwise queue a waiter on every channel, all sharing one
 * {@code selectDone} flag so that exactly one operation completes the select, and park holding
 * the locks (released once the goroutine is off its carrier). Woken, the select locks the
 * channels again and unlinks its losing waiters. Both orders live in one array, as Go's do,
 * which a goroutine reuses from one select to the next: a select that does not park allocates
 * nothing but its arguments.
 */
public final class Select {
    private Select() {}

    /**
     * A case of a select: made by {@link Chan#onRecv}, {@link Chan#onSend}, {@link #onRecv},
     * {@link #onSend} or {@link #onDefault}.
     */
    public interface Case {
    }

    /**
     * A receive case that keeps what it received. Once a select chose it, {@link #value} is the
     * value received (null if the channel was closed) and {@link #ok} is false exactly when the
     * channel was closed; until then both throw {@link IllegalStateException}. It may be used
     * again in the next select, which forgets the last value at its start: a loop over one
     * select reuses its case objects. Like an iterator, it belongs to one goroutine at a time.
     */
    public interface RecvCase<T> extends Case {
        /** @throws IllegalStateException if the last select did not choose this case */
        T value();

        /** @throws IllegalStateException if the last select did not choose this case */
        boolean ok();
    }

    /** A receive case on {@code ch}; a null channel's case is never ready (Go's nil channel). */
    public static <T> RecvCase<T> onRecv(RecvChan<T> ch) {
        return new Recv<>((Chan<T>) ch, null);
    }

    /**
     * A send case of {@code value} on {@code ch}; a null channel's case is never ready (Go's nil
     * channel), and its value may be null.
     *
     * @throws NullPointerException if {@code ch} is a channel and {@code value} is null
     */
    public static <T> Case onSend(SendChan<T> ch, T value) {
        return ch != null ? ch.onSend(value) : new SendCase<>(null, value, null);
    }

    /** Makes the select non-blocking: taken when no other case is ready. */
    public static Case onDefault(SuspendableRunnable then) {
        return new DefaultCase(then);
    }

    /**
     * Blocks until one case can proceed (uniformly at random among the ready ones), performs it,
     * runs its {@code then} and answers its position in {@code cases}. With no cases at all, or
     * only cases on null channels and no default, it blocks forever, as Go's {@code select {}}.
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
                continue;
            }
            if (c instanceof Recv<?> r) {
                r.forget();
            }
            if (chanOf(c) != null) {
                ops++;
            }
        }
        if (ops == 0) {
            if (defaultAt >= 0) {
                run(((DefaultCase) cases[defaultAt]).then);
                return defaultAt;
            }
            blockForever(cases.length == 0 ? WaitReason.SELECT_NO_CASES : WaitReason.SELECT);
        }
        // order[0, ops): the cases in polling order; order[ops, 2 ops): in locking order.
        G g = G.current();
        SelectScratch scratch = g != null ? g.selectScratch() : null;
        int[] order = orders(scratch, cases, ops);
        lockAll(cases, order, ops);

        for (int k = 0; k < ops; k++) {
            int i = order[k];
            Case c = cases[i];
            if (c instanceof Recv<?> r) {
                Object v = r.ch.recvLocked();
                if (v != Chan.NOT_READY) {
                    unlockAllBut(cases, order, ops, r.ch);
                    r.deliver(v);
                    return i;
                }
            } else {
                SendCase<?> s = (SendCase<?>) c;
                int outcome = s.ch.sendLocked(s.value);
                if (outcome != Chan.MUST_WAIT) {
                    unlockAllBut(cases, order, ops, s.ch);
                    if (outcome == Chan.CLOSED) {
                        throw new ChannelClosedException("send on closed channel");
                    }
                    run(s.then);
                    return i;
                }
            }
        }
        if (defaultAt >= 0) {
            unlockAllBut(cases, order, ops, null);
            run(((DefaultCase) cases[defaultAt]).then);
            return defaultAt;
        }

        // waiters[k] is the waiter of case order[k]; a goroutine's are its own, reused.
        AtomicBoolean done = scratch != null ? scratch.done() : new AtomicBoolean();
        Waiter[] waiters = scratch != null ? scratch.waiters(ops) : newWaiters(ops);
        for (int k = 0; k < ops; k++) {
            int i = order[k];
            Case c = cases[i];
            Waiter w = waiters[k].reset(null);
            w.selectDone = done;
            if (c instanceof Recv<?> r) {
                w.chan = r.ch;
                r.ch.recvq.enqueue(w);
            } else {
                SendCase<?> s = (SendCase<?>) c;
                w.elem = s.value;
                w.chan = s.ch;
                s.ch.sendq.enqueue(w);
            }
        }
        Parking.awaitAny(g, WaitReason.SELECT, waiters, locks(scratch, cases, order, ops));

        Waiter won = null;
        int wonAt = -1;
        for (int k = 0; k < ops; k++) {
            if (waiters[k].done()) {
                won = waiters[k];
                wonAt = k;
                break;
            }
        }
        lockAll(cases, order, ops);
        for (int k = 0; k < ops; k++) {
            int i = order[k];
            Waiter w = waiters[k];
            if (w != won) {
                Chan<?> ch = (Chan<?>) w.chan;
                (cases[i] instanceof Recv ? ch.recvq : ch.sendq).remove(w);
            }
        }
        unlockAllBut(cases, order, ops, null);
        if (won == null) {
            throw new IllegalStateException("weft: select woken without a completed case");
        }
        int i = order[wonAt];
        boolean success = won.success;
        Object elem = won.elem;
        for (int k = 0; k < ops; k++) {
            waiters[k].elem = null; // reused: keeps no value reachable
        }
        if (cases[i] instanceof Recv<?> r) {
            r.deliver(success ? elem : null);
        } else {
            if (!success) {
                throw new ChannelClosedException("send on closed channel");
            }
            run(((SendCase<?>) cases[i]).then);
        }
        return i;
    }

    @Suspendable
    private static void blockForever(WaitReason reason) {
        Parking.awaitForever(reason);
    }

    /** The channel of a receive or send case; null for a default or a nil channel's case. */
    private static Chan<?> chanOf(Case c) {
        return c instanceof Recv<?> r ? r.ch : c instanceof SendCase<?> s ? s.ch : null;
    }

    /**
     * The polling order (a uniform random permutation of the cases that have a channel) followed
     * by the locking order (the same cases sorted by channel id, heap-sorted as Go's are), in
     * the goroutine's reused array ({@code g} null: a plain thread's new one).
     */
    private static int[] orders(SelectScratch scratch, Case[] cases, int ops) {
        int[] order = scratch != null ? scratch.orders(2 * ops) : new int[2 * ops];
        int n = 0;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < cases.length; i++) {
            if (chanOf(cases[i]) != null) {
                int j = rnd.nextInt(n + 1);
                order[n++] = order[j];
                order[j] = i;
            }
        }
        for (int k = 0; k < ops; k++) {
            int i = order[k];
            long id = chanOf(cases[i]).id;
            int j = k;
            while (j > 0 && id > chanOf(cases[order[ops + (j - 1) / 2]]).id) {
                order[ops + j] = order[ops + (j - 1) / 2];
                j = (j - 1) / 2;
            }
            order[ops + j] = i;
        }
        for (int k = ops - 1; k > 0; k--) {
            int last = order[ops + k];
            long id = chanOf(cases[last]).id;
            order[ops + k] = order[ops];
            int j = 0;
            while (true) {
                int child = 2 * j + 1;
                if (child >= k) {
                    break;
                }
                if (child + 1 < k && chanOf(cases[order[ops + child]]).id < chanOf(cases[order[ops + child + 1]]).id) {
                    child++;
                }
                if (id >= chanOf(cases[order[ops + child]]).id) {
                    break;
                }
                order[ops + j] = order[ops + child];
                j = child;
            }
            order[ops + j] = last;
        }
        return order;
    }

    /** Locks each channel once, in locking order (a channel may be in several cases). */
    private static void lockAll(Case[] cases, int[] order, int ops) {
        Chan<?> previous = null;
        for (int k = ops; k < 2 * ops; k++) {
            Chan<?> ch = chanOf(cases[order[k]]);
            if (ch != previous) {
                ch.lock.lock();
                previous = ch;
            }
        }
    }

    /** Unlocks every channel but {@code done}, whose operation already released its lock. */
    private static void unlockAllBut(Case[] cases, int[] order, int ops, Chan<?> done) {
        Chan<?> previous = null;
        for (int k = 2 * ops - 1; k >= ops; k--) {
            Chan<?> ch = chanOf(cases[order[k]]);
            if (ch != previous) {
                if (ch != done) {
                    ch.lock.unlock();
                }
                previous = ch;
            }
        }
    }

    /** A plain thread's waiters for a select's {@code ops} cases. */
    private static Waiter[] newWaiters(int ops) {
        Waiter[] ws = new Waiter[ops];
        Thread thread = Thread.currentThread();
        for (int k = 0; k < ops; k++) {
            ws[k] = new Waiter(null, thread);
        }
        return ws;
    }

    /**
     * The channels' locks, each once, in locking order: what a parked select holds; in the
     * goroutine's reused array, null past them.
     */
    private static Lock[] locks(SelectScratch scratch, Case[] cases, int[] order, int ops) {
        Lock[] locks = scratch != null ? scratch.locks(ops) : new Lock[ops];
        int n = 0;
        Chan<?> previous = null;
        for (int k = ops; k < 2 * ops; k++) {
            Chan<?> ch = chanOf(cases[order[k]]);
            if (ch != previous) {
                locks[n++] = ch.lock;
                previous = ch;
            }
        }
        java.util.Arrays.fill(locks, n, ops, null);
        return locks;
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

    /**
     * A receive case: {@link Chan#onRecv(SuspendableConsumer)} (with a {@code then}) and
     * {@link Chan#onRecv()} or {@link #onRecv(RecvChan)} (without). {@code ch} is null for a
     * nil channel. {@code chosen} and {@code value} are the last select's outcome.
     */
    static final class Recv<T> implements RecvCase<T> {
        final Chan<T> ch;
        final SuspendableConsumer<T> then;
        private boolean chosen;
        private T value;

        Recv(Chan<T> ch, SuspendableConsumer<T> then) {
            this.ch = ch;
            this.then = then;
        }

        /** A select starts: whatever an earlier one received is no longer this case's answer. */
        void forget() {
            chosen = false;
            value = null;
        }

        @Suspendable
        @SuppressWarnings("unchecked")
        void deliver(Object v) {
            value = (T) v;
            chosen = true;
            if (then == null) {
                return;
            }
            try {
                then.accept(value);
            } catch (Exception e) {
                throw Sneaky.rethrow(e);
            }
        }

        @Override
        public T value() {
            requireChosen();
            return value;
        }

        @Override
        public boolean ok() {
            requireChosen();
            return value != null; // channels carry no nulls: null means closed
        }

        private void requireChosen() {
            if (!chosen) {
                throw new IllegalStateException("select: this receive case was not chosen by the last select it was in");
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
