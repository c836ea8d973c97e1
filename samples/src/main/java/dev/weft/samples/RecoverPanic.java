package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.SuspendableRunnable;
import dev.weft.WaitGroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Recovering a panic at a goroutine boundary: a {@code try/catch} around the goroutine's body
 * is Go's {@code defer func() { if r := recover(); r != nil { ... } }()}.
 *
 * <pre>
 * func safeGo(wg *sync.WaitGroup, f func()) {
 *     wg.Add(1)
 *     go func() {
 *         defer wg.Done()
 *         defer func() {
 *             if r := recover(); r != nil { log.Println("recovered:", r) }
 *         }()
 *         f()
 *     }()
 * }
 * </pre>
 *
 * An exception that escapes a goroutine is a panic: weft prints Go's panic report and
 * {@code Go.run} throws {@code GoroutinePanicException}. Caught inside the goroutine, it is just
 * a value, and the program carries on. Prints:
 * <pre>
 * 100 / 4 = 25
 * 100 / 5 = 20
 * recovered: java.lang.ArithmeticException: / by zero
 * main carried on: 3 tasks, 1 recovered
 * </pre>
 */
public final class RecoverPanic {
    /** Runs {@code task} in a goroutine that recovers from whatever it throws. */
    static void safeGo(WaitGroup wg, Chan<String> log, SuspendableRunnable task) {
        wg.add(1);
        Go.go(() -> {
            try {
                task.run();
            } catch (Exception e) { // recover()
                log.send("recovered: " + e);
            } finally {
                wg.done();
            }
        });
    }

    public static void main(String[] args) {
        Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            Chan<String> log = Chan.make(3);
            for (int divisor : new int[] {4, 0, 5}) {
                safeGo(wg, log, () -> log.send("100 / " + divisor + " = " + (100 / divisor)));
            }
            wg.await();
            log.close();

            List<String> lines = new ArrayList<>();
            for (String line : log) {
                lines.add(line);
            }
            Collections.sort(lines);
            lines.forEach(System.out::println);
            long recovered = lines.stream().filter(l -> l.startsWith("recovered")).count();
            System.out.println("main carried on: " + lines.size() + " tasks, " + recovered + " recovered");
        });
    }
}
