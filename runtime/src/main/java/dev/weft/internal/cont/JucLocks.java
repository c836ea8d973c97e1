package dev.weft.internal.cont;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.StampedLock;

/**
 * What the calls that take and release {@code java.util.concurrent} locks become in rewritten
 * code (the instrumenter redirects them here, each to the method of the same name): the JDK's
 * call, and then a note in the running continuation's {@link HeldLocks} of what it now holds.
 * A lock held this way belongs to the carrier thread that took it, so while the continuation
 * holds one, every park pins: no other goroutine on that carrier can re-enter the lock, and the
 * unlock runs on the thread that locked.
 *
 * <p>Invariants. The JDK's call always runs first and unchanged, so its meaning, its exceptions
 * and its interrupt handling are the JDK's. Only what succeeded is noted: a {@code tryLock} that
 * answers false or a stamp of 0 takes nothing, and a call that throws (an unlock of a lock not
 * held, an interrupted {@code lockInterruptibly}) changes nothing. An optimistic read
 * ({@code tryOptimisticRead}) holds nothing and is never redirected; the {@code Lock} views of a
 * {@code StampedLock} ({@code asReadLock}, {@code asWriteLock}) are held through {@code Lock}'s
 * methods here. Outside a continuation (a rewritten method called on a plain thread) nothing is
 * noted. The methods that take a lock also get the call site that took it, as a stack-trace
 * element's text, for the pin warning.
 */
public final class JucLocks {
    private JucLocks() {}

    // ---- Lock: its implementations, the locks of a ReadWriteLock, a StampedLock's views -----

    public static void lock(Lock lock, String site) {
        lock.lock();
        took(lock, site);
    }

    public static void lockInterruptibly(Lock lock, String site) throws InterruptedException {
        lock.lockInterruptibly();
        took(lock, site);
    }

    public static boolean tryLock(Lock lock, String site) {
        boolean locked = lock.tryLock();
        if (locked) {
            took(lock, site);
        }
        return locked;
    }

    public static boolean tryLock(Lock lock, long time, TimeUnit unit, String site) throws InterruptedException {
        boolean locked = lock.tryLock(time, unit);
        if (locked) {
            took(lock, site);
        }
        return locked;
    }

    public static void unlock(Lock lock) {
        lock.unlock();
        released(lock);
    }

    // ---- StampedLock: a stamp that is not 0 is held, except an optimistic one ----------------

    public static long writeLock(StampedLock lock, String site) {
        return took(lock, lock.writeLock(), site);
    }

    public static long writeLockInterruptibly(StampedLock lock, String site) throws InterruptedException {
        return took(lock, lock.writeLockInterruptibly(), site);
    }

    public static long tryWriteLock(StampedLock lock, String site) {
        return took(lock, lock.tryWriteLock(), site);
    }

    public static long tryWriteLock(StampedLock lock, long time, TimeUnit unit, String site) throws InterruptedException {
        return took(lock, lock.tryWriteLock(time, unit), site);
    }

    public static long readLock(StampedLock lock, String site) {
        return took(lock, lock.readLock(), site);
    }

    public static long readLockInterruptibly(StampedLock lock, String site) throws InterruptedException {
        return took(lock, lock.readLockInterruptibly(), site);
    }

    public static long tryReadLock(StampedLock lock, String site) {
        return took(lock, lock.tryReadLock(), site);
    }

    public static long tryReadLock(StampedLock lock, long time, TimeUnit unit, String site) throws InterruptedException {
        return took(lock, lock.tryReadLock(time, unit), site);
    }

    public static void unlockWrite(StampedLock lock, long stamp) {
        lock.unlockWrite(stamp);
        released(lock);
    }

    public static void unlockRead(StampedLock lock, long stamp) {
        lock.unlockRead(stamp);
        released(lock);
    }

    public static void unlock(StampedLock lock, long stamp) {
        lock.unlock(stamp);
        released(lock);
    }

    public static boolean tryUnlockWrite(StampedLock lock) {
        boolean unlocked = lock.tryUnlockWrite();
        if (unlocked) {
            released(lock);
        }
        return unlocked;
    }

    public static boolean tryUnlockRead(StampedLock lock) {
        boolean unlocked = lock.tryUnlockRead();
        if (unlocked) {
            released(lock);
        }
        return unlocked;
    }

    /** Converting a held stamp keeps one hold; converting an optimistic one takes a hold. */
    public static long tryConvertToWriteLock(StampedLock lock, long stamp, String site) {
        long converted = lock.tryConvertToWriteLock(stamp);
        if (converted != 0 && !StampedLock.isLockStamp(stamp)) {
            took(lock, site);
        }
        return converted;
    }

    /** As {@link #tryConvertToWriteLock}. */
    public static long tryConvertToReadLock(StampedLock lock, long stamp, String site) {
        long converted = lock.tryConvertToReadLock(stamp);
        if (converted != 0 && !StampedLock.isLockStamp(stamp)) {
            took(lock, site);
        }
        return converted;
    }

    /** Converting a held stamp to an optimistic one releases it; an optimistic one stays so. */
    public static long tryConvertToOptimisticRead(StampedLock lock, long stamp) {
        long converted = lock.tryConvertToOptimisticRead(stamp);
        if (converted != 0 && StampedLock.isLockStamp(stamp)) {
            released(lock);
        }
        return converted;
    }

    // ---- the record ----------------------------------------------------------------------------

    private static long took(StampedLock lock, long stamp, String site) {
        if (stamp != 0) {
            took(lock, site);
        }
        return stamp;
    }

    private static void took(Object lock, String site) {
        FrameStack s = FrameStack.current();
        if (s != null) {
            ((Continuation) s).locks().add(lock, site);
        }
    }

    private static void released(Object lock) {
        FrameStack s = FrameStack.current();
        if (s != null && ((Continuation) s).locks != null) {
            ((Continuation) s).locks.remove(lock);
        }
    }
}
