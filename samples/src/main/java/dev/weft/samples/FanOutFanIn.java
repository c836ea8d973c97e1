package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.RecvChan;
import dev.weft.Select;

/**
 * Fan-out, fan-in: several goroutines read from one channel (fan-out), and {@code merge} sends
 * what arrives on two channels on one (fan-in), closing it once both inputs are closed.
 *
 * <pre>
 * func merge(a, b &lt;-chan int) &lt;-chan int {
 *     out := make(chan int)
 *     go func() {
 *         defer close(out)
 *         for a != nil || b != nil {
 *             select {
 *             case v, ok := &lt;-a:
 *                 if !ok { a = nil; continue }
 *                 out &lt;- v
 *             case v, ok := &lt;-b:
 *                 if !ok { b = nil; continue }
 *                 out &lt;- v
 *             }
 *         }
 *     }()
 *     return out
 * }
 *
 * numbers := generate(100)
 * for sq := range merge(merge(square(numbers), square(numbers)), merge(square(numbers), square(numbers))) { ... }
 * </pre>
 *
 * A receive from a nil channel is never ready, so {@code merge} turns off the case of an input
 * that has closed by putting a nil channel's case in its place, and the select goes on with the
 * other. Its case objects are made once and keep what the select received: {@code ok()} is
 * false once the input is closed. Each function returns a {@code RecvChan}, Go's
 * {@code <-chan int}: its caller may only receive. The functions here start goroutines and
 * return channels at once; they never park themselves, so they need no {@code @Suspendable}.
 * Prints:
 * <pre>
 * 4 workers squared 1..100, merged into one channel
 * received 100 squares, sum 338350
 * </pre>
 */
public final class FanOutFanIn {
    /** Sends 1..n on a new channel, then closes it. */
    static RecvChan<Integer> generate(int n) {
        Chan<Integer> out = Chan.make();
        Go.go(() -> {
            for (int i = 1; i <= n; i++) {
                out.send(i);
            }
            out.close();
        });
        return out;
    }

    /** Squares what arrives on {@code in} until it is closed, then closes its own output. */
    static RecvChan<Integer> square(RecvChan<Integer> in) {
        Chan<Integer> out = Chan.make();
        Go.go(() -> {
            for (int n : in) {
                out.send(n * n);
            }
            out.close();
        });
        return out;
    }

    /** Fan-in: everything sent on {@code a} and {@code b}, on one channel, closed after both. */
    static RecvChan<Integer> merge(RecvChan<Integer> a, RecvChan<Integer> b) {
        Chan<Integer> out = Chan.make();
        Go.go(() -> {
            var fromA = a.onRecv();
            var fromB = b.onRecv();
            try {
                for (int open = 2; open > 0; ) {
                    switch (Select.select(fromA, fromB)) {
                        case 0 -> {
                            if (fromA.ok()) {
                                out.send(fromA.value());
                            } else {
                                fromA = Select.onRecv(null);
                                open--;
                            }
                        }
                        case 1 -> {
                            if (fromB.ok()) {
                                out.send(fromB.value());
                            } else {
                                fromB = Select.onRecv(null);
                                open--;
                            }
                        }
                    }
                }
            } finally {
                out.close(); // defer close(out)
            }
        });
        return out;
    }

    public static void main(String[] args) {
        Go.run(() -> {
            RecvChan<Integer> numbers = generate(100);
            // Fan-out: four workers share one input channel; fan-in: merge them, two by two.
            RecvChan<Integer> squares = merge(merge(square(numbers), square(numbers)), merge(square(numbers), square(numbers)));
            System.out.println("4 workers squared 1..100, merged into one channel");

            int count = 0;
            long sum = 0;
            for (int sq : squares) {
                count++;
                sum += sq;
            }
            System.out.println("received " + count + " squares, sum " + sum);
        });
    }
}
