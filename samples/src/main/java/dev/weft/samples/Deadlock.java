package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.DeadlockException;
import dev.weft.Go;

/**
 * The deadlock Go reports as {@code fatal error: all goroutines are asleep - deadlock!}: the
 * main goroutine sends on an unbuffered channel that nobody will ever receive from.
 *
 * <pre>
 * func main() {
 *     ch := make(chan string)
 *     ch &lt;- "hello"   // blocks for ever: no other goroutine exists to receive
 *     fmt.Println(&lt;-ch)
 * }
 * </pre>
 *
 * weft notices that nothing can ever wake any goroutine, and {@code Go.run} throws
 * {@code DeadlockException}: its first line is Go's, and a dump of every goroutine follows it.
 * Then the fix: a buffer of one, so the send need not wait. Prints:
 * <pre>
 * all goroutines are asleep - deadlock!
 * fixed with a buffer of one: hello
 * </pre>
 */
public final class Deadlock {
    public static void main(String[] args) {
        try {
            Go.run(() -> {
                Chan<String> ch = Chan.make();
                ch.send("hello");
                System.out.println(ch.recv());
            });
        } catch (DeadlockException e) {
            System.out.println(e.getMessage().lines().findFirst().orElseThrow());
        }

        Go.run(() -> {
            Chan<String> ch = Chan.make(1);
            ch.send("hello");
            System.out.println("fixed with a buffer of one: " + ch.recv());
        });
    }
}
