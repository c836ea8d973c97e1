package dev.weft;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Goroutines that exhaust the heap, run by {@link FaultsTest} in a JVM of its own with a small
 * {@code -Xmx}. Each scenario prints what happened, then proves the runtime still works with
 * a ping-pong; a hang fails the test by its timeout.
 *
 * <p>Each leak is held by the goroutine's body (a list its lambda captured), so the memory
 * stays taken until the goroutine is gone: the runtime's own work after the failure (ending
 * the goroutine, reporting the panic, failing the run) happens with the heap still full. The
 * leakers start leaking together, once all are started, and say they ended through an atomic
 * counter: with the heap full any allocation may fail, a {@code WaitGroup.done} under
 * contention included, and the scenario must not hang on its own bookkeeping.
 */
final class OutOfMemoryScenarios {
    private OutOfMemoryScenarios() {}

    public static void main(String[] args) throws Exception {
        int leakers = switch (args[0]) {
            case "one" -> 1;
            case "storm" -> 16;
            default -> throw new IllegalArgumentException(args[0]);
        };
        AtomicInteger ended = new AtomicInteger();
        Chan<Void> release = Chan.make();
        SuspendableRunnable main = () -> {
            Chan<Void> start = Chan.make();
            for (int i = 0; i < leakers; i++) {
                startLeak(start, ended);
            }
            start.close();
            release.recv(); // main waits; the first panic ends the run
        };
        Throwable outcome = null;
        try {
            Go.run(main);
        } catch (Throwable t) {
            outcome = t; // kept, not printed: this thread may find the heap full too until the leakers are gone
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (ended.get() < leakers && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        release.close(); // the main goroutine, if it still waits, ends too
        while (Go.numGoroutine() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        System.out.println(describe(outcome));
        System.out.println(Go.numGoroutine() == 0 ? "every goroutine ended"
                : Go.numGoroutine() + " goroutines left behind (" + ended.get() + " leakers ended):\n" + Go.dump());
        int trips = Go.run(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (Integer v; (v = ping.recv()) != null; ) {
                    pong.send(v + 1);
                }
            });
            int n = 0;
            for (int i = 0; i < 1000; i++) {
                ping.send(i);
                n += pong.recv() == i + 1 ? 1 : 0;
            }
            ping.close();
            return n;
        });
        System.out.println("afterwards: " + trips + " round trips");
    }

    /**
     * Starts a goroutine that, once {@code start} is closed, fills a list its body holds until
     * the heap is full, and counts itself in {@code ended} when it dies.
     */
    private static void startLeak(Chan<Void> start, AtomicInteger ended) {
        List<long[]> hoard = new ArrayList<>();
        Go.go(() -> {
            try {
                start.recv();
                while (true) {
                    hoard.add(new long[1 << 12]);
                    if (hoard.size() % 64 == 0) {
                        Go.yield(); // let the other leakers run too
                    }
                }
            } finally {
                ended.incrementAndGet();
            }
        });
    }

    /**
     * How the run ended. With the heap full it fails either through a leaker's panic
     * ({@code GoroutinePanicException}) or, in the storm, through its main goroutine's own
     * {@code OutOfMemoryError} (it allocates to park, and its exception ends the run unchanged).
     */
    private static String describe(Throwable outcome) {
        if (outcome == null) {
            return "run ended without failing";
        }
        if (outcome instanceof GoroutinePanicException e) {
            return "run failed with GoroutinePanicException(" + e.getCause().getClass().getName() + ")";
        }
        return "run failed with its main goroutine's " + outcome.getClass().getName();
    }
}
