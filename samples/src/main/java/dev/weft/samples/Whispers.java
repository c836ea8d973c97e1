package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;

/**
 * 100,000 goroutines chatting over channels: Rob Pike's "Chinese whispers". A chain of
 * goroutines, each joined to the next by an unbuffered channel; each waits for a number from its
 * right, adds one and passes it left.
 *
 * <pre>
 * func whisper(left, right chan int) { left &lt;- 1 + &lt;-right }
 *
 * leftmost := make(chan int)
 * left, right := leftmost, leftmost
 * for i := 0; i &lt; n; i++ {
 *     right = make(chan int)
 *     go whisper(left, right)
 *     left = right
 * }
 * go func(c chan int) { c &lt;- 1 }(right)
 * fmt.Println(&lt;-leftmost)
 * </pre>
 *
 * Each parked goroutine costs a few hundred bytes, not a thread's stack, so 100,000 of them
 * fit in a default heap. Prints:
 * <pre>
 * 100000 goroutines in a chain, each adds one and passes it on
 * the whisper started as 1 and arrived as 100001
 * </pre>
 */
public final class Whispers {
    static final int N = 100_000;

    public static void main(String[] args) {
        Go.run(() -> {
            Chan<Integer> leftmost = Chan.make();
            Chan<Integer> right = leftmost;
            for (int i = 0; i < N; i++) {
                Chan<Integer> left = right;
                Chan<Integer> next = Chan.make();
                Go.go(() -> left.send(1 + next.recv()));
                right = next;
            }
            System.out.println(N + " goroutines in a chain, each adds one and passes it on");

            Chan<Integer> rightmost = right;
            Go.go(() -> rightmost.send(1));
            System.out.println("the whisper started as 1 and arrived as " + leftmost.recv());
        });
    }
}
