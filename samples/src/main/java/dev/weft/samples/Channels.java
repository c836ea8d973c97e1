package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;

/**
 * Unbuffered and buffered channels, and {@code v, ok := <-ch}.
 *
 * <pre>
 * ping := make(chan string)      // unbuffered: a send waits for a receiver
 * go func() { ping &lt;- "ping" }()
 * msg := &lt;-ping
 *
 * queue := make(chan string, 2)  // buffered: sends wait only when the buffer is full
 * queue &lt;- "one"; queue &lt;- "two"
 * close(queue)
 * v, ok := &lt;-queue               // ok is false once closed and drained
 * </pre>
 *
 * A weft channel carries no nulls, so a receive that answers {@code null} is Go's {@code ok == false}.
 * Prints:
 * <pre>
 * unbuffered: received ping
 * buffered: len 2, cap 2, nobody received yet
 * received one
 * received two
 * received null: the channel is closed
 * worker: working...
 * worker: done, main may go on
 * </pre>
 */
public final class Channels {
    public static void main(String[] args) {
        Go.run(() -> {
            Chan<String> ping = Chan.make();
            Go.go(() -> ping.send("ping"));
            System.out.println("unbuffered: received " + ping.recv());

            Chan<String> queue = Chan.make(2);
            queue.send("one"); // neither send waits: the buffer has room
            queue.send("two");
            System.out.println("buffered: len " + queue.len() + ", cap " + queue.cap() + ", nobody received yet");
            queue.close(); // the values already sent are still delivered
            for (int i = 0; i < 3; i++) {
                String v = queue.recv();
                System.out.println(v != null ? "received " + v : "received null: the channel is closed");
            }

            // A channel to wait for a goroutine to finish: the receive waits for the send.
            Chan<Boolean> done = Chan.make();
            Go.go(() -> {
                System.out.println("worker: working...");
                done.send(true);
            });
            done.recv();
            System.out.println("worker: done, main may go on");
        });
    }
}
