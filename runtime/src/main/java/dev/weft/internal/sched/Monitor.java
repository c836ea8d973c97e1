package dev.weft.internal.sched;

/**
 * The scheduler's monitor thread, Go's {@code sysmon}: it runs without a P and never runs
 * goroutines. Every tick ({@link #TICK_MILLIS}) it looks at each P:
 * <ul>
 *   <li>a goroutine that has run more than {@link #PREEMPT_NANOS} without its P scheduling
 *       anything else is asked to yield at its next loop back-edge;
 *   <li>if it still holds the P after {@link #RETAKE_NANOS} while other goroutines or a due timer
 *       of that P wait (it is in blocking or un-rewritten code that never reaches a back-edge
 *       check), its P is
 *       handed to another carrier: a spare carrier takes over, as Go retakes a P from a
 *       syscall;
 *   <li>a P whose carrier thread has died goes to another carrier ({@link Scheduler#carrierDied});
 * </ul>
 * and it wakes a carrier for overdue timers nobody is running, checks for a deadlock every
 * {@link #CHECK_IDLE_TICKS} ticks, and lets idle spare carriers retire.
 *
 * <p>It survives every fault: a tick that throws (out of memory) is reported and the next tick
 * runs; an interrupt is ignored. {@code Go.run} callers restart it should it die anyway
 * ({@link Scheduler#ensureMonitor}).
 */
final class Monitor extends Thread {
    /** Between ticks; Go's sysmon adapts between 20 µs and 10 ms, this one does not. */
    static final long TICK_MILLIS = 1;
    static final long PREEMPT_NANOS = 10_000_000L;
    static final long RETAKE_NANOS = 20_000_000L;
    /** A spare carrier idle this long retires. */
    static final long RETIRE_IDLE_NANOS = 60_000_000_000L;
    /**
     * How often idle carriers are asked to check whether they are spares to retire: often
     * enough that a spare lives at most this much beyond {@link #RETIRE_IDLE_NANOS}.
     */
    static final long RETIRE_SWEEP_NANOS = RETIRE_IDLE_NANOS / 6;
    /**
     * The deadlock check every this many ticks: it scans every goroutine, too dear for each
     * tick; it catches verdicts a plain thread's grace period put off.
     */
    static final int CHECK_IDLE_TICKS = 50;

    /** A clock read every tick: cheap for what needs only coarse time (how long a goroutine has waited). */
    private static volatile long coarseNanos = System.nanoTime();

    private final Scheduler sched;
    private long[] lastTick = new long[0];
    private long[] since = new long[0];

    Monitor(Scheduler sched) {
        super("weft-monitor");
        this.sched = sched;
        setDaemon(true);
    }

    @Override
    public void run() {
        long lastRetire = System.nanoTime();
        long ticks = 0;
        while (true) {
            try {
                Thread.sleep(TICK_MILLIS);
                long now = System.nanoTime();
                coarseNanos = now;
                tick(now, ++ticks);
                if (now - lastRetire > RETIRE_SWEEP_NANOS) {
                    lastRetire = now;
                    sched.procs.retireSpares();
                }
            } catch (InterruptedException e) {
                // nobody may stop the monitor: the scheduler needs it
            } catch (Throwable t) {
                Panics.internalFault(t); // never throws
            }
        }
    }

    private void tick(long now, long ticks) {
        P[] ps = sched.processors();
        if (ps.length != lastTick.length) {
            lastTick = java.util.Arrays.copyOf(lastTick, ps.length);
            since = java.util.Arrays.copyOf(since, ps.length);
        }
        for (int i = 0; i < ps.length; i++) {
            check(ps[i], i, now);
        }
        sched.procs.kickTimers(now);
        if (ticks % CHECK_IDLE_TICKS == 0) {
            sched.checkIdle();
        }
    }

    /** System.nanoTime() as of the last tick (1 ms stale at most). */
    static long coarseNanos() {
        return coarseNanos;
    }

    private void check(P p, int i, long now) {
        M m = p.owner.get();
        if (m != null && m.getState() == Thread.State.TERMINATED) {
            sched.carrierDied(p, m);
            return;
        }
        G g = m == null ? null : m.g;
        long tick = p.schedTick;
        if (g == null || tick != lastTick[i]) {
            lastTick[i] = tick;
            since[i] = now;
            return;
        }
        long running = now - since[i];
        if (running > PREEMPT_NANOS) {
            g.cont.requestPreempt();
        }
        // Work waiting means queued goroutines, or a timer of this P that is due: nobody else
        // runs a held P's timers, so a sleeper behind code that never yields would wait for it.
        if (running > RETAKE_NANOS && (p.hasWork() || sched.global.size() > 0 || p.timers.nextWhen() <= now)) {
            sched.retake(p, m);
            since[i] = now;
        }
    }
}
