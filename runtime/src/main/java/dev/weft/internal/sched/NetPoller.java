package dev.weft.internal.sched;

/**
 * What the scheduler asks of the netpoller ({@code dev.weft.internal.net.Netpoll}), which hands
 * itself over when it starts ({@link Scheduler#netpollerStarted}): the scheduler knows nothing
 * of sockets. As in Go's {@code findrunnable}, a carrier that runs out of goroutines polls the
 * network before it steals or goes idle, so a goroutine whose socket is ready runs on the
 * carrier that found it, with no thread woken for it.
 */
public interface NetPoller {
    /**
     * Without blocking, readies the goroutines whose sockets are ready, into the calling
     * carrier's P; true if it readied any. Does nothing if nobody waits on a socket or another
     * thread is polling. Never throws.
     */
    boolean poll();

    /** Every P has gone idle: no carrier will poll soon, so the poller thread blocks in the selector. */
    void procsIdle();
}
