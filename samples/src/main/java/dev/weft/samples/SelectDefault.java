package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Select;

/**
 * {@code select} with a {@code default}: channel operations that never wait.
 *
 * <pre>
 * select {
 * case msg := &lt;-messages:
 *     fmt.Println("received message", msg)
 * default:
 *     fmt.Println("no message received")
 * }
 * </pre>
 *
 * {@code Select.select} takes one case per branch, each with the code to run when it is chosen,
 * and answers the position of the case it chose. Prints:
 * <pre>
 * no message received
 * no message sent: nobody is receiving and there is no buffer
 * no activity
 * sent hi into the buffer
 * received message hi
 * </pre>
 */
public final class SelectDefault {
    public static void main(String[] args) {
        Go.run(() -> {
            Chan<String> messages = Chan.make();
            Chan<Boolean> signals = Chan.make();

            Select.select(
                    messages.onRecv(msg -> System.out.println("received message " + msg)),
                    Select.onDefault(() -> System.out.println("no message received")));

            Select.select(
                    messages.onSend("hi", () -> System.out.println("sent message hi")),
                    Select.onDefault(() -> System.out.println("no message sent: nobody is receiving and there is no buffer")));

            Select.select(
                    messages.onRecv(msg -> System.out.println("received message " + msg)),
                    signals.onRecv(sig -> System.out.println("received signal " + sig)),
                    Select.onDefault(() -> System.out.println("no activity")));

            // With room in a buffer, the send case is ready and the default is not taken.
            Chan<String> mailbox = Chan.make(1);
            Select.select(
                    mailbox.onSend("hi", () -> System.out.println("sent hi into the buffer")),
                    Select.onDefault(() -> System.out.println("no message sent")));
            Select.select(
                    mailbox.onRecv(msg -> System.out.println("received message " + msg)),
                    Select.onDefault(() -> System.out.println("no message received")));
        });
    }
}
