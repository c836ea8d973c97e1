package dev.weft.internal.net;

import dev.weft.internal.sched.Panics;
import dev.weft.internal.sched.ShortWaits;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The netpoller (Go's {@code netpoll}): one java.nio {@link Selector} over every socket weft
 * waits on, run by one daemon thread, {@code weft-netpoll}, started on first use. It blocks in
 * {@code select} and, when a socket a goroutine waits on becomes ready, hands it to the socket's
 * {@link PollDesc}, which wakes the waiter.
 *
 * <p>Invariants and protocol:
 * <ul>
 *   <li>A channel is registered once, with no interest, when it is created; its key's attachment
 *       is its {@code PollDesc}. Interest is set only by a {@code PollDesc}, under its lock, to
 *       exactly the operations that have a waiter, and cleared when they fire: the selector is
 *       level-triggered, so interest left set with no waiter would make every select return at
 *       once.
 *   <li>A new interest reaches the kernel only when the poller next enters {@code select}, so
 *       whoever adds interest calls {@link #interestAdded}, which wakes the selector if the poller
 *       may be blocked in it ({@link #polling}). The adder queues the change (under the
 *       selector's update lock) before it reads {@code polling}; the poller writes
 *       {@code polling} before it takes the update queue, so either the adder sees it set and
 *       wakes the selector, or the poller's select sees the change.
 *   <li>A closed channel's key is cancelled, and the JDK closes its file descriptor only when the
 *       selector next deregisters it: {@link #closed} wakes the poller for that, so the peer
 *       sees the end of stream and a listener's port is freed without delay.
 *   <li>The poller takes no lock but the {@code PollDesc}'s, briefly, and never blocks except in
 *       {@code select}: a wake ({@code Scheduler.ready}) only queues the goroutine.
 * </ul>
 *
 * <p>Unlike Go, whose carriers poll the network themselves when they run out of work, weft
 * polls on a thread of its own: the scheduler needs no change, and the one thread costs an
 * extra hand-off (the poller queues the goroutine, a carrier runs it) per readiness.
 */
public final class Netpoll implements Runnable {
    private static volatile Netpoll instance;

    private final Selector selector;
    /** True from before the poller enters {@code select} until after it returns (see the class comment). */
    private volatile boolean polling;

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
            t.start();
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

    /** A {@code PollDesc} set interest in an operation: wakes the selector if the poller may be blocked. */
    void interestAdded() {
        if (polling) {
            selector.wakeup(); // the JDK coalesces wakeups until the next select
        }
    }

    /** A registered channel was closed: its key must be deregistered for its descriptor to close. */
    void closed() {
        selector.wakeup();
    }

    @Override
    public void run() {
        while (true) {
            try {
                polling = true;
                selector.select(Netpoll::fired);
                polling = false;
            } catch (Throwable t) {
                polling = false;
                Panics.internalFault(t); // the poller must go on: every socket waiter depends on it
            }
        }
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
