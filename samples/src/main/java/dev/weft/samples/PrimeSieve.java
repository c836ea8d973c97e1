package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.RecvChan;
import dev.weft.SendChan;
import dev.weft.Suspendable;

/**
 * The concurrent prime sieve of Go's {@code doc/play/sieve.go}: a goroutine generates 2, 3, 4,
 * ..., and every prime found adds a goroutine to a daisy chain of filters, each dropping the
 * multiples of its prime.
 *
 * <pre>
 * // Send the sequence 2, 3, 4, ... to channel 'ch'.
 * func Generate(ch chan&lt;- int) {
 *     for i := 2; ; i++ {
 *         ch &lt;- i // Send 'i' to channel 'ch'.
 *     }
 * }
 *
 * // Copy the values from channel 'in' to channel 'out',
 * // removing those divisible by 'prime'.
 * func Filter(in &lt;-chan int, out chan&lt;- int, prime int) {
 *     for {
 *         i := &lt;-in // Receive value from 'in'.
 *         if i%prime != 0 {
 *             out &lt;- i // Send 'i' to 'out'.
 *         }
 *     }
 * }
 *
 * // The prime sieve: Daisy-chain Filter processes.
 * func main() {
 *     ch := make(chan int) // Create a new channel.
 *     go Generate(ch)      // Launch Generate goroutine.
 *     for i := 0; i &lt; 10; i++ {
 *         prime := &lt;-ch
 *         fmt.Println(prime)
 *         ch1 := make(chan int)
 *         go Filter(ch, ch1, prime)
 *         ch = ch1
 *     }
 * }
 * </pre>
 *
 * {@code Generate} may only send ({@code SendChan}, Go's {@code chan<- int}); a filter receives
 * from the one before it ({@code RecvChan}) and sends to the next. Both park on every value, so
 * they are {@code @Suspendable}. When {@code main} is done, the generator and the ten filters
 * stay parked on their sends for good: in Go the program ends with {@code main} and takes them
 * with it; here they cost a few hundred bytes each until the JVM exits. Prints:
 * <pre>
 * 2
 * 3
 * 5
 * 7
 * 11
 * 13
 * 17
 * 19
 * 23
 * 29
 * </pre>
 */
public final class PrimeSieve {
    /** Sends the sequence 2, 3, 4, ... to {@code ch}. */
    @Suspendable
    static void generate(SendChan<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);
        }
    }

    /** Copies the values from {@code in} to {@code out}, removing those divisible by {@code prime}. */
    @Suspendable
    static void filter(RecvChan<Integer> in, SendChan<Integer> out, int prime) {
        while (true) {
            int i = in.recv();
            if (i % prime != 0) {
                out.send(i);
            }
        }
    }

    public static void main(String[] args) {
        Go.run(() -> {
            Chan<Integer> first = Chan.make();
            Go.go(() -> generate(first));
            RecvChan<Integer> ch = first;
            for (int i = 0; i < 10; i++) {
                int prime = ch.recv();
                System.out.println(prime);
                RecvChan<Integer> in = ch; // a lambda captures only effectively final locals
                Chan<Integer> ch1 = Chan.make();
                Go.go(() -> filter(in, ch1, prime));
                ch = ch1;
            }
        });
    }
}
