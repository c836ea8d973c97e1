package dev.weft.internal.sched;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;

/**
 * A goroutine's room for its selects, made at its first select and reused by every later one,
 * so that a select allocates nothing of its own, parked or not: the polling and locking orders,
 * the waiters it queues on its channels, the flag its cases are claimed by, the locks it parks
 * holding.
 *
 * <p>Why reuse is safe: a goroutine is in one select at a time (a case's {@code then} runs once
 * its select no longer reads any of this), and a select that parked returns only after it has
 * taken every one of its waiters off every channel's queue under that channel's lock; a waker
 * that claimed one (the flag's CAS) is done with it before it readies the goroutine, and one
 * whose CAS failed never touches it. So when a select starts, nobody else holds any of these.
 * Only the goroutine touches this object.
 */
public final class SelectScratch {
    private final G g;
    private int[] orders = new int[8];
    private Waiter[] waiters = new Waiter[0];
    private Lock[] locks = new Lock[4];
    private final AtomicBoolean done = new AtomicBoolean();

    SelectScratch(G g) {
        this.g = g;
    }

    /** At least {@code length} ints. */
    public int[] orders(int length) {
        if (orders.length < length) {
            orders = new int[Math.max(length, 2 * orders.length)];
        }
        return orders;
    }

    /** {@code n} waiters of this goroutine, ready to be reset for their cases. */
    public Waiter[] waiters(int n) {
        if (waiters.length < n) {
            Waiter[] grown = java.util.Arrays.copyOf(waiters, Math.max(n, 2 * waiters.length));
            for (int i = waiters.length; i < grown.length; i++) {
                grown[i] = new Waiter(g, null);
            }
            waiters = grown;
        }
        return waiters;
    }

    /** The flag a select's cases are claimed by, unclaimed. */
    public AtomicBoolean done() {
        done.set(false);
        return done;
    }

    /** Room for {@code n} locks, null from {@code n} on (a parked select's carrier skips nulls). */
    public Lock[] locks(int n) {
        if (locks.length < n) {
            locks = new Lock[Math.max(n, 2 * locks.length)];
        } else {
            java.util.Arrays.fill(locks, n, locks.length, null);
        }
        return locks;
    }
}
