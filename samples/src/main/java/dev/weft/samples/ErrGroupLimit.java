package dev.weft.samples;

import dev.weft.Context;
import dev.weft.ErrGroup;
import dev.weft.Go;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code errgroup} with a limit: 1,000 tasks, at most 8 running at once; one fails, and the
 * group's context tells the rest to stop.
 *
 * <pre>
 * g, ctx := errgroup.WithContext(context.Background())
 * g.SetLimit(8)
 * for i := 1; i &lt;= 1000; i++ {
 *     g.Go(func() error { ... })   // blocks while 8 tasks run
 * }
 * if err := g.Wait(); err != nil { fmt.Println("first error:", err) }
 * </pre>
 *
 * A task fails by throwing. The first failure cancels the group's context; tasks that start
 * later see it and return at once. How many ran to the end varies; the counts printed do not.
 * Prints:
 * <pre>
 * first error: task 500: checksum mismatch
 * 1000 tasks ran, never more than 8 at once: true
 * tasks after the failure stopped early on the canceled context: true
 * </pre>
 */
public final class ErrGroupLimit {
    public static void main(String[] args) {
        Go.run(() -> {
            ErrGroup g = ErrGroup.withContext(Context.background());
            g.setLimit(8);
            Context ctx = g.context();

            AtomicInteger running = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            AtomicInteger stoppedEarly = new AtomicInteger();
            for (int i = 1; i <= 1000; i++) {
                int task = i;
                g.go(() -> { // parks while 8 tasks run
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    try {
                        ran.incrementAndGet();
                        if (ctx.err() != null) {
                            stoppedEarly.incrementAndGet();
                            return; // someone failed: don't bother
                        }
                        Go.yield(); // the work
                        if (task == 500) {
                            throw new IOException("task 500: checksum mismatch");
                        }
                    } finally {
                        running.decrementAndGet();
                    }
                });
            }
            Throwable err = g.await();

            System.out.println("first error: " + err.getMessage());
            System.out.println(ran.get() + " tasks ran, never more than 8 at once: " + (mostAtOnce.get() <= 8));
            System.out.println("tasks after the failure stopped early on the canceled context: " + (stoppedEarly.get() > 0));
        });
    }
}
