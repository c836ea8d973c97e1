package dev.weft;

import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;
import dev.weft.internal.sched.RuntimeTimer;
import dev.weft.internal.sched.Scheduler;
import dev.weft.internal.sched.Timers;

import java.time.Duration;
import java.time.Instant;

/**
 * Go's {@code time.Timer}, with Go 1.23 semantics: its channel is unbuffered as far as anyone
 * can tell ({@code len} and {@code cap} are 0), and once {@link #stop} or {@link #reset} returns,
 * no value from before them can be received. A timer from {@code Time.afterFunc} has no channel
 * ({@link #c} is null) and starts a goroutine instead.
 *
 * <p>Stop, reset and firing are serialized by {@link #guard}: the channel's lock, or for an
 * afterFunc timer a lock of its own.
 */
public final class Timer {
    private final Chan<Instant> c;
    private final java.util.concurrent.locks.Lock guard;
    private final Fire timer;
    /** The ticking period in nanoseconds; 0 for a one-shot timer. Under {@link #guard}. */
    private long period;

    Timer(Chan<Instant> c, SuspendableRunnable f, long period) {
        this.c = c;
        this.guard = c != null ? c.lock : new dev.weft.internal.sched.RuntimeLock();
        this.timer = new Fire(this, f);
        this.period = period;
    }

    /** The channel the time is sent on when the timer fires; null for an afterFunc timer. */
    public Chan<Instant> c() {
        return c;
    }

    /**
     * Stops the timer. Answers true if this call stopped it before its value could be
     * received (it was pending, firing, or its value was still undelivered), false if it had
     * already fired and been received, or was stopped.
     */
    public boolean stop() {
        guard.lock();
        try {
            return stopLocked();
        } finally {
            guard.unlock();
        }
    }

    /**
     * Re-arms the timer to fire after {@code d}; answers what {@link #stop} would have.
     */
    public boolean reset(Duration d) {
        guard.lock();
        try {
            boolean was = stopLocked();
            if (RaceMode.ENABLED) {
                Sync.release(this); // the start or reset is before the timer fires
            }
            Timers.start(timer, nanos(d), period);
            return was;
        } finally {
            guard.unlock();
        }
    }

    void start(Duration d) {
        guard.lock();
        try {
            if (RaceMode.ENABLED) {
                Sync.release(this); // the start or reset is before the timer fires
            }
            Timers.start(timer, nanos(d), period);
        } finally {
            guard.unlock();
        }
    }

    /** A ticker's reset: a new period, first tick one period from now. */
    void resetPeriod(Duration d, long newPeriod) {
        guard.lock();
        try {
            stopLocked();
            period = newPeriod;
            if (RaceMode.ENABLED) {
                Sync.release(this); // the start or reset is before the timer fires
            }
            Timers.start(timer, nanos(d), period);
        } finally {
            guard.unlock();
        }
    }

    /** Guard held. */
    private boolean stopLocked() {
        boolean pending = timer.firingNow();
        pending |= Timers.stop(timer);
        if (c != null && c.lenRaw() > 0) {
            c.drainLocked();
            pending = true;
        }
        return pending;
    }

    static long nanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE / 4;
        }
    }

    /** Fires the timer: sends the time (dropping it if a value is still unreceived) or starts f. */
    private static final class Fire extends RuntimeTimer {
        private final Timer owner;
        private final SuspendableRunnable f;

        Fire(Timer owner, SuspendableRunnable f) {
            this.owner = owner;
            this.f = f;
        }

        @Override
        protected void fire(long now, long seq) {
            owner.guard.lock();
            if (seq != seq()) {
                fired();
                owner.guard.unlock();
                return;
            }
            fired();
            if (owner.c != null) {
                owner.c.timerSendLocked(Instant.now(), owner); // releases the guard (the channel's lock)
            } else {
                owner.guard.unlock();
                Scheduler.get().go(f, owner);
            }
        }
    }
}
