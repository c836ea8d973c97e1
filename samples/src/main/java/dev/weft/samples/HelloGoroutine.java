package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;

/**
 * {@code go f()}: start a goroutine, and hear back from it on a channel.
 *
 * <pre>
 * func main() {
 *     messages := make(chan string)
 *     go func() { messages &lt;- "hello from a goroutine" }()
 *     fmt.Println(&lt;-messages)
 * }
 * </pre>
 *
 * {@code Go.run} plays the part of Go's {@code main}: its lambda is the main goroutine, and the
 * call returns when that goroutine does. Prints:
 * <pre>
 * hello from a goroutine
 * hello, gopher
 * </pre>
 */
public final class HelloGoroutine {
    public static void main(String[] args) {
        Go.run(() -> {
            Chan<String> messages = Chan.make();
            Go.go(() -> messages.send("hello from a goroutine"));
            System.out.println(messages.recv());

            // A goroutine that answers a request: one channel in, one out.
            Chan<String> names = Chan.make();
            Chan<String> greetings = Chan.make();
            Go.go(() -> greetings.send("hello, " + names.recv()));
            names.send("gopher");
            System.out.println(greetings.recv());
        });
    }
}
