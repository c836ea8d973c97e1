package dev.weft;

import dev.weft.internal.cont.Sneaky;
import dev.weft.internal.race.RaceMode;
import dev.weft.internal.race.Sync;
import dev.weft.internal.sched.Parking;
import dev.weft.internal.sched.WaitQueue;
import dev.weft.internal.sched.WaitReason;
import dev.weft.internal.sched.Waiter;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's {@code sync.Once}: {@code f} runs at most once; callers that arrive while it runs wait
 * for it. If {@code f} throws, the exception reaches the caller that ran it, and the Once still
 * counts as done (Go: "if f panics, Do considers it to have returned").
 */
public final class Once {
    private final ReentrantLock state = new ReentrantLock();
    private final WaitQueue waiters = new WaitQueue();
    private volatile boolean done;
    private boolean running;

    @Suspendable
    public void run(SuspendableRunnable f) {
        if (done) {
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return;
        }
        state.lock();
        if (done) {
            state.unlock();
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return;
        }
        if (running) {
            Waiter w = Parking.waiter(null);
            waiters.enqueue(w);
            Parking.await(w, WaitReason.ONCE_DO, state);
            if (RaceMode.ENABLED) {
                Sync.acquire(this);
            }
            return;
        }
        running = true;
        state.unlock();
        try {
            f.run();
        } catch (Exception e) {
            throw Sneaky.rethrow(e);
        } finally {
            if (RaceMode.ENABLED) {
                Sync.release(this); // f is before every run that returns
            }
            state.lock();
            done = true;
            running = false;
            Waiter released = waiters.dequeueAll();
            state.unlock();
            Parking.wakeAll(released);
        }
    }
}
