package dev.weft;

import dev.weft.internal.cont.Continuation;
import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.RuntimeLock;
import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Go channel: goroutines (or plain threads) send values and receive them, in FIFO order.
 * Unbuffered ({@code make()}): a send and a receive meet. Buffered ({@code make(n)}): up to
 * {@code n} values wait in the buffer. Values are never null; {@code null} from a receive means
 * the channel is closed and drained.
 *
 * <p>The algorithm is Go's {@code chan.go}. Invariants, all under {@link #lock}:
 * <ul>
 *   <li>at most one of {@code sendq} and {@code recvq} holds waiters that can still complete;
 *   <li>a buffered channel has receivers waiting only when its buffer is empty, and senders
 *       waiting only when it is full;
 *   <li>a waiter is completed exactly once: the one who dequeues it sets its value and
 *       {@code success} and wakes it; a select's waiters are claimed together by CAS.
 * </ul>
 * A value handed to a waiting receiver skips the buffer, so it is never seen twice or lost.
 * A blocked operation parks its goroutine holding the lock; the lock is released only once the
 * goroutine is off its carrier, so a waker never sees it half-parked (see {@code G}). It parks
 * straight from {@code send} or {@code recv} ({@link Parking#parking}): one frame fewer to
 * unwind and re-enter on every switch.
 *
 * <p>A function that only receives takes a {@link RecvChan}, one that only sends a
 * {@link SendChan} (Go's {@code <-chan T} and {@code chan<- T}); a {@code Chan} is both.
 */
public final class Chan<T> implements RecvChan<T>, SendChan<T> {
    private static final AtomicLong IDS = new AtomicLong();

    /** Orders lock acquisition when a select locks several channels. */
    final long id = IDS.incrementAndGet();
    final RuntimeLock lock = new RuntimeLock();
    private final Object[] buf;
    private final int capacity;
    /** A timer's channel: buffered by one internally, but reports length and capacity 0 (Go 1.23). */
    private final boolean timer;
    private int qcount;
    private int sendx;
    private int recvx;
    private volatile boolean closed;
    final WaitQueue recvq = new WaitQueue();
    final WaitQueue sendq = new WaitQueue();

    private Chan(int capacity, boolean timer) {
        if (capacity < 0) {
            throw new IllegalArgumentException("makechan: size out of range: " + capacity);
        }
        this.capacity = capacity;
        this.buf = capacity == 0 ? null : new Object[capacity];
        this.timer = timer;
    }

    /** An unbuffered channel: a send waits for a receive and the other way round. */
    public static <T> Chan<T> make() {
        return new Chan<>(0, false);
    }

    /** A channel with a buffer of {@code capacity} values (0: unbuffered). */
    public static <T> Chan<T> make(int capacity) {
        return new Chan<>(capacity, false);
    }

    /** A timer's channel (internal): one buffered value, reported as unbuffered. */
    static <T> Chan<T> timerChannel() {
        return new Chan<>(1, true);
    }

    /**
     * Sends {@code value}, parking until a receiver takes it or there is room in the buffer.
     *
     * @throws NullPointerException   if {@code value} is null
     * @throws ChannelClosedException if the channel is closed, or is closed while this waits
     */
    @Suspendable
    @Override
    public void send(T value) {
        requireValue(value);
        lock.lock();
        int r = sendLocked(value);
        if (r == SENT) {
            return;
        }
        if (r == CLOSED) {
            throw new ChannelClosedException("send on closed channel");
        }
        if (RaceMode.ENABLED) {
            Sync.channelRead(this);
        }
        Waiter w = waiter(value);
        w.chan = this;
        sendq.enqueue(w);
        if (Parking.parking(w, WaitReason.CHAN_SEND, lock)) {
            do {
                Continuation.park();
            } while (Parking.mustParkAgain(w));
        }
        boolean sent = w.success;
        w.elem = null;
        if (!sent) {
            throw new ChannelClosedException("send on closed channel");
        }
    }

    /**
     * Receives a value, parking until one is sent or the channel is closed.
     *
     * @return the value, or null once the channel is closed and its buffer drained
     */
    @Suspendable
    @SuppressWarnings("unchecked")
    @Override
    public T recv() {
        lock.lock();
        Object r = recvLocked();
        if (r != NOT_READY) {
            return (T) r;
        }
        Waiter w = waiter(null);
        w.chan = this;
        recvq.enqueue(w);
        if (Parking.parking(w, WaitReason.CHAN_RECEIVE, lock)) {
            do {
                Continuation.park();
            } while (Parking.mustParkAgain(w));
        }
        T v = w.success ? (T) w.elem : null;
        w.elem = null;
        return v;
    }

    /**
     * Sends without ever parking.
     *
     * @return true if a receiver took the value or the buffer had room
     * @throws ChannelClosedException if the channel is closed
     */
    @Override
    public boolean trySend(T value) {
        requireValue(value);
        lock.lock();
        int r = sendLocked(value);
        if (r == CLOSED) {
            throw new ChannelClosedException("send on closed channel");
        }
        if (r == MUST_WAIT) {
            if (RaceMode.ENABLED) {
                Sync.channelRead(this);
            }
            lock.unlock();
            return false;
        }
        return true;
    }

    /** Receives without ever parking: a value, or null if none is ready (or closed and drained). */
    @SuppressWarnings("unchecked")
    @Override
    public T tryRecv() {
        lock.lock();
        Object r = recvLocked();
        if (r == NOT_READY) {
            lock.unlock();
            return null;
        }
        return (T) r;
    }

    /**
     * Closes the channel: receivers drain the buffer and then get null; waiting senders, and
     * every later send, throw {@link ChannelClosedException}.
     *
     * @throws ChannelClosedException if it is already closed
     */
    @Override
    public void close() {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new ChannelClosedException("close of closed channel");
        }
        if (RaceMode.ENABLED) {
            Sync.close(this);
        }
        closed = true;
        Waiter woken = null;
        for (Waiter w; (w = recvq.dequeue()) != null; ) {
            w.elem = null;
            w.success = false;
            w.next = woken;
            woken = w;
            if (RaceMode.ENABLED) {
                Sync.closeSeen(this, w);
            }
        }
        for (Waiter w; (w = sendq.dequeue()) != null; ) {
            w.success = false;
            w.next = woken;
            woken = w;
            if (RaceMode.ENABLED) {
                Sync.closeSeen(this, w);
            }
        }
        lock.unlock();
        Parking.wakeAll(woken);
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Values in the buffer (racy, as in Go: a snapshot). */
    @Override
    public int len() {
        return timer ? 0 : qcount;
    }

    @Override
    public int cap() {
        return timer ? 0 : capacity;
    }

    /** Values really in the buffer, a timer's channel included (for its stop and reset). */
    int lenRaw() {
        return qcount;
    }

    /** A {@code select} case that receives from this channel; {@code then} gets null if it is closed. */
    @Override
    public Select.Case onRecv(SuspendableConsumer<T> then) {
        return new Select.Recv<>(this, then);
    }

    /** A {@code select} case that keeps what it received: see {@link Select.RecvCase}. */
    @Override
    public Select.RecvCase<T> onRecv() {
        return new Select.Recv<>(this, null);
    }

    /** A {@code select} case that sends {@code value} on this channel, then runs {@code then}. */
    @Override
    public Select.Case onSend(T value, SuspendableRunnable then) {
        requireValue(value);
        return new Select.SendCase<>(this, value, then);
    }

    /** A {@code select} case that sends {@code value} on this channel, with nothing to run after. */
    @Override
    public Select.Case onSend(T value) {
        return onSend(value, null);
    }

    /**
     * Receives until the channel is closed and drained: {@code for (T v : ch)}. In rewritten
     * code the loop's {@code hasNext} and {@code next} are suspension points, so it parks.
     */
    @Override
    public Iterator<T> iterator() {
        return new ChanIterator<>(this);
    }

    // ---- the operations, with the lock held ----------------------------------------------

    /** {@link #sendLocked} outcomes. */
    static final int SENT = 0;
    static final int MUST_WAIT = 1;
    static final int CLOSED = 2;
    /** {@link #recvLocked}'s answer when a receive would have to wait. */
    static final Object NOT_READY = new Object();

    /**
     * Lock held. Sends to a waiting receiver or into the buffer and releases the lock
     * ({@code SENT}); finds the channel closed and releases the lock ({@code CLOSED}); or
     * answers {@code MUST_WAIT} with the lock still held.
     */
    int sendLocked(Object value) {
        return sendLocked(value, null);
    }

    /**
     * {@link #sendLocked(Object)} for timer {@code raceAs} when not null: in race mode the send
     * is ordered after the timer's start or reset rather than after the code running now.
     */
    private int sendLocked(Object value, Object raceAs) {
        if (closed) {
            if (RaceMode.ENABLED && raceAs == null) {
                Sync.channelRead(this);
            }
            lock.unlock();
            return CLOSED;
        }
        Waiter r = recvq.dequeue();
        if (r != null) {
            if (RaceMode.ENABLED) {
                raceSendToWaiter(r, raceAs);
            }
            r.elem = value;
            r.success = true;
            lock.unlock();
            Parking.wake(r);
            return SENT;
        }
        if (qcount < capacity) {
            if (RaceMode.ENABLED) {
                if (raceAs == null) {
                    Sync.channelRead(this);
                }
                Sync.slot(this, capacity, sendx, null, raceAs);
            }
            buf[sendx] = value;
            sendx = (sendx + 1) % capacity;
            qcount++;
            lock.unlock();
            return SENT;
        }
        return MUST_WAIT;
    }

    /**
     * Lock held. Receives from a waiting sender or the buffer, or finds the channel closed and
     * drained (null), releasing the lock; or answers {@link #NOT_READY} with the lock still held.
     */
    Object recvLocked() {
        Waiter s = sendq.dequeue();
        if (s != null) {
            if (RaceMode.ENABLED) {
                if (capacity == 0) {
                    Sync.handOff(s, null);
                } else {
                    Sync.slot(this, capacity, recvx, null, null);
                    Sync.slot(this, capacity, recvx, s, null);
                }
            }
            Object v;
            if (capacity == 0) {
                v = s.elem;
            } else {
                // Full buffer: take its head, and the sender's value goes to its tail.
                v = buf[recvx];
                buf[recvx] = s.elem;
                recvx = (recvx + 1) % capacity;
                sendx = recvx;
            }
            s.elem = null;
            s.success = true;
            lock.unlock();
            Parking.wake(s);
            return v;
        }
        if (qcount > 0) {
            if (RaceMode.ENABLED) {
                Sync.slot(this, capacity, recvx, null, null);
            }
            Object v = buf[recvx];
            buf[recvx] = null;
            recvx = (recvx + 1) % capacity;
            qcount--;
            lock.unlock();
            return v;
        }
        if (closed) {
            if (RaceMode.ENABLED) {
                Sync.closeSeen(this, null);
            }
            lock.unlock();
            return null;
        }
        return NOT_READY;
    }

    /** Lock held: a timer's channel drops a stale value on stop or reset (Go 1.23). */
    void drainLocked() {
        while (qcount > 0) {
            buf[recvx] = null;
            recvx = (recvx + 1) % capacity;
            qcount--;
        }
    }

    /**
     * Lock held: timer {@code timer} fires; it sends if a receiver waits or there is room, else
     * drops. Releases the lock.
     */
    void timerSendLocked(Object value, Object timer) {
        if (sendLocked(value, timer) == MUST_WAIT) {
            lock.unlock();
        }
    }

    /**
     * Race mode: a send completes a waiting receiver. Unbuffered, the two meet; buffered (the
     * buffer is empty), the value passes through the slot at the receive index, for the sender
     * and then the receiver, and both indices move on, as Go's chan.go does.
     */
    private void raceSendToWaiter(Waiter r, Object raceAs) {
        if (raceAs == null) {
            Sync.channelRead(this);
        }
        if (capacity == 0) {
            Sync.handOff(r, raceAs);
        } else {
            Sync.slot(this, capacity, recvx, null, raceAs);
            Sync.slot(this, capacity, recvx, r, null);
            recvx = (recvx + 1) % capacity;
            sendx = recvx;
        }
    }

    private static void requireValue(Object value) {
        if (value == null) {
            throw new NullPointerException("weft: a channel carries no nulls (null means closed)");
        }
    }

    private static Waiter waiter(Object elem) {
        return Parking.waiter(elem);
    }

    /**
     * {@code for (T v : ch)}: {@code hasNext} receives ahead and keeps the value for {@code next}.
     * Not thread-safe, as no iterator is.
     */
    private static final class ChanIterator<T> implements Iterator<T> {
        private final Chan<T> ch;
        private T ahead;
        private boolean ended;

        ChanIterator(Chan<T> ch) {
            this.ch = ch;
        }

        @Override
        @Suspendable
        public boolean hasNext() {
            if (ahead == null && !ended) {
                ahead = ch.recv();
                ended = ahead == null;
            }
            return ahead != null;
        }

        @Override
        @Suspendable
        public T next() {
            if (!hasNext()) {
                throw new NoSuchElementException("channel closed");
            }
            T v = ahead;
            ahead = null;
            return v;
        }
    }
}
