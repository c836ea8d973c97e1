package dev.weft.internal.sched;

import dev.weft.internal.Tunables;
import dev.weft.internal.jfr.Recorder;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Deadlock accounting, Go's {@code checkdead}: tells when every goroutine is asleep for good,
 * so that each {@code Go.run} whose main goroutine waits fails with Go's
 * {@code all goroutines are asleep - deadlock!}.
 *
 * <p>The protocol. {@link #busy} counts what could still wake a goroutine: goroutines that are
 * runnable or running (not pinned ones: see below), pending timers, and plain threads blocked in a
 * weft operation. Every such thing is counted before it can be seen un-counted: a goroutine
 * is counted busy before it is queued, and a waker is itself busy (running, or a firing timer,
 * or a blocked plain thread's own operation) while it readies another, so the count reaches
 * zero only at a moment when nothing can run. Each change is one of the named events below;
 * nothing else touches the counters.
 *
 * <p>The counter only triggers the check; the verdict comes from a scan of every goroutine,
 * timer heap and blocked thread ({@link #allAsleep}), bracketed by a read of the transitions
 * count, which every event that can make a goroutine runnable bumps: if anything
 * was readied or started during the scan, the scan may have seen a mix of before and after,
 * and nothing is declared. The monitor also calls {@link #checkDead} now and then, for
 * verdicts that a plain thread's grace period ({@link #THREAD_GRACE_NANOS}) put off.
 *
 * <p>A goroutine pinned in a weft wait (its carrier blocked in place because a frame could not
 * unwind) is as asleep as a parked one: it counts as idle from its pinned park on and busy again
 * when it is readied ({@link #goroutineUnpinned}), and the scan takes PINNED for asleep. A
 * goroutine blocked in code weft cannot see (a JDK call) is RUNNING, and counts as busy.
 *
 * <p>A goroutine or plain thread waiting on a socket ({@code dev.weft.net}) is I/O awaited: the
 * peer may act at any time, as Go's netpoller keeps {@code checkdead} from firing while it has
 * waiters. It counts as busy, and in {@link #ioWaiters}, from before it parks until after it has
 * resumed ({@link #ioArmed}, {@link #ioDisarmed}, both called by the waiter itself).
 */
final class DeadlockDetector {
    /**
     * After a plain thread comes out of a blocking weft operation it is likely to act on what
     * it received (send a reply, close a channel) a moment later, outside any weft operation
     * where the scheduler cannot see it: no deadlock is declared within this much of that.
     */
    static final long THREAD_GRACE_NANOS = 100_000_000L;

    private final Scheduler sched;
    /**
     * Two counters in one word, so that an event that changes both (a goroutine readied: one
     * more busy, one more transition) is one atomic add, not two: the busy count in the low 32 bits, signed, and above it the transitions, bumped
     * whenever a goroutine becomes runnable (the scan's consistency check). Read through
     * {@link #busyOf} and {@link #transitionsOf}.
     */
    private final AtomicLong counts = new AtomicLong();
    private static final long TRANSITION = 1L << 32;
    /** Plain threads blocked in a weft operation (or sleeping in {@code Go.sleep}). */
    private final AtomicInteger threadsBlocked = new AtomicInteger();
    /** Timers taken out of a heap whose fire has not finished. */
    final AtomicInteger timersFiring = new AtomicInteger();
    /** Goroutines and plain threads waiting on a socket (between {@link #ioArmed} and {@link #ioDisarmed}). */
    private final AtomicInteger ioWaiters = new AtomicInteger();
    /** When a plain thread last came out of a blocking weft operation. */
    private volatile long threadActivity;
    /** Checks asked for and not yet made: nonzero while a check runs ({@link #checkDead}). */
    private final AtomicInteger requests = new AtomicInteger();
    /** Runs once a check has found every goroutine asleep, before it chooses runs: for tests ({@code DeadlockVerdictTest}); null otherwise. */
    volatile Runnable afterFirstLook;
    /** How many checks got as far as choosing runs ({@link Run#asleepInScan}); by the one thread checking. */
    private long scans;

    DeadlockDetector(Scheduler sched) {
        this.sched = sched;
    }

    // ---- events ----------------------------------------------------------------------------

    /**
     * A goroutine was created, or readied out of WAITING, and is about to be queued: it is busy
     * until it parks or ends. Counted before any carrier can run it, so a scan that sees it
     * park (or sees what it readies) also sees the count change.
     */
    void goroutineBusy() {
        counts.addAndGet(TRANSITION + 1);
    }

    /** A goroutine pinned in a weft wait was readied: it runs again on its carrier. */
    void goroutineUnpinned() {
        counts.addAndGet(TRANSITION + 1);
    }

    /** A goroutine committed its park (or its pinned park), or ended. */
    void goroutineIdle() {
        idle();
    }

    /** A timer became pending. */
    void timerArmed() {
        counts.addAndGet(TRANSITION + 1);
    }

    /**
     * Timers move from a retiring P's heap to a live one's ({@link TimerHeap#moveTo}); called
     * before and after the move. A scan that reads the live heap before they arrive and the
     * retiring one after they left would see none of them: the bump makes it discard itself.
     */
    void timersMoving() {
        counts.addAndGet(TRANSITION);
    }

    /** A pending timer was stopped, or has fired for the last time. */
    void timerDisarmed() {
        idle();
    }

    /**
     * A timer taken out of its heap to fire (counted in {@link #timersFiring} by the heap as it
     * takes it) has fired; {@code last} if it is no longer pending.
     */
    void timerFired(boolean last) {
        timersFiring.decrementAndGet();
        if (last) {
            idle();
        }
    }

    /** A plain thread started to wait inside a weft operation. */
    void threadBlocked() {
        counts.incrementAndGet();
        threadsBlocked.incrementAndGet();
    }

    /**
     * The plain thread came out of its wait. No check follows: the thread is running and may
     * act next; the monitor's periodic check catches a deadlock after its grace period.
     */
    void threadUnblocked() {
        threadActivity = System.nanoTime();
        threadsBlocked.decrementAndGet();
        counts.addAndGet(TRANSITION - 1);
    }

    /** A goroutine or plain thread is about to wait on a socket, still holding the lock it queued under. */
    void ioArmed() {
        counts.addAndGet(TRANSITION + 1);
        ioWaiters.incrementAndGet();
    }

    /** The socket waiter resumed (ready, timed out or closed): it runs, and counts as running from now on. */
    void ioDisarmed() {
        ioWaiters.decrementAndGet();
        idle();
    }

    private void idle() {
        if (busyOf(counts.decrementAndGet()) == 0) {
            checkDead();
        }
    }

    int busy() {
        return busyOf(counts.get());
    }

    private static int busyOf(long counts) {
        return (int) counts;
    }

    /** The high word, net of the borrow a negative busy count takes from it. */
    private static long transitionsOf(long counts) {
        return (counts - busyOf(counts)) >> 32;
    }

    // ---- verdict ---------------------------------------------------------------------------

    /**
     * Declares a deadlock to every run whose main goroutine waits, if nothing can wake anything.
     * One check runs at a time, and a check asked for while one runs is that one's to make
     * again: no thread ever waits for another's check. A carrier left waiting here while a
     * check scans a big program would look blocked in the JDK, and be given a spare carrier,
     * whose goroutine's park would then wait here too.
     */
    void checkDead() {
        if (!Tunables.deadlockDetection() || sched.runs.isEmpty()) {
            return;
        }
        if (System.nanoTime() - threadActivity < THREAD_GRACE_NANOS) {
            return;
        }
        if (requests.getAndIncrement() != 0) {
            return;
        }
        int n = 1;
        do {
            try {
                judge();
            } catch (Throwable t) {
                requests.addAndGet(-n); // the monitor's next check makes up for any request dropped with it
                throw t;
            }
        } while ((n = requests.addAndGet(-n)) != 0);
    }

    /** One check: the verdict, if every goroutine is asleep now. Only one thread at a time runs it. */
    private void judge() {
        long before = transitionsOf(counts.get());
        if (!allAsleep() || transitionsOf(counts.get()) != before) {
            return;
        }
        Runnable hook = afterFirstLook;
        if (hook != null) {
            hook.run();
        }
        // The runs to declare are chosen inside the bracket too, and a second look closes it: a
        // run started after the first look, whose main parked since, is seen changing the count.
        // Chosen after the bracket, it would be declared deadlocked while its main sleeps on a
        // timer the first look never saw.
        long scan = ++scans;
        boolean any = false;
        for (Run r : sched.runs) {
            if (!r.isFinished() && r.main != null && asleep(r.main.state())) {
                r.asleepInScan = scan;
                any = true;
            }
        }
        if (!any || !allAsleep() || transitionsOf(counts.get()) != before) {
            return;
        }
        String dump = null;
        for (Run r : sched.runs) {
            if (r.asleepInScan == scan) {
                if (dump == null) {
                    dump = dumpForVerdict();
                }
                r.deadlocked(dump);
            }
        }
    }

    /** The dump the verdict carries; a dump that cannot be taken (out of memory) does not stop the verdict. */
    private String dumpForVerdict() {
        try {
            String dump = Dump.all(sched);
            Recorder.deadlock(dump);
            return dump;
        } catch (Throwable t) {
            return "(the goroutine dump could not be taken: " + t + ")\n";
        }
    }

    /** Parked, or pinned in a weft wait: woken only by something weft sees. */
    private static boolean asleep(int state) {
        return state == G.WAITING || state == G.PINNED;
    }

    /**
     * No goroutine can run, no timer is pending, no I/O is awaited and no plain thread waits in
     * weft. Goroutine
     * states are read first: a goroutine that is running then could still add a timer, so one
     * seen asleep everywhere can no longer add one; timers are read heaps first, then those
     * firing (a timer is counted as firing before it leaves its heap). A socket waiter is
     * counted before it parks and until after it has resumed, so one seen asleep is still
     * counted in {@link #ioWaiters}.
     */
    private boolean allAsleep() {
        if (!sched.all.allMatch(g -> asleep(g.state()) || g.state() == G.DEAD)) {
            return false;
        }
        for (P p : sched.processors()) {
            if (p.timers.nextWhen() != Long.MAX_VALUE) {
                return false;
            }
        }
        return timersFiring.get() == 0 && threadsBlocked.get() == 0 && ioWaiters.get() == 0;
    }
}
