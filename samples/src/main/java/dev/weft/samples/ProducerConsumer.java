package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.RecvChan;
import dev.weft.Select;
import dev.weft.SendChan;
import dev.weft.Suspendable;
import dev.weft.Time;
import dev.weft.Timer;

import java.time.Duration;

/**
 * Producer and consumer: the producer closes the channel when it has sent everything, and the
 * consumer receives until then, with {@code v, ok := <-ch} in a select that also ends its shift
 * after a minute, should the queue never be closed.
 *
 * <pre>
 * func produce(queue chan&lt;- string) {
 *     defer close(queue)
 *     for i := 1; i &lt;= 5; i++ { queue &lt;- fmt.Sprintf("order %d", i) }
 * }
 *
 * func consume(queue &lt;-chan string) {
 *     shift := time.NewTimer(time.Minute)
 *     defer shift.Stop()
 *     packed := 0
 *     for {
 *         select {
 *         case order, ok := &lt;-queue:
 *             if !ok {
 *                 fmt.Println("the producer closed the queue:", packed, "orders packed")
 *                 return
 *             }
 *             fmt.Println("packed", order)
 *             packed++
 *         case &lt;-shift.C:
 *             fmt.Println("the shift is over:", packed, "orders packed")
 *             return
 *         }
 *     }
 * }
 *
 * queue := make(chan string, 2)
 * go produce(queue)
 * consume(queue)
 * </pre>
 *
 * Only the sender closes a channel: it alone knows there is nothing more to send. The producer
 * is given a {@code SendChan}, Go's {@code chan<- string}, and the consumer a {@code RecvChan},
 * {@code <-chan string}. The consumer makes its two cases once, before the loop; the queue's
 * case keeps what it received, and {@code ok()} is false once the queue is closed and drained.
 * The shift's timer is stopped on the way out, so it is not left pending. The buffer of two lets
 * the producer run a little ahead. Prints:
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
    /** Sends five orders on {@code queue}, then closes it. */
    @Suspendable
    static void produce(SendChan<String> queue) {
        try {
            for (int i = 1; i <= 5; i++) {
                queue.send("order " + i);
            }
        } finally {
            queue.close(); // defer close(queue)
        }
    }

    /** Packs orders until the queue is closed, or until its shift of a minute is over, whichever comes first. */
    @Suspendable
    static void consume(RecvChan<String> queue) {
        Timer shift = Time.newTimer(Duration.ofMinutes(1));
        try {
            var order = queue.onRecv();
            var shiftOver = shift.c().onRecv();
            int packed = 0;
            while (true) {
                switch (Select.select(order, shiftOver)) {
                    case 0 -> {
                        if (!order.ok()) {
                            System.out.println("the producer closed the queue: " + packed + " orders packed");
                            return;
                        }
                        System.out.println("packed " + order.value());
                        packed++;
                    }
                    case 1 -> {
                        System.out.println("the shift is over: " + packed + " orders packed");
                        return;
                    }
                }
            }
        } finally {
            shift.stop();
        }
    }

    public static void main(String[] args) {
        Go.run(() -> {
            Chan<String> queue = Chan.make(2);
            Go.go(() -> produce(queue));
            consume(queue);
        });
    }
}
