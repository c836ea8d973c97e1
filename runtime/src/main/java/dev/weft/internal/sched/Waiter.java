package dev.weft.internal.sched;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A goroutine or plain thread waiting on a channel (Go's {@code sudog}): it sits in the
 * channel's send or receive queue and carries the value across.
 *
 * <p>Fields other than {@link #done} are written under the lock of the channel whose queue the
 * waiter is in, or by the waiter's owner before it enqueues or after it has been woken.
 * {@link #done} is the hand-off: the waker sets it (after {@code elem} and {@code success}),
 * the woken side reads it, so a plain thread's park loop ends exactly when the value is there.
 */
public final class Waiter {
    /** The waiting goroutine, or null for a plain thread. */
    public final G g;
    /** The waiting plain thread, or null for a goroutine. */
    public final Thread thread;

    /** The value to send, or the value received. */
    public Object elem;
    /** True when woken by a communication, false when by a close. */
    public boolean success;
    public volatile boolean done;

    public Waiter next;
    public Waiter prev;
    /** The channel whose queue holds this waiter. */
    public Object chan;
    /** For a select: claimed by the first channel that completes one of its cases. */
    public AtomicBoolean selectDone;
    public int caseIndex;
    /** A select's waiter that has been matched, so the select knows which case won. */
    public Waiter[] selectWinner;

    public Waiter(G g, Thread thread) {
        this.g = g;
        this.thread = thread;
    }

    /** Prepares a reused waiter for a new operation. */
    public Waiter reset(Object elem) {
        this.elem = elem;
        this.success = false;
        this.done = false;
        this.next = null;
        this.prev = null;
        this.chan = null;
        this.selectDone = null;
        this.caseIndex = 0;
        this.selectWinner = null;
        return this;
    }
}
