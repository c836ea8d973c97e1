package dev.weft;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM's main for {@link CarrierCapTest}, run with a small {@code weft.maxCarriers}:
 * more goroutines block in {@code Thread.sleep} than carriers may exist. Prints what the run
 * threw, then whether a later run works once every sleeper is back.
 */
final class CarrierCapScenarios {
    private CarrierCapScenarios() {}

    public static void main(String[] args) throws Exception {
        int sleepers = Integer.parseInt(args[0]);
        AtomicInteger back = new AtomicInteger();
        try {
            Go.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(sleepers);
                for (int i = 0; i < sleepers; i++) {
                    Go.go(() -> {
                        try {
                            Thread.sleep(2_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        back.incrementAndGet();
                        wg.done();
                    });
                }
                wg.await();
            });
            System.out.println("run: returned");
        } catch (IllegalStateException e) {
            System.out.println("run: " + e.getMessage());
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (back.get() < sleepers && System.nanoTime() < deadline) {
            Thread.sleep(10); // the sleepers come back (some only after others gave up their carriers)
        }
        System.out.println("later: " + Go.run(() -> {
            Go.sleep(Duration.ofMillis(1));
            return "ok";
        }));
    }
}
