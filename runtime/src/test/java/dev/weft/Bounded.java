package dev.weft;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a body (typically a {@code Go.run} expected to end in a deadlock) on a thread of its
 * own and gives up after a bound, so a run that never ends fails its test quickly with a dump
 * instead of holding it until the class timeout.
 */
final class Bounded {
    private Bounded() {}

    /** What {@code body} returns or throws (unchanged); fails if it takes longer than {@code limit}. */
    static <T> T within(Duration limit, Callable<T> body) {
        FutureTask<T> task = new FutureTask<>(body);
        Thread t = new Thread(task, "bounded");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("did not end within " + limit + "; goroutines:\n" + Dumps.safeDump());
        } catch (ExecutionException e) {
            throw Bounded.<RuntimeException>sneaky(e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** {@code Go.run(main)} bounded by 10 s. */
    static void run(SuspendableRunnable main) {
        within(Duration.ofSeconds(10), () -> {
            Go.run(main);
            return null;
        });
    }
}
