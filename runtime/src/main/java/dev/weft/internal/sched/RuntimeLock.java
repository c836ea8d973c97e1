package dev.weft.internal.sched;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The lock of weft's own short critical sections (a channel's, Go's runtime {@code mutex}):
 * not reentrant and without an owner.
 *
 * <p>Why not a {@code ReentrantLock}: every lock and unlock of one writes and reads its owner
 * thread too, and on a hand-off between two carriers each of those is one more cache line
 * taken from the other core; a section guarded by this lock never re-enters it, and its holder
 * may release it from another frame than the one that took it (a goroutine parks holding it and
 * its carrier releases it), which an owner check would only get in the way of. A contender
 * does not spin beyond what {@code AbstractQueuedSynchronizer} does: measured on the worker
 * pool and buffered workloads, a spin of even a few pauses cost more than it saved.
 *
 * <p>State: 0 free, 1 held. Holding happens-before the next acquisition (AQS's volatile state).
 */
public final class RuntimeLock implements Lock {
    private final Sync sync = new Sync();

    private static final class Sync extends AbstractQueuedSynchronizer {
        @Override
        protected boolean tryAcquire(int ignored) {
            return getState() == 0 && compareAndSetState(0, 1);
        }

        @Override
        protected boolean tryRelease(int ignored) {
            if (getState() == 0) {
                throw new IllegalMonitorStateException("weft: release of a runtime lock that is not held");
            }
            setState(0);
            return true;
        }

        boolean compareAndSetStateFast() {
            return compareAndSetState(0, 1);
        }

        boolean isHeldNow() {
            return getState() != 0;
        }
    }

    @Override
    public void lock() {
        Sync s = sync;
        if (!s.compareAndSetStateFast()) {
            s.acquire(1);
        }
    }

    @Override
    public void unlock() {
        sync.release(1);
    }

    @Override
    public boolean tryLock() {
        return sync.tryAcquire(1);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        sync.acquireInterruptibly(1);
    }

    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        return sync.tryAcquireNanos(1, unit.toNanos(time));
    }

    /** Not supported: weft waits on its own queues, never on a lock's condition. */
    @Override
    public Condition newCondition() {
        throw new UnsupportedOperationException("weft: a runtime lock has no conditions");
    }

    /** Whether some thread holds it (racy: for assertions and dumps). */
    public boolean isLocked() {
        return sync.isHeldNow();
    }
}
