package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;

/**
 * Producer and consumer: the producer closes the channel when it has sent everything, and the
 * consumer ranges over it ({@code for v := range ch}, here {@code for (T v : ch)}) until then.
 *
 * <pre>
 * go func() {
 *     defer close(queue)
 *     for i := 1; i &lt;= 5; i++ { queue &lt;- fmt.Sprintf("order %d", i) }
 * }()
 * for order := range queue { fmt.Println("packed", order) }
 * </pre>
 *
 * Only the sender closes a channel: it alone knows there is nothing more to send. The buffer of
 * two lets the producer run a little ahead. Prints:
 * <pre>
 * packed order 1
 * packed order 2
 * packed order 3
 * packed order 4
 * packed order 5
 * the producer closed the queue: 5 orders packed
 * </pre>
 */
public final class ProducerConsumer {
    public static void main(String[] args) {
        Go.run(() -> {
            Chan<String> queue = Chan.make(2);
            Go.go(() -> {
                try {
                    for (int i = 1; i <= 5; i++) {
                        queue.send("order " + i);
                    }
                } finally {
                    queue.close(); // defer close(queue)
                }
            });

            int packed = 0;
            for (String order : queue) { // receives until the queue is closed and drained
                System.out.println("packed " + order);
                packed++;
            }
            System.out.println("the producer closed the queue: " + packed + " orders packed");
        });
    }
}
