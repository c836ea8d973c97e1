package dev.weft.samples;

import dev.weft.Go;
import dev.weft.WaitGroup;

/**
 * A data race, for race mode to find: Go by Example's counter without its mutex. Fifty
 * goroutines each add one to a shared count a thousand times; {@code ops++} is a read and a
 * write that nothing orders with the other goroutines', so increments are lost and the total is
 * rarely 50000. {@link MutexCounter} is the fix.
 *
 * <pre>
 * var ops int
 * for range 50 {
 *     wg.Add(1)
 *     go func() { for range 1000 { ops++ }; wg.Done() }()
 * }
 * wg.Wait()
 * </pre>
 *
 * Run it with {@code -javaagent:weft-agent.jar=race}: weft reports the race as Go's
 * {@code go run -race} does, once per pair of code sites, and exits with status 66:
 * <pre>
 * ==================
 * WARNING: DATA RACE
 * Read at dev.weft.samples.RacyCounter.ops (object 0x5e9f23b4) by goroutine 36:
 *   dev.weft.samples.RacyCounter.lambda$main$0()
 *       dev/weft/samples/RacyCounter.java:56
 *
 * Previous write at dev.weft.samples.RacyCounter.ops (object 0x5e9f23b4) by goroutine 2:
 *   dev.weft.samples.RacyCounter.lambda$main$0()
 *       dev/weft/samples/RacyCounter.java:56
 *
 * Goroutine 36 (running) created at:
 *   dev.weft.samples.RacyCounter.lambda$main$1()
 *       dev/weft/samples/RacyCounter.java:54
 *
 * Goroutine 2 (finished) created at:
 *   dev.weft.samples.RacyCounter.lambda$main$1()
 *       dev/weft/samples/RacyCounter.java:54
 * ==================
 * ...
 * Found 2 data race(s)
 * </pre>
 */
public final class RacyCounter {
    private int ops;

    public static void main(String[] args) {
        RacyCounter counter = new RacyCounter();
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 50; i++) {
                wg.go(() -> {
                    for (int c = 0; c < 1000; c++) {
                        counter.ops++;
                    }
                });
            }
            wg.await();
        });
        System.out.println("ops: " + counter.ops);
    }
}
