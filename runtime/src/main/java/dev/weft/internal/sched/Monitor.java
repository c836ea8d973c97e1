package dev.weft.internal.sched;

import dev.weft.internal.race.Actors;
import dev.weft.internal.race.RaceMode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * The scheduler's monitor thread, Go's {@code sysmon}: it runs without a P and never runs
 * goroutines. Every tick it looks at each P:
 * <ul>
 *   <li>a goroutine that has run more than {@link #PREEMPT_NANOS} without its P scheduling
 *       anything else is asked to yield at its next loop back-edge;
 *   <li>a carrier blocked in code weft cannot see (a JDK call: thread state BLOCKED, WAITING or
 *       TIMED_WAITING on every look for {@link #BLOCK_CONFIRM_NANOS}, or RUNNABLE with no CPU
 *       progress for {@link #CPU_STALL_NANOS}, as in a socket read) loses its P to another
 *       carrier, as Go's sysmon retakes a P from a system call: on the first look that finds it
 *       blocked if goroutines or a due timer wait for that P; on the second if no other P is
 *       free; else after {@link #BLOCKED_IDLE_NANOS}. A wait that ends sooner is weft's own (a
 *       queue's or a channel's lock, contended for microseconds) or too short to be worth a
 *       carrier;
 *   <li>a goroutine still holding its P after {@link #RETAKE_NANOS} while work waits for it
 *       (un-rewritten code that never reaches a back-edge check) loses it too;
 *   <li>a P whose carrier thread has died goes to another carrier ({@link Scheduler#carrierDied});
 * </ul>
 * and it wakes a carrier for queued goroutines or overdue timers nobody is running, checks for a deadlock every
 * {@link #CHECK_DEAD_NANOS}, and lets idle spare carriers retire.
 *
 * <p>Its tick adapts as Go's does: {@link #BUSY_TICK_NANOS} while carriers block, so that a
 * burst of goroutines entering blocking calls gets a carrier each within a few ticks apiece
 * rather than at one P's pace; doubling up to {@link #IDLE_TICK_NANOS} while nothing blocks.
 *
 * <p>It survives every fault: a tick that throws (out of memory) is reported and the next tick
 * runs; an interrupt is ignored. {@code Go.run} callers restart it should it die anyway
 * ({@link Scheduler#ensureMonitor}).
 */
final class Monitor extends Thread {
    /** The pause between ticks while nothing blocks; Go's sysmon goes up to 10 ms. */
    static final long IDLE_TICK_NANOS = 1_000_000L;
    /** The pause between ticks while carriers block; Go's sysmon starts at 20 µs. */
    static final long BUSY_TICK_NANOS = 20_000L;
    static final long PREEMPT_NANOS = 10_000_000L;
    static final long RETAKE_NANOS = 20_000_000L;
    /**
     * A blocked carrier keeps its P this long when nothing waits for that P and another P is
     * free (Go's 10 ms for a system call): a short block then costs no hand-off.
     */
    static final long BLOCKED_IDLE_NANOS = 10_000_000L;
    /**
     * A carrier is taken for blocked in the JDK only once every look for this long found its
     * thread BLOCKED or WAITING with the same goroutine: a single look also catches the
     * microseconds a carrier waits for a lock of weft's own (the global queue's, a channel's,
     * the selector's), and a hand-off for each would start carriers by the hundred a second.
     */
    static final long BLOCK_CONFIRM_NANOS = 100_000L;
    /** A RUNNABLE carrier's CPU time is read at most this often, and only after it has held one goroutine this long. */
    static final long CPU_LOOK_NANOS = 1_000_000L;
    /**
     * A RUNNABLE carrier whose CPU time has not moved for this long is blocked, if a look at its
     * stack finds it in a native method (a socket read); in Java code it was only not given a core.
     */
    static final long CPU_STALL_NANOS = 5_000_000L;
    /** A spare carrier idle this long retires. */
    static final long RETIRE_IDLE_NANOS = 60_000_000_000L;
    /**
     * How often idle carriers are asked to check whether they are spares to retire: often
     * enough that a spare lives at most this much beyond {@link #RETIRE_IDLE_NANOS}.
     */
    static final long RETIRE_SWEEP_NANOS = RETIRE_IDLE_NANOS / 6;
    /** How often the deadlock check runs: it scans every goroutine, too dear for each tick. */
    static final long CHECK_DEAD_NANOS = 50_000_000L;

    /** A clock read every tick: cheap for what needs only coarse time (how long a goroutine has waited). */
    private static volatile long coarseNanos = System.nanoTime();

    private final Scheduler sched;
    /** Per P, by index: the schedTick last seen, and since when. */
    private long[] lastTick = new long[0];
    private long[] since = new long[0];
    /** Per P: looks in a row at the same goroutine that found its carrier blocked. */
    private int[] blockedLooks = new int[0];
    /** Per P: since when every look found the carrier's thread waiting (0: the last look did not). */
    private long[] waitingSince = new long[0];
    /** Per P: the carrier's CPU time at the last look at it, and when that was (0: not looked at). */
    private long[] cpu = new long[0];
    private long[] cpuAt = new long[0];
    /** Per P: the stall (its {@link #stalledSince}) found to be in native code, so not asked again. */
    private long[] nativeFor = new long[0];
    /** Per P: since when the carrier's CPU time has not moved (0: it moved at the last look). */
    private long[] stalledSince = new long[0];
    /** Per-thread CPU time, once a RUNNABLE carrier needs it; null until then or if unsupported. */
    private ThreadMXBean threads;
    private boolean threadsUnsupported;

    Monitor(Scheduler sched) {
        super("weft-monitor");
        this.sched = sched;
        setDaemon(true);
    }

    @Override
    public void run() {
        if (RaceMode.ENABLED) {
            Actors.unobserved();
        }
        long lastRetire = System.nanoTime();
        long lastDeadCheck = lastRetire;
        long pause = IDLE_TICK_NANOS;
        while (true) {
            try {
                LockSupport.parkNanos(this, pause);
                Thread.interrupted(); // nobody may stop the monitor: the scheduler needs it
                long now = System.nanoTime();
                coarseNanos = now;
                RuntimeMBeanRegistrar.poll(now); // dev.weft:type=Runtime, once a JMX client could see it
                boolean blocking = tick(now);
                pause = blocking ? BUSY_TICK_NANOS : Math.min(IDLE_TICK_NANOS, pause * 2);
                if (now - lastDeadCheck > CHECK_DEAD_NANOS) {
                    lastDeadCheck = now;
                    sched.checkIdle();
                }
                if (now - lastRetire > RETIRE_SWEEP_NANOS) {
                    lastRetire = now;
                    sched.procs.retireSpares();
                }
            } catch (Throwable t) {
                Panics.internalFault(t); // never throws
            }
        }
    }

    /** Looks at every P; true if some carrier was found blocked. */
    private boolean tick(long now) {
        P[] ps = sched.processors();
        if (ps.length != lastTick.length) {
            lastTick = Arrays.copyOf(lastTick, ps.length);
            since = Arrays.copyOf(since, ps.length);
            blockedLooks = Arrays.copyOf(blockedLooks, ps.length);
            cpu = Arrays.copyOf(cpu, ps.length);
            cpuAt = Arrays.copyOf(cpuAt, ps.length);
            stalledSince = Arrays.copyOf(stalledSince, ps.length);
            waitingSince = Arrays.copyOf(waitingSince, ps.length);
            nativeFor = Arrays.copyOf(nativeFor, ps.length);
        }
        boolean blocking = false;
        for (int i = 0; i < ps.length; i++) {
            blocking |= check(ps[i], i, now);
        }
        sched.procs.kick();
        return blocking;
    }

    /** System.nanoTime() as of the last tick (1 ms stale at most). */
    static long coarseNanos() {
        return coarseNanos;
    }

    /** Looks at one P; true if its carrier is blocked. */
    private boolean check(P p, int i, long now) {
        M m = p.owner.get();
        if (m != null && m.getState() == Thread.State.TERMINATED) {
            sched.carrierDied(p, m);
            return false;
        }
        G g = m == null ? null : m.g;
        long tick = p.schedTick;
        if (g == null || tick != lastTick[i]) {
            lastTick[i] = tick;
            since[i] = now;
            blockedLooks[i] = 0;
            cpuAt[i] = 0;
            stalledSince[i] = 0;
            waitingSince[i] = 0;
            return false;
        }
        long running = now - since[i];
        if (running > PREEMPT_NANOS) {
            g.requestPreempt();
        }
        if (m.shortWait) {
            blockedLooks[i] = 0; // a wait on weft's own lock: no spare carrier would get further
            waitingSince[i] = 0;
            return false;
        }
        boolean blocked = blocked(m, i, now);
        blockedLooks[i] = blocked ? blockedLooks[i] + 1 : 0;
        // Work waiting means queued goroutines, or a timer of this P that is due: nobody else
        // runs a held P's timers, so a sleeper behind code that never yields would wait for it.
        boolean work = p.hasWork() || p.timers.nextWhen() <= now;
        boolean retake;
        if (blockedLooks[i] >= 1 && work) {
            retake = true; // a carrier found blocked once with work queued behind it: a false alarm costs a spare at most
        } else if (blockedLooks[i] >= 2) {
            retake = sched.global.size() > 0 && sched.procs.npidle.get() == 0
                    || sched.procs.npidle.get() + sched.procs.nmspinning.get() == 0
                    || running > BLOCKED_IDLE_NANOS;
        } else {
            retake = running > RETAKE_NANOS && (work || sched.global.size() > 0);
        }
        if (retake) {
            sched.retake(p, m);
            since[i] = now;
            blockedLooks[i] = 0;
        }
        return blocked;
    }

    /**
     * Whether {@code m}, which has run one goroutine since the last look, is blocked in code
     * weft cannot see: waiting in the JDK on every look for {@link #BLOCK_CONFIRM_NANOS}, or
     * RUNNABLE in native code (a socket read) with no CPU progress for {@link #CPU_STALL_NANOS}.
     * A thread that is runnable but not given a core shows no progress either, briefly, on a
     * loaded machine: hence the longer evidence for that case.
     */
    private boolean blocked(M m, int i, long now) {
        Thread.State s = m.getState();
        if (s == Thread.State.BLOCKED || s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
            if (waitingSince[i] == 0) {
                waitingSince[i] = now;
            }
            return now - waitingSince[i] >= BLOCK_CONFIRM_NANOS;
        }
        waitingSince[i] = 0;
        if (s != Thread.State.RUNNABLE || now - since[i] < CPU_LOOK_NANOS) {
            return false;
        }
        if (now - cpuAt[i] < CPU_LOOK_NANOS) {
            return stalledSince[i] != 0 && now - stalledSince[i] >= CPU_STALL_NANOS;
        }
        long t = cpuTime(m);
        if (t < 0) {
            return false;
        }
        boolean stalled = cpuAt[i] != 0 && t == cpu[i];
        if (!stalled) {
            stalledSince[i] = 0;
        } else if (stalledSince[i] == 0) {
            stalledSince[i] = cpuAt[i];
        }
        cpu[i] = t;
        cpuAt[i] = now;
        if (!stalled || now - stalledSince[i] < CPU_STALL_NANOS) {
            return false;
        }
        if (nativeFor[i] != stalledSince[i]) {
            if (!inNativeCode(m)) {
                stalledSince[i] = 0; // runnable in Java code, only not given a core: no hand-off helps
                return false;
            }
            nativeFor[i] = stalledSince[i];
        }
        return true;
    }

    /**
     * Whether {@code m} is in a native method (a socket or file read): asked once per stall,
     * since it takes a thread dump of {@code m}.
     */
    private boolean inNativeCode(M m) {
        try {
            java.lang.management.ThreadInfo info = threads.getThreadInfo(m.getId(), 1);
            StackTraceElement[] top = info == null ? null : info.getStackTrace();
            return top != null && top.length > 0 && top[0].isNativeMethod();
        } catch (LinkageError | UnsupportedOperationException | SecurityException e) {
            return true; // cannot tell: as before, the stall alone decides
        }
    }

    /** {@code m}'s CPU time in nanoseconds, or -1 where the JVM cannot tell. */
    private long cpuTime(M m) {
        if (threadsUnsupported) {
            return -1;
        }
        try {
            if (threads == null) {
                ThreadMXBean bean = ManagementFactory.getThreadMXBean();
                if (!bean.isThreadCpuTimeSupported()) {
                    threadsUnsupported = true;
                    return -1;
                }
                if (!bean.isThreadCpuTimeEnabled()) {
                    bean.setThreadCpuTimeEnabled(true);
                }
                threads = bean;
            }
            return threads.getThreadCpuTime(m.getId());
        } catch (LinkageError | UnsupportedOperationException | SecurityException e) {
            threadsUnsupported = true; // a runtime image without java.management, or a manager that forbids it
            return -1;
        }
    }
}
