package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.WaitGroup;

import java.util.List;

/**
 * Fan-out, fan-in: several goroutines read from one channel (fan-out), and one function merges
 * their output channels into one (fan-in), closing it once every input is closed.
 *
 * <pre>
 * func merge(cs ...&lt;-chan int) &lt;-chan int {
 *     var wg sync.WaitGroup
 *     out := make(chan int)
 *     for _, c := range cs {
 *         wg.Add(1)
 *         go func() { defer wg.Done(); for n := range c { out &lt;- n } }()
 *     }
 *     go func() { wg.Wait(); close(out) }()
 *     return out
 * }
 * </pre>
 *
 * The functions here start goroutines and return channels at once; they never park
 * themselves, so they need no {@code @Suspendable}. Prints:
 * <pre>
 * 4 workers squared 1..100, merged into one channel
 * received 100 squares, sum 338350
 * </pre>
 */
public final class FanOutFanIn {
    /** Sends 1..n on a new channel, then closes it. */
    static Chan<Integer> generate(int n) {
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
    static Chan<Integer> square(Chan<Integer> in) {
        Chan<Integer> out = Chan.make();
        Go.go(() -> {
            for (int n : in) {
                out.send(n * n);
            }
            out.close();
        });
        return out;
    }

    /** Fan-in: everything sent on the inputs, on one channel, closed after all of them. */
    static Chan<Integer> merge(List<Chan<Integer>> inputs) {
        Chan<Integer> out = Chan.make();
        WaitGroup wg = new WaitGroup();
        for (Chan<Integer> in : inputs) {
            wg.add(1);
            Go.go(() -> {
                try {
                    for (int n : in) {
                        out.send(n);
                    }
                } finally {
                    wg.done();
                }
            });
        }
        Go.go(() -> {
            wg.await();
            out.close();
        });
        return out;
    }

    public static void main(String[] args) {
        Go.run(() -> {
            Chan<Integer> numbers = generate(100);
            // Fan-out: four workers share one input channel.
            List<Chan<Integer>> workers = List.of(square(numbers), square(numbers), square(numbers), square(numbers));
            System.out.println(workers.size() + " workers squared 1..100, merged into one channel");

            int count = 0;
            long sum = 0;
            for (int sq : merge(workers)) {
                count++;
                sum += sq;
            }
            System.out.println("received " + count + " squares, sum " + sum);
        });
    }
}
