package dev.weft.net;

import dev.weft.Go;
import dev.weft.SuspendableRunnable;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bounds a test body: runs it on a thread of its own and fails with a goroutine dump if it has
 * not ended in time, so a lost wake-up fails its test quickly instead of hanging the build.
 */
final class Within {
    private Within() {}

    /** What {@code body} returns or throws (unchanged); fails if it takes longer than {@code limit}. */
    static <T> T call(Duration limit, Callable<T> body) {
        FutureTask<T> task = new FutureTask<>(body);
        Thread t = new Thread(task, "bounded");
        t.setDaemon(true);
        t.start();
        try {
            return task.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("did not end within " + limit + "; goroutines:\n" + Go.dump());
        } catch (ExecutionException e) {
            throw Within.<RuntimeException>sneaky(e.getCause());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** {@code Go.run(main)} bounded by 20 s. */
    static void run(SuspendableRunnable main) {
        call(Duration.ofSeconds(20), () -> {
            Go.run(main);
            return null;
        });
    }
}
