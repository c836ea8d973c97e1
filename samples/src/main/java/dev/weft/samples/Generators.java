package dev.weft.samples;

import dev.weft.Suspendable;
import dev.weft.SuspendableConsumer;
import dev.weft.internal.cont.Continuation;
import dev.weft.internal.cont.PinnedPark;

import java.util.List;

/**
 * Suspension on its own, without a scheduler: a generator and two continuations taking turns.
 *
 * <p>The goroutine API ({@code Go.run}, {@code Go.go}, {@code Chan}) arrives with the scheduler.
 * This sample uses the primitive underneath it, {@link Continuation}: {@code run()} runs a body on
 * the calling thread until the body calls {@link Continuation#park()}, which returns from
 * {@code run()} with the body's frames saved; the next {@code run()} picks up right after the
 * park, with every local as it was. That is what a goroutine is, minus the run queue. An internal
 * class, so code outside this project should wait for {@code dev.weft.Go}.
 *
 * <p>It works only when woven: run it under the agent,
 * <pre>
 * java -javaagent:agent/target/weft-agent-0.1.0-SNAPSHOT.jar -cp samples/target/classes dev.weft.samples.Generators
 * </pre>
 * Unwoven, the bodies cannot unwind, so the first park stops the program with a message
 * saying so (see {@link #NOT_WOVEN}).
 */
public final class Generators {
    private Generators() {}

    /**
     * What a park does when the frames above it were not rewritten: here, fail. (The scheduler
     * will block the carrier thread instead and warn; a generator has nobody to wait for.)
     */
    static final PinnedPark NOT_WOVEN = c -> {
        throw new IllegalStateException("this sample must be woven: run it with"
                + " -javaagent:agent/target/weft-agent-0.1.0-SNAPSHOT.jar");
    };

    public static void main(String[] args) {
        System.out.println("fibonacci, one value per resume:");
        Generator<Long> fibonacci = new Generator<>(out -> {
            long a = 0;
            long b = 1;
            for (int i = 0; i < 10; i++) {
                out.yield(a); // parks here; a, b and i survive in the continuation's frame stack
                long next = a + b;
                a = b;
                b = next;
            }
        });
        while (fibonacci.advance()) {
            System.out.println("  " + fibonacci.current());
        }

        System.out.println("ping-pong, two continuations taking turns:");
        int[] ball = {0};
        List<Continuation> players = List.of(player("ping", ball), player("pong", ball));
        boolean anyLeft = true;
        while (anyLeft) {
            anyLeft = false;
            for (Continuation p : players) {
                if (!p.isDone()) {
                    p.run();
                    anyLeft |= !p.isDone();
                }
            }
        }
        System.out.println("done after " + ball[0] + " hits");
    }

    /** A player hits the ball, then parks to give the other one its turn. */
    private static Continuation player(String name, int[] ball) {
        return new Continuation(() -> {
            for (int turn = 0; turn < 3; turn++) {
                ball[0]++;
                System.out.println("  " + name + " " + ball[0]);
                Continuation.park();
            }
        }, NOT_WOVEN);
    }

    /**
     * A generator: a body that produces values one at a time, each {@link #yield} handing one
     * to the consumer and parking until the consumer asks for the next.
     */
    static final class Generator<T> {
        private final Continuation body;
        private T current;

        Generator(SuspendableConsumer<Generator<T>> producer) {
            this.body = new Continuation(() -> producer.accept(this), NOT_WOVEN);
        }

        /** Called by the producer: publishes {@code value} and parks until the next {@link #advance}. */
        @Suspendable
        void yield(T value) {
            current = value;
            Continuation.park();
        }

        /** Runs the producer to its next value; false when it has ended without one. */
        boolean advance() {
            return !body.isDone() && !body.run();
        }

        T current() {
            return current;
        }
    }
}
