package dev.weft;

import java.util.ArrayList;
import java.util.List;

/**
 * Goroutines that exhaust the heap, run by {@link FaultsTest} in a JVM of its own with a small
 * {@code -Xmx}. Each scenario prints what happened, then proves the runtime still works with
 * a ping-pong; a hang fails the test by its timeout.
 *
 * <p>Each leak is held by the goroutine's body (a list its lambda captured), so the memory
 * stays taken until the goroutine is gone: the runtime's own work after the failure (ending
 * the goroutine, reporting the panic, failing the run) happens with the heap still full.
 */
final class OutOfMemoryScenarios {
    private OutOfMemoryScenarios() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "one" -> report(() -> Go.run(() -> {
                startLeak(null);
                Chan.make().recv(); // main waits; the panic ends the run
            }));
            case "storm" -> {
                WaitGroup ended = new WaitGroup();
                report(() -> Go.run(() -> {
                    for (int i = 0; i < 16; i++) {
                        ended.add(1);
                        startLeak(ended);
                    }
                    ended.await();
                }));
                awaitEnd(ended);
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (Go.numGoroutine() > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                System.out.println(Go.numGoroutine() == 0 ? "every goroutine ended"
                        : Go.numGoroutine() + " goroutines left behind:\n" + Go.dump());
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
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

    /** Starts a goroutine that fills a list its body holds until the heap is full; {@code ended} is told when it dies. */
    private static void startLeak(WaitGroup ended) {
        List<long[]> hoard = new ArrayList<>();
        Go.go(() -> {
            try {
                while (true) {
                    hoard.add(new long[1 << 12]);
                    if (hoard.size() % 64 == 0) {
                        Go.yield(); // let the other leakers run too
                    }
                }
            } finally {
                if (ended != null) {
                    ended.done();
                }
            }
        });
    }

    /**
     * Waits for every leaker to die. The scenario's own thread may meet a full heap while the
     * last leakers still fill it; that is the scenario's allocation failing, not the runtime's.
     */
    private static void awaitEnd(WaitGroup ended) throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                ended.await();
                return;
            } catch (OutOfMemoryError e) {
                if (attempt == 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void report(Runnable run) {
        try {
            run.run();
            System.out.println("run ended without failing");
        } catch (GoroutinePanicException e) {
            System.out.println("run failed with GoroutinePanicException(" + e.getCause().getClass().getName() + ")");
        } catch (OutOfMemoryError e) {
            e.printStackTrace();
            throw e;
        }
        System.err.flush();
    }
}
