package dev.weft.samples;

import dev.weft.CancelableContext;
import dev.weft.Chan;
import dev.weft.Context;
import dev.weft.Go;
import dev.weft.RecvChan;
import dev.weft.Select;
import dev.weft.SendChan;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;

/**
 * A pipeline whose stages shut down cleanly on cancel: each stage is a goroutine that receives
 * from the stage before, sends to the next, and stops when the {@code Context} is done.
 *
 * <pre>
 * func square(ctx context.Context, in &lt;-chan int, out chan&lt;- int) {
 *     defer close(out)
 *     for n := range in {
 *         select {
 *         case out &lt;- n * n:
 *         case &lt;-ctx.Done():
 *             return
 *         }
 *     }
 * }
 *
 * ctx, cancel := context.WithCancel(context.Background())
 * naturals, squares := make(chan int), make(chan int)
 * var stages sync.WaitGroup
 * stages.Go(func() { counter(ctx, naturals) })
 * stages.Go(func() { square(ctx, naturals, squares) })
 * for range 5 { fmt.Println(&lt;-squares) }
 * cancel()
 * stages.Wait()
 * </pre>
 *
 * The consumer wants only the first five squares of an endless stream. Leaving the
 * try-with-resources block cancels the context (Go's {@code cancel()}); every stage then sees
 * {@code ctx.done()} closed, closes its own channel and ends, so no goroutine is left blocked on
 * a send nobody will receive. A stage takes a {@code RecvChan} to receive from and a
 * {@code SendChan} to send on, Go's {@code <-chan int} and {@code chan<- int}; its select makes
 * the case of {@code ctx.Done()} once and uses it for every send. The stages park, so they are
 * {@code @Suspendable}; without the annotation they could not unwind and would pin their
 * carrier thread. Prints:
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
    /** The first stage: sends 1, 2, 3, ... until canceled. */
    @Suspendable
    static void counter(Context ctx, SendChan<Integer> out) {
        var done = ctx.done().onRecv();
        try {
            for (int n = 1; ; n++) {
                if (Select.select(out.onSend(n), done) == 1) {
                    return;
                }
            }
        } finally {
            out.close();
        }
    }

    /** A middle stage: squares what it receives, until its input closes or it is canceled. */
    @Suspendable
    static void square(Context ctx, RecvChan<Integer> in, SendChan<Integer> out) {
        var done = ctx.done().onRecv();
        try {
            for (int n : in) {
                if (Select.select(out.onSend(n * n), done) == 1) {
                    return;
                }
            }
        } finally {
            out.close();
        }
    }

    public static void main(String[] args) {
        Go.run(() -> {
            Chan<Integer> naturals = Chan.make();
            Chan<Integer> squares = Chan.make();
            WaitGroup stages = new WaitGroup();
            try (CancelableContext ctx = Context.withCancel(Context.background())) {
                stages.go(() -> counter(ctx, naturals));
                stages.go(() -> square(ctx, naturals, squares));
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
