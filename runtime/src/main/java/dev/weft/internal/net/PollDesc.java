package dev.weft.internal.net;

import dev.weft.Suspendable;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.RuntimeTimer;
import dev.weft.internal.sched.ShortWaits;
import dev.weft.internal.sched.Timers;
import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.Waiter;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One socket's readiness state (Go's {@code pollDesc}): who waits to read and who waits to
 * write, the two deadlines, and whether it is closing. A read-side wait is a read or an accept,
 * a write-side wait a write or a connect, as in Go.
 *
 * <p>An operation first tries the non-blocking call; only if it would block does it call
 * {@link #await}, which parks until the socket is ready for that side (or closing, or past the
 * side's deadline), and then tries again. A wake may be spurious (another reader took the
 * bytes): callers loop.
 *
 * <p>Invariants, all under {@link #lock}:
 * <ul>
 *   <li>The key's interest is exactly the sides that have a waiter ({@link #updateInterest}).
 *       Readiness found between the failed try and the park is not lost: the selector is
 *       level-triggered, so once the interest is set the next select reports it.
 *   <li>A waiter is in a side's queue until it is woken, and only the one who takes it out
 *       wakes it, after unlocking (weft's wake-after-unlock rule): the poller when the side is
 *       ready, the side's deadline timer when it fires, a past deadline being set, or close.
 *   <li>{@link #state} is written only under the lock and read without it: an operation checks
 *       it before trying, and a woken waiter after resuming.
 *   <li>A deadline timer's arming ({@code seq}) changes only under the lock, which its fire
 *       takes: a fire for an arming since stopped or replaced does nothing.
 * </ul>
 * Lock order: this lock stands with the channel locks (HACKING.md's lock order, 4); a timer's
 * heap lock is taken under it when a deadline is set.
 */
final class PollDesc {
    static final int READ = 0;
    static final int WRITE = 1;

    private static final int CLOSING = 1;
    /** {@code EXPIRED << side}: that side's deadline has passed. */
    private static final int EXPIRED = 2;

    private final Netpoll poll;
    private final SelectionKey key;
    private final ReentrantLock lock = new ReentrantLock();
    private final WaitQueue[] waiters = {new WaitQueue(), new WaitQueue()};
    private final DeadlineTimer[] timers = new DeadlineTimer[2];
    /** The selection operation of each side: OP_READ or OP_ACCEPT, OP_WRITE or OP_CONNECT. Under the lock. */
    private final int[] ops = new int[2];
    /** The interest last set on the key. Under the lock. */
    private int interest;
    private volatile int state;

    PollDesc(Netpoll poll, SelectionKey key, int readOp, int writeOp) {
        this.poll = poll;
        this.key = key;
        this.ops[READ] = readOp;
        this.ops[WRITE] = writeOp;
        key.attach(this);
    }

    /** Changes the write side's operation (OP_CONNECT to OP_WRITE once connected); no waiter is parked. */
    void setWriteOp(int op) {
        lock.lock();
        ops[WRITE] = op;
        lock.unlock();
    }

    /** Throws if {@code side} may not be used now: closed, or past its deadline. */
    void check(int side) throws IOException {
        int s = state;
        if (s != 0) {
            checkSlow(s, side);
        }
    }

    private static void checkSlow(int s, int side) throws IOException {
        if ((s & CLOSING) != 0) {
            throw new ClosedChannelException();
        }
        if ((s & (EXPIRED << side)) != 0) {
            throw new SocketTimeoutException((side == READ ? "read" : "write") + " deadline exceeded");
        }
    }

    /**
     * Parks until {@code side} may be ready: throws if it is closed or past its deadline, before
     * parking or on waking. Returns with nothing queued; the caller tries its operation again.
     */
    @Suspendable
    void await(int side) throws IOException {
        lock.lock();
        int s = state;
        if (s != 0 && (s & (CLOSING | (EXPIRED << side))) != 0) {
            lock.unlock();
            checkSlow(s, side);
        }
        Waiter w = Parking.waiter(null);
        waiters[side].enqueue(w);
        boolean added = updateInterest();
        if (added) {
            poll.interestAdded(); // a wakeup only queues: safe under the lock
        }
        poll.waiterArrives();
        Parking.awaitIo(w, lock); // releases the lock once parked
        poll.waiterLeft();
        check(side);
    }

    /** The poller: the key is ready for {@code readyOps}. */
    void fired(int readyOps) {
        Waiter readers = null;
        Waiter writers = null;
        lock.lock();
        try {
            if ((readyOps & ops[READ]) != 0) {
                readers = waiters[READ].dequeueAll();
            }
            if ((readyOps & ops[WRITE]) != 0) {
                writers = waiters[WRITE].dequeueAll();
            }
            updateInterest();
        } finally {
            lock.unlock();
        }
        Parking.wakeAll(readers);
        Parking.wakeAll(writers);
    }

    /**
     * Under the lock: sets the key's interest to the sides that have a waiter; answers whether
     * that added an operation (the poller must then see it, {@link Netpoll#interestAdded}).
     */
    private boolean updateInterest() {
        int want = (waiters[READ].isEmpty() ? 0 : ops[READ]) | (waiters[WRITE].isEmpty() ? 0 : ops[WRITE]);
        if (want == interest || (state & CLOSING) != 0) {
            return false;
        }
        boolean added = (want & ~interest) != 0;
        interest = want;
        Object wait = ShortWaits.begin(); // the selector's update lock, held while it applies changes
        try {
            key.interestOps(want);
        } catch (CancelledKeyException e) {
            return false; // the channel was closed without close(): its waiters find it closed on retry
        } finally {
            ShortWaits.end(wait);
        }
        return added;
    }

    /**
     * Sets {@code side}'s deadline ({@code null}: none). One already past expires the side at
     * once, waking its waiters; a later one arms the side's timer. Either way a side that had
     * expired is usable again until the new deadline.
     */
    void setDeadline(int side, Instant t) {
        Waiter woken = null;
        lock.lock();
        try {
            if ((state & CLOSING) != 0) {
                return;
            }
            DeadlineTimer timer = timers[side];
            if (timer != null) {
                Timers.stop(timer); // also makes a fire in progress stale
            }
            state &= ~(EXPIRED << side);
            if (t != null) {
                long delay = nanosUntil(t);
                if (delay <= 0) {
                    woken = expireLocked(side);
                } else {
                    if (timer == null) {
                        timer = timers[side] = new DeadlineTimer(this, side);
                    }
                    Timers.start(timer, delay, 0);
                }
            }
        } finally {
            lock.unlock();
        }
        Parking.wakeAll(woken);
    }

    private static long nanosUntil(Instant t) {
        try {
            return Duration.between(Instant.now(), t).toNanos();
        } catch (ArithmeticException e) {
            return t.isBefore(Instant.now()) ? 0 : Long.MAX_VALUE / 4;
        }
    }

    /** Under the lock: marks {@code side} expired and takes its waiters, for waking after the unlock. */
    private Waiter expireLocked(int side) {
        state |= EXPIRED << side;
        Waiter all = waiters[side].dequeueAll();
        updateInterest();
        return all;
    }

    /**
     * Marks the socket closing and wakes every waiter (they throw {@code ClosedChannelException});
     * answers false if it already was. The caller then closes the channel.
     */
    boolean close() {
        Waiter readers;
        Waiter writers;
        lock.lock();
        try {
            if ((state & CLOSING) != 0) {
                return false;
            }
            state |= CLOSING;
            readers = waiters[READ].dequeueAll();
            writers = waiters[WRITE].dequeueAll();
            for (DeadlineTimer t : timers) {
                if (t != null) {
                    Timers.stop(t);
                }
            }
        } finally {
            lock.unlock();
        }
        Parking.wakeAll(readers);
        Parking.wakeAll(writers);
        return true;
    }

    /**
     * After {@link #close}: closes {@code ch}, this descriptor's channel (cancelling its key
     * takes the selector's cancel lock, a short wait), then lets the poller deregister the key,
     * which closes the file descriptor.
     */
    void closeChannel(Channel ch) throws IOException {
        Object wait = ShortWaits.begin();
        try {
            ch.close();
        } finally {
            ShortWaits.end(wait);
            poll.closed();
        }
    }

    /** A side's deadline: when it fires, the side expires and its waiters are woken. */
    private static final class DeadlineTimer extends RuntimeTimer {
        private final PollDesc pd;
        private final int side;

        DeadlineTimer(PollDesc pd, int side) {
            this.pd = pd;
            this.side = side;
        }

        @Override
        protected void fire(long now, long seq) {
            Waiter woken = null;
            pd.lock.lock();
            try {
                if (seq == seq() && (pd.state & CLOSING) == 0) {
                    woken = pd.expireLocked(side);
                }
                fired();
            } finally {
                pd.lock.unlock();
            }
            Parking.wakeAll(woken);
        }
    }
}
