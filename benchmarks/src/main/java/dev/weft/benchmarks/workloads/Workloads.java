package dev.weft.benchmarks.workloads;

import dev.weft.Go;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs one whole-program workload on one peer in this JVM and prints its result as
 * machine-readable lines for {@code benchmarks/workloads.sh}:
 *
 * <pre>
 * RESULT workload=ping-pong peer=weft n=1000000 metric=ns/op median=212.4 runs=5 samples=210.1,212.4,...
 * INFO ...free text...
 * MEMORY workload=ping-pong peer=weft vmhwm=412345678
 * </pre>
 *
 * <p>Usage: {@code Workloads <workload> <peer> [--n N] [--warmup K] [--iterations K]
 * [--budget SECONDS] [--timeout SECONDS]}. Peers: {@code weft}, {@code virtual},
 * {@code platform}, {@code kotlin}; {@code benchmarks/go} is the Go peer, with the same options.
 * Each measured iteration runs the whole workload once, after {@code --warmup} unmeasured ones
 * and a full GC; the median of the measured iterations is reported. Iterations stop early
 * (never below three, never a warm-up below one) once {@code --budget} seconds have been spent,
 * so a slow peer still finishes. A wrong checksum fails the run (exit status 1); an iteration
 * that takes longer than {@code --timeout} seconds (default 120) prints {@code TIMEOUT}, then
 * the peer's dump on stderr, and exits with status 3.
 *
 * <p>The {@code parked} workload measures memory, not time: the growth of the process's
 * resident set ({@code VmRSS} in {@code /proc/self/status}) and of the used heap after a full GC,
 * both divided by the number of parked goroutines. Its warm-ups park a hundredth as many; the
 * resident set is taken from the first measured iteration only (see {@link #parked}).
 *
 * <p>Last, the {@code MEMORY} line gives the process's peak resident set ({@code VmHWM} of
 * {@code /proc/self/status}, in bytes; 0 where there is no /proc), warm-ups included
 * ({@code benchmarks/race.sh} compares it with and without race mode).
 */
public final class Workloads {
    private Workloads() {}

    enum Workload {
        SKYNET("skynet", 1_000_000, "ms"),
        SPAWN("spawn", 1_000_000, "ns/op"),
        PING_PONG("ping-pong", 1_000_000, "ns/op"),
        BUFFERED("buffered", 10_000_000, "ns/op"),
        PARKED("parked", 1_000_000, "B/goroutine"),
        WORKERPOOL("workerpool", 1_000_000, "ns/op"),
        PIPELINE("pipeline", 1_000_000, "ns/op"),
        COUNTERS("counters", 8_000_000, "ns/op"),
        FANIN("fanin", 1_000_000, "ns/op"),
        SELECT("select", 1_000_000, "ns/op"),
        MUTEX("mutex", 1_000_000, "ns/op"),
        WAITGROUP("waitgroup", 1_000_000, "ns/op"),
        CONTEXT("context", 100_000, "ns/op");

        final String id;
        final int defaultN;
        final String unit;

        Workload(String id, int defaultN, String unit) {
            this.id = id;
            this.defaultN = defaultN;
            this.unit = unit;
        }

        static Workload of(String id) {
            for (Workload w : values()) {
                if (w.id.equals(id)) {
                    return w;
                }
            }
            throw new IllegalArgumentException("unknown workload " + id + "; one of "
                    + Arrays.toString(Arrays.stream(values()).map(w -> w.id).toArray()));
        }
    }

    static final int SKYNET_DIV = 10;
    static final int BUFFER = 128;
    static final int WORKERS = 8;
    static final int STAGES = 5;
    /** Each counters worker's share of the array ({@link Peer#counters}). */
    static final int SLICE = 1000;
    /** Senders on the one channel of {@link Peer#fanIn}. */
    static final int FANIN_PRODUCERS = 1000;
    /** Goroutines sharing the mutex of {@link Peer#mutex}. */
    static final int MUTEX_GOROUTINES = 100;
    /** Goroutines meeting at the barrier of {@link Peer#barrier}. */
    static final int BARRIER = 10_000;
    /** Fan-out of {@link Peer#contextTree}. */
    static final int CONTEXT_DIV = 10;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: Workloads <workload> <peer> [--n N] [--warmup K] [--iterations K]"
                    + " [--budget SECONDS] [--timeout SECONDS]");
            System.exit(2);
        }
        Workload workload = Workload.of(args[0]);
        String peerName = args[1];
        int n = workload.defaultN;
        int warmup = 2;
        int iterations = 5;
        double budgetSeconds = 20;
        double timeoutSeconds = 120;
        for (int i = 2; i < args.length; i += 2) {
            String value = args[i + 1];
            switch (args[i]) {
                case "--n": n = Integer.parseInt(value.replace("_", "")); break;
                case "--warmup": warmup = Integer.parseInt(value); break;
                case "--iterations": iterations = Integer.parseInt(value); break;
                case "--budget": budgetSeconds = Double.parseDouble(value); break;
                case "--timeout": timeoutSeconds = Double.parseDouble(value); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Peer peer = peer(peerName);
        System.out.println("INFO java=" + System.getProperty("java.version") + " peer=" + peerName
                + " cpus=" + Runtime.getRuntime().availableProcessors()
                // weft's own setting (-Dweft.maxprocs, else GOMAXPROCS, else cpus), as Go's INFO line has it
                + (peer instanceof WeftPeer ? " GOMAXPROCS=" + Go.maxProcs() : "")
                + " maxHeap=" + Runtime.getRuntime().maxMemory() / (1 << 20) + "MiB");

        long budgetNanos = (long) (budgetSeconds * 1e9);
        Watchdog.start(workload.id, peerName, peer, (long) (timeoutSeconds * 1e9));
        if (workload == Workload.PARKED) {
            parked(peer, peerName, n, warmup, iterations, budgetNanos);
        } else {
            timed(workload, peer, peerName, n, warmup, iterations, budgetNanos);
        }
        System.out.println("MEMORY workload=" + workload.id + " peer=" + peerName + " vmhwm=" + statusBytes("VmHWM:"));
        System.out.flush();
        // Parked goroutines, carriers or executor threads that are not daemons must not keep us.
        System.exit(0);
    }

    static Peer peer(String name) throws Exception {
        switch (name) {
            case "weft": return new WeftPeer();
            case "virtual": return ThreadPeer.virtual();
            case "platform": return ThreadPeer.platform();
            case "kotlin":
                // by name: the Kotlin class is compiled after this one
                return (Peer) Class.forName("dev.weft.benchmarks.workloads.KotlinPeer")
                        .getDeclaredConstructor().newInstance();
            default: throw new IllegalArgumentException("unknown peer " + name + "; one of weft, virtual, platform, kotlin");
        }
    }

    /** Runs {@code workload} once and checks its answer; answers the operations it made. */
    static long runOnce(Workload workload, Peer peer, int n) throws Exception {
        Watchdog.iteration();
        long got;
        long want;
        long ops = n;
        switch (workload) {
            case SKYNET:
                got = peer.skynet(n, SKYNET_DIV);
                want = (long) n * (n - 1) / 2;
                break;
            case SPAWN:
                got = peer.spawn(n);
                want = n;
                break;
            case PING_PONG:
                got = peer.pingPong(n);
                want = (long) n * (n - 1) / 2;
                break;
            case BUFFERED:
                got = peer.buffered(n, BUFFER);
                want = (long) n * (n - 1) / 2;
                break;
            case WORKERPOOL:
                got = peer.workerPool(n, WORKERS, BUFFER);
                want = 0;
                for (int i = 0; i < n; i++) {
                    want += Peer.work(i);
                }
                break;
            case PIPELINE:
                got = peer.pipeline(n, STAGES);
                want = (long) n * (n + 1) / 2 + (long) n * (STAGES - 2);
                break;
            case COUNTERS:
                got = peer.counters(n, WORKERS, SLICE);
                want = 3L * n + (long) n * (SLICE - 1) / 2;
                break;
            case FANIN:
                got = peer.fanIn(n, FANIN_PRODUCERS);
                want = (long) n * (n - 1) / 2;
                break;
            case SELECT:
                got = peer.select(n);
                want = (long) n * (n - 1) / 2;
                break;
            case MUTEX:
                got = peer.mutex(n, MUTEX_GOROUTINES);
                want = n;
                break;
            case WAITGROUP:
                got = peer.barrier(n, BARRIER);
                want = n;
                break;
            case CONTEXT:
                got = peer.contextTree(n, CONTEXT_DIV);
                want = n;
                break;
            default:
                throw new AssertionError(workload);
        }
        if (got != want) {
            throw new IllegalStateException(workload.id + ": checksum " + got + ", expected " + want);
        }
        return ops;
    }

    static void timed(Workload workload, Peer peer, String peerName, int n, int warmup, int iterations,
                      long budgetNanos) throws Exception {
        if (workload == Workload.SKYNET && !isPowerOf(n, SKYNET_DIV)) {
            throw new IllegalArgumentException("skynet needs a power of " + SKYNET_DIV + ", not " + n);
        }
        if (workload == Workload.CONTEXT && !isPowerOf(n, CONTEXT_DIV)) {
            throw new IllegalArgumentException("context needs a power of " + CONTEXT_DIV + ", not " + n);
        }
        int unit = multipleOf(workload);
        if (n % unit != 0) {
            throw new IllegalArgumentException(workload.id + " needs a multiple of " + unit + ", not " + n);
        }
        long start = System.nanoTime();
        for (int i = 0; i < Math.max(1, warmup); i++) {
            if (i > 0 && System.nanoTime() - start > budgetNanos / 2) {
                break;
            }
            runOnce(workload, peer, n);
        }
        List<Double> samples = new ArrayList<>();
        long measureStart = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            if (i >= 3 && System.nanoTime() - measureStart > budgetNanos) {
                break;
            }
            fullGc();
            long t0 = System.nanoTime();
            long ops = runOnce(workload, peer, n);
            long elapsed = System.nanoTime() - t0;
            samples.add(workload.unit.equals("ms") ? elapsed / 1e6 : (double) elapsed / ops);
        }
        report(workload.id, peerName, n, workload.unit, samples);
    }

    static void parked(Peer peer, String peerName, int n, int warmup, int iterations, long budgetNanos) throws Exception {
        // Warm up at a hundredth of the size: enough to compile the code, too little to touch
        // the pages the measured park will need.
        int warmN = Math.max(1000, n / 100);
        long start = System.nanoTime();
        for (int i = 0; i < Math.max(1, warmup); i++) {
            if (i > 0 && System.nanoTime() - start > budgetNanos / 2) {
                break;
            }
            Watchdog.iteration();
            peer.parked(warmN).releaseAndAwait();
        }
        List<Double> rss = new ArrayList<>();
        List<Double> heap = new ArrayList<>();
        long measureStart = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            if (i >= 3 && System.nanoTime() - measureStart > budgetNanos) {
                break;
            }
            Watchdog.iteration();
            fullGc();
            long rss0 = rssBytes();
            long heap0 = usedHeapBytes();
            long t0 = System.nanoTime();
            Peer.Parked parked = peer.parked(n);
            long t1 = System.nanoTime();
            // the last few started goroutines may still be on their way into the receive
            Thread.sleep(200);
            fullGc();
            long rss1 = rssBytes();
            long heap1 = usedHeapBytes();
            long t2 = System.nanoTime();
            parked.releaseAndAwait();
            long t3 = System.nanoTime();
            System.out.println(String.format(Locale.ROOT, "INFO parked iteration %d: start %.0f ms, release %.0f ms,"
                    + " rss %+.1f MiB, heap %+.1f MiB", i, (t1 - t0) / 1e6, (t3 - t2) / 1e6,
                    (rss1 - rss0) / 1048576.0, (heap1 - heap0) / 1048576.0));
            // A process keeps the pages it has touched (the JVM does not give a grown heap back
            // promptly), so only the first full-size park in a process shows the resident set
            // growing by what the goroutines need; later ones reuse pages. Heap: every iteration.
            if (i == 0) {
                rss.add((double) (rss1 - rss0) / n);
            }
            heap.add((double) (heap1 - heap0) / n);
        }
        report("parked", peerName, n, "B/goroutine-rss", rss);
        report("parked", peerName, n, "B/goroutine-heap", heap);
    }

    static void report(String workload, String peer, int n, String metric, List<Double> samples) {
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = sorted.length;
        double median = m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
        StringBuilder s = new StringBuilder();
        for (double v : samples) {
            s.append(s.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.2f", v));
        }
        System.out.println(String.format(Locale.ROOT, "RESULT workload=%s peer=%s n=%d metric=%s median=%.2f runs=%d samples=%s",
                workload, peer, n, metric, median, m, s));
    }

    /**
     * Stops a hung run: an iteration (warm-up or measured) that outlives the timeout prints a
     * {@code TIMEOUT} line and the peer's dump (for weft, its goroutine dump: which goroutines
     * wait where), then exits, so the caller's table says which cell hung and why.
     */
    static final class Watchdog {
        private static volatile long iterationStart;

        static void start(String workload, String peer, Peer p, long timeoutNanos) {
            iterationStart = System.nanoTime();
            Thread t = new Thread(() -> {
                while (true) {
                    long left = iterationStart + timeoutNanos - System.nanoTime();
                    if (left <= 0) {
                        System.out.println("TIMEOUT workload=" + workload + " peer=" + peer
                                + " after=" + timeoutNanos / 1_000_000_000 + "s");
                        System.out.flush();
                        System.err.println(p.dump());
                        System.err.flush();
                        Runtime.getRuntime().halt(3);
                    }
                    try {
                        Thread.sleep(Math.max(1, Math.min(left / 1_000_000, 1000)));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "workloads-watchdog");
            t.setDaemon(true);
            t.start();
        }

        static void iteration() {
            iterationStart = System.nanoTime();
        }
    }

    /** What {@code n} must be a multiple of, so that every goroutine of the workload gets an equal share. */
    static int multipleOf(Workload workload) {
        switch (workload) {
            case COUNTERS: return WORKERS * SLICE;
            case FANIN: return FANIN_PRODUCERS;
            case SELECT: return 4;
            case MUTEX: return MUTEX_GOROUTINES;
            case WAITGROUP: return BARRIER;
            default: return 1;
        }
    }

    static boolean isPowerOf(int n, int base) {
        while (n > 1 && n % base == 0) {
            n /= base;
        }
        return n == 1;
    }

    /** Full collections until the used heap stops shrinking, so before and after compare live data. */
    static void fullGc() throws InterruptedException {
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20);
            long used = usedHeapBytes();
            if (used >= last - (64 << 10)) {
                break;
            }
            last = used;
        }
    }

    static long usedHeapBytes() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** {@code VmRSS} of {@code /proc/self/status}, in bytes (0 where there is no /proc). */
    static long rssBytes() throws IOException {
        return statusBytes("VmRSS:");
    }

    /** A size in kB of {@code /proc/self/status} ({@code VmRSS:}, {@code VmHWM:}), in bytes (0 where there is no /proc). */
    static long statusBytes(String key) throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }
}
