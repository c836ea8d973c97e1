package dev.weft.internal.sched;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A goroutine or plain thread waiting on a channel (Go's {@code sudog}): it sits in the
 * channel's send or receive queue and carries the value across.
 *
 * <p>Fields other than {@link #done} are written under the lock of the channel whose queue the
 * waiter is in, or by the waiter's owner before it enqueues or after it has been woken.
 * {@link #done} is the hand-off: the waker sets it (after {@code elem} and {@code success}),
 * the woken side reads it, so a plain thread's park loop ends exactly when the value is there.
 * For a goroutine the waker's store is a release only: the run queue the goroutine is readied
 * into publishes it, and the goroutine reads it only once a carrier took it from there.
 */
public final class Waiter {
    private static final AtomicIntegerFieldUpdater<Waiter> DONE = AtomicIntegerFieldUpdater.newUpdater(Waiter.class, "done");

    /** The waiting goroutine, or null for a plain thread. */
    public final G g;
    /** The waiting plain thread, or null for a goroutine. */
    public final Thread thread;

    /** The value to send, or the value received. */
    public Object elem;
    /** True when woken by a communication, false when by a close. */
    public boolean success;
    /** 1 once done; see the class comment. */
    private volatile int done;

    public Waiter next;
    public Waiter prev;
    /** The channel whose queue holds this waiter. */
    public Object chan;
    /**
     * For a select: claimed by the first channel that completes one of its cases; the select
     * tells which case won by which of its waiters is done.
     */
    public AtomicBoolean selectDone;

    public Waiter(G g, Thread thread) {
        this.g = g;
        this.thread = thread;
    }

    /** Whether the waker has completed this waiter. */
    public boolean done() {
        return done != 0;
    }

    /** The waker, for a goroutine's waiter: done, with release. */
    void markDone() {
        DONE.lazySet(this, 1);
    }

    /** The waker, for a plain thread's waiter: done, fenced before the unpark that follows. */
    void markDoneNow() {
        done = 1;
    }

    /** Prepares a reused waiter for a new operation. */
    public Waiter reset(Object elem) {
        this.elem = elem;
        this.success = false;
        DONE.lazySet(this, 0); // the owner's, published by the lock it is queued under
        this.next = null;
        this.prev = null;
        this.chan = null;
        this.selectDone = null;
        return this;
    }
}
