package dev.weft.samples;

import dev.weft.CancelableContext;
import dev.weft.Chan;
import dev.weft.Context;
import dev.weft.Go;
import dev.weft.WaitGroup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A context timeout cancels a whole tree of goroutines: each goroutine derives its children's
 * context from its own, so when the root's deadline passes every one of them is told.
 *
 * <pre>
 * ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
 * defer cancel()
 * go worker(ctx, "worker 1", 2)   // which starts its own helpers with context.WithCancel(ctx)
 * ...
 * &lt;-ctx.Done()                    // in every worker
 * fmt.Println(name, "stopped:", ctx.Err())
 * </pre>
 *
 * Three workers start two helpers each: nine goroutines, all waiting on {@code ctx.done()}. The
 * order they notice the deadline in varies, so their reports are sorted. Prints:
 * <pre>
 * 9 goroutines wait under a 50 ms deadline
 * worker 1 stopped: context deadline exceeded
 * worker 1.1 stopped: context deadline exceeded
 * worker 1.2 stopped: context deadline exceeded
 * worker 2 stopped: context deadline exceeded
 * worker 2.1 stopped: context deadline exceeded
 * worker 2.2 stopped: context deadline exceeded
 * worker 3 stopped: context deadline exceeded
 * worker 3.1 stopped: context deadline exceeded
 * worker 3.2 stopped: context deadline exceeded
 * main: context deadline exceeded, after at least 50 ms: true
 * </pre>
 */
public final class ContextTimeout {
    static final Duration TIMEOUT = Duration.ofMillis(50);

    /** Starts a goroutine that starts {@code helpers} children of its own, then waits for its context. */
    static void worker(Context parent, String name, int helpers, WaitGroup wg, Chan<String> reports) {
        wg.add(1);
        Go.go(() -> {
            try (CancelableContext ctx = Context.withCancel(parent)) { // defer cancel()
                for (int i = 1; i <= helpers; i++) {
                    worker(ctx, name + "." + i, 0, wg, reports);
                }
                ctx.done().recv(); // <-ctx.Done(): closed when the root's deadline passes
                reports.send(name + " stopped: " + ctx.err().getMessage());
            } finally {
                wg.done();
            }
        });
    }

    public static void main(String[] args) {
        Go.run(() -> {
            long start = System.nanoTime();
            try (CancelableContext ctx = Context.withTimeout(Context.background(), TIMEOUT)) {
                WaitGroup wg = new WaitGroup();
                Chan<String> reports = Chan.make(9);
                for (int w = 1; w <= 3; w++) {
                    worker(ctx, "worker " + w, 2, wg, reports);
                }
                System.out.println("9 goroutines wait under a " + TIMEOUT.toMillis() + " ms deadline");

                wg.await();
                reports.close();
                List<String> lines = new ArrayList<>();
                for (String line : reports) {
                    lines.add(line);
                }
                Collections.sort(lines);
                lines.forEach(System.out::println);

                long waited = System.nanoTime() - start;
                System.out.println("main: " + ctx.err().getMessage() + ", after at least "
                        + TIMEOUT.toMillis() + " ms: " + (waited >= TIMEOUT.toNanos()));
            }
        });
    }
}
