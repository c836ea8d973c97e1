package dev.weft.samples;

import dev.weft.CancelableContext;
import dev.weft.Chan;
import dev.weft.Context;
import dev.weft.Go;
import dev.weft.Select;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;

/**
 * A pipeline whose stages shut down cleanly on cancel: each stage is a goroutine that receives
 * from the stage before, sends to the next, and stops when the {@code Context} is done.
 *
 * <pre>
 * ctx, cancel := context.WithCancel(context.Background())
 * defer cancel()
 * for n := range square(ctx, naturals(ctx)) { ... }   // and each stage sends with
 * select {
 * case out &lt;- v:
 * case &lt;-ctx.Done():
 *     return
 * }
 * </pre>
 *
 * The consumer wants only the first five squares of an endless stream. Leaving the
 * try-with-resources block cancels the context (Go's {@code defer cancel()}); every stage then
 * sees {@code ctx.done()} closed, closes its own channel and ends, so no goroutine is left
 * blocked on a send nobody will receive. Prints:
 * <pre>
 * 1
 * 4
 * 9
 * 16
 * 25
 * enough: cancel the pipeline
 * both stages stopped
 * a receive now answers null: squares is closed
 * </pre>
 */
public final class Pipeline {
    /**
     * Sends {@code v} on {@code out} unless {@code ctx} is done first; false if it was. It parks,
     * so it is {@code @Suspendable}; without the annotation its callers could not unwind through
     * it and would pin their carrier thread.
     */
    @Suspendable
    static <T> boolean send(Context ctx, Chan<T> out, T v) {
        return Select.select(out.onSend(v, null), ctx.done().onRecv(null)) == 0;
    }

    /** The first stage: 1, 2, 3, ... until canceled. */
    static Chan<Integer> naturals(Context ctx, WaitGroup stages) {
        Chan<Integer> out = Chan.make();
        stages.add(1);
        Go.go(() -> {
            try {
                int n = 1;
                while (send(ctx, out, n)) {
                    n++;
                }
            } finally {
                out.close();
                stages.done();
            }
        });
        return out;
    }

    /** A middle stage: squares what it receives, until its input closes or it is canceled. */
    static Chan<Integer> square(Context ctx, Chan<Integer> in, WaitGroup stages) {
        Chan<Integer> out = Chan.make();
        stages.add(1);
        Go.go(() -> {
            try {
                for (int n : in) {
                    if (!send(ctx, out, n * n)) {
                        return;
                    }
                }
            } finally {
                out.close();
                stages.done();
            }
        });
        return out;
    }

    public static void main(String[] args) {
        Go.run(() -> {
            WaitGroup stages = new WaitGroup();
            Chan<Integer> squares;
            try (CancelableContext ctx = Context.withCancel(Context.background())) {
                squares = square(ctx, naturals(ctx, stages), stages);
                for (int i = 0; i < 5; i++) {
                    System.out.println(squares.recv());
                }
                System.out.println("enough: cancel the pipeline");
            }
            stages.await();
            System.out.println("both stages stopped");
            System.out.println("a receive now answers " + squares.recv() + ": squares is closed");
        });
    }
}
