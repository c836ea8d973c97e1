package dev.weft.internal.net;

import dev.weft.internal.race.Actors;
import dev.weft.internal.race.RaceMode;
import dev.weft.internal.sched.NetPoller;
import dev.weft.internal.sched.Panics;
import dev.weft.internal.sched.Scheduler;
import dev.weft.internal.sched.ShortWaits;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The netpoller (Go's {@code netpoll}): one java.nio {@link Selector} over every socket weft
 * waits on, started on first use. When a socket a goroutine waits on becomes ready, its
 * {@link PollDesc} wakes the waiter.
 *
 * <p>Who polls, as in Go. A carrier that runs out of goroutines polls without blocking
 * ({@link #poll}, from the scheduler's {@code findRunnable}): the goroutines it readies go into
 * its own P and run there, with no thread woken. While every P is idle nobody would, so the
 * poller thread, {@code weft-netpoll}, blocks in {@code select} for everyone, and what it readies
 * goes to the global queue and wakes a carrier. While carriers run, the thread only makes sure
 * the network is polled at least every {@link #STALE_NANOS} (as Go's sysmon does), for carriers
 * busy with goroutines that never run out. One thread at a time uses the selector
 * ({@link #owner}); whoever finds it taken skips its poll, since the owner is polling.
 *
 * <p>Invariants and protocol:
 * <ul>
 *   <li>A channel is registered once, with no interest, when it is created; its key's attachment
 *       is its {@code PollDesc}. Interest is set only by a {@code PollDesc}, under its lock, to
 *       exactly the operations that have a waiter, and cleared when they fire: the selector is
 *       level-triggered, so interest left set with no waiter would make every select return at
 *       once.
 *   <li>A new interest reaches the kernel only when the selector is next used, so whoever adds
 *       interest calls {@link #interestAdded}, which wakes the selector if the poller thread may
 *       be blocked in it ({@link #blocking}). The adder queues the change (under the selector's
 *       update lock) before it reads {@code blocking}; the thread writes {@code blocking} before
 *       it takes the update queue, so either the adder sees it set and wakes the selector, or the
 *       blocked select sees the change.
 *   <li>The poller thread sleeps only after it has said so ({@link #sleeping}) and looked again
 *       at what would wake it; whoever changes that (a first waiter, a close, the last P going
 *       idle) changes it before reading {@code sleeping}, and unparks it if set.
 *   <li>A closed channel's key is cancelled, and the JDK closes its file descriptor only when the
 *       selector next deregisters it: {@link #closed} uses the selector itself before it returns,
 *       so once a close returns the peer sees the end of stream and a listener's port is free.
 *   <li>Polling takes no lock but a {@code PollDesc}'s, briefly, and blocks only in the poller
 *       thread's {@code select}: a wake ({@code Scheduler.ready}) only queues the goroutine.
 * </ul>
 */
public final class Netpoll implements NetPoller, Runnable {
    /** The longest the network goes unpolled while carriers are busy (Go's sysmon: 10 ms). */
    static final long STALE_NANOS = 10_000_000L;
    /** How long the poller thread waits for a carrier's poll to end before it looks again: a poll is brief. */
    static final long OWNER_RETRY_NANOS = 20_000L;

    private static volatile Netpoll instance;

    private final Selector selector;
    private final Scheduler sched = Scheduler.get();
    /** Held by whoever uses the selector: a carrier's {@link #poll} or the poller thread. */
    private final AtomicBoolean owner = new AtomicBoolean();
    /** Goroutines and threads parked on a socket: with none, nobody polls. */
    private final AtomicInteger waiters = new AtomicInteger();
    /** True from before the poller thread enters a blocking {@code select} until after it returns. */
    private volatile boolean blocking;
    /** True while the poller thread is parked, or about to be (see the class comment). */
    private volatile boolean sleeping;
    private volatile long lastPoll = System.nanoTime();
    private volatile Thread thread;

    private Netpoll(Selector selector) {
        this.selector = selector;
    }

    /** The poller, started on first use. */
    static Netpoll get() throws IOException {
        Netpoll p = instance;
        return p != null ? p : start();
    }

    private static synchronized Netpoll start() throws IOException {
        if (instance == null) {
            Netpoll p = new Netpoll(Selector.open());
            Thread t = new Thread(p, "weft-netpoll");
            t.setDaemon(true);
            p.thread = t;
            t.start();
            p.sched.netpollerStarted(p);
            instance = p;
        }
        return instance;
    }

    /** Registers {@code ch}, switched to non-blocking mode, with no interest; answers its key. */
    SelectionKey register(SelectableChannel ch) throws IOException {
        Object wait = ShortWaits.begin(); // both take the channel's and the selector's locks
        try {
            ch.configureBlocking(false);
            return ch.register(selector, 0);
        } finally {
            ShortWaits.end(wait);
        }
    }

    /** A {@code PollDesc} set interest in an operation: wakes the selector if the poller thread may be blocked in it. */
    void interestAdded() {
        if (blocking) {
            selector.wakeup(); // the JDK coalesces wakeups until the next select
        }
    }

    /** Someone is about to park on a socket (after its {@code PollDesc} set the interest). */
    void waiterArrives() {
        if (waiters.getAndIncrement() == 0) {
            kick();
        }
    }

    /** A waiter that {@link #waiterArrives} counted has resumed. */
    void waiterLeft() {
        waiters.decrementAndGet();
    }

    /**
     * A registered channel was closed: deregisters its key, which closes its descriptor, by
     * using the selector once. Whoever holds it now lets go soon: a carrier's poll is brief,
     * and the poller thread's blocking select is woken.
     */
    void closed() {
        Object wait = ShortWaits.begin();
        try {
            while (!owner.compareAndSet(false, true)) {
                if (blocking) {
                    selector.wakeup();
                }
                Thread.onSpinWait();
            }
            try {
                pollNowOwned();
            } finally {
                owner.set(false);
            }
        } finally {
            ShortWaits.end(wait);
        }
    }

    @Override
    public void procsIdle() {
        if (wanted()) {
            kick();
        }
    }

    private boolean wanted() {
        return waiters.get() > 0;
    }

    private void kick() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public boolean poll() {
        if (!wanted() || !owner.compareAndSet(false, true)) {
            return false;
        }
        Object wait = ShortWaits.begin(); // the selector's update lock, shared with interest changes
        try {
            return pollNowOwned();
        } finally {
            ShortWaits.end(wait);
            owner.set(false);
        }
    }

    /** Holding {@link #owner}: polls without blocking; true if some socket was ready. */
    private boolean pollNowOwned() {
        lastPoll = System.nanoTime();
        try {
            return selector.selectNow(Netpoll::fired) > 0;
        } catch (Throwable t) {
            Panics.internalFault(t);
            return false;
        }
    }

    @Override
    public void run() {
        if (RaceMode.ENABLED) {
            Actors.unobserved();
        }
        while (true) {
            try {
                if (!wanted()) {
                    sleep(0);
                } else if (sched.allProcsIdle()) {
                    selectBlocking();
                } else {
                    long since = System.nanoTime() - lastPoll;
                    if (since >= STALE_NANOS) {
                        poll();
                        since = 0;
                    }
                    sleep(STALE_NANOS - since);
                }
            } catch (Throwable t) {
                Panics.internalFault(t); // the poller must go on: every socket waiter depends on it
            }
        }
    }

    /** Every P is idle: blocks in {@code select} until a socket is ready, for everyone. */
    private void selectBlocking() throws IOException {
        if (!owner.compareAndSet(false, true)) {
            LockSupport.parkNanos(this, OWNER_RETRY_NANOS); // a carrier is polling at this moment
            return;
        }
        try {
            blocking = true;
            if (sched.allProcsIdle() && waiters.get() > 0) { // a carrier that ran meanwhile polls for itself
                selector.select(Netpoll::fired);
            } else {
                selector.selectNow(Netpoll::fired);
            }
        } finally {
            blocking = false;
            lastPoll = System.nanoTime();
            owner.set(false);
        }
    }

    /** Parks the poller thread for {@code nanos} (0: until kicked); see the class comment. */
    private void sleep(long nanos) {
        sleeping = true;
        try {
            if (!wanted() || (!sched.allProcsIdle() && nanos > 0)) {
                if (nanos == 0) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, nanos);
                }
            }
        } finally {
            sleeping = false;
        }
        Thread.interrupted(); // nobody may stop the poller
    }

    private static void fired(SelectionKey key) {
        int ready;
        try {
            ready = key.readyOps();
        } catch (java.nio.channels.CancelledKeyException e) {
            return; // closed meanwhile: close has woken its waiters
        }
        ((PollDesc) key.attachment()).fired(ready);
    }
}
