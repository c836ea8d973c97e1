package dev.weft.internal.sched;

/**
 * The scheduler's monitor thread, Go's {@code sysmon}: it runs without a P and never runs
 * goroutines. Every tick it looks at each P:
 * <ul>
 *   <li>a goroutine that has run more than {@link #PREEMPT_NANOS} without its P scheduling
 *       anything else is asked to yield at its next loop back-edge;
 *   <li>if it still holds the P after {@link #RETAKE_NANOS} while other goroutines wait (it is
 *       in blocking or un-rewritten code that never reaches a back-edge check), its P is
 *       handed to another carrier: a spare carrier takes over, as Go retakes a P from a
 *       syscall;
 * </ul>
 * and it wakes a carrier for overdue timers nobody is running, and lets idle spare carriers
 * retire. It sleeps 1 ms between ticks (Go adapts between 20 µs and 10 ms).
 */
final class Monitor extends Thread {
    static final long PREEMPT_NANOS = 10_000_000L;
    static final long RETAKE_NANOS = 20_000_000L;
    static final long RETIRE_IDLE_NANOS = 60_000_000_000L;

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
                Thread.sleep(1);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            coarseNanos = now;
            P[] ps = sched.processors();
            if (ps.length != lastTick.length) {
                lastTick = java.util.Arrays.copyOf(lastTick, ps.length);
                since = java.util.Arrays.copyOf(since, ps.length);
            }
            for (int i = 0; i < ps.length; i++) {
                check(ps[i], i, now);
            }
            sched.kickTimers(now);
            if (++ticks % 50 == 0) {
                sched.checkIdle(); // a scan of every goroutine: not every tick
            }
            if (now - lastRetire > RETIRE_IDLE_NANOS / 6) {
                lastRetire = now;
                sched.retireSpares();
            }
        }
    }

    /** System.nanoTime() as of the last tick (1 ms stale at most). */
    static long coarseNanos() {
        return coarseNanos;
    }

    private void check(P p, int i, long now) {
        M m = p.owner.get();
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
        if (running > RETAKE_NANOS && (p.hasWork() || sched.globalQueued() > 0)) {
            sched.retake(p, m);
            since[i] = now;
        }
    }
}
