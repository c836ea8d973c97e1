package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Select;
import dev.weft.Time;

import java.time.Duration;

/**
 * {@code select} with a timeout: wait for a result, but not longer than {@code time.After}.
 *
 * <pre>
 * c1 := make(chan string, 1)
 * go func() { time.Sleep(time.Second); c1 &lt;- "result 1" }()
 * select {
 * case res := &lt;-c1:
 *     fmt.Println(res)
 * case &lt;-time.After(100 * time.Millisecond):
 *     fmt.Println("timeout 1")
 * }
 * </pre>
 *
 * The first call is slower than its timeout, the second faster. Each result channel has a
 * buffer of one, so a worker whose answer is no longer awaited can still send and end. Prints:
 * <pre>
 * timeout 1
 * result 2
 * the slow worker still finished: result 1
 * </pre>
 */
public final class SelectTimeout {
    public static void main(String[] args) {
        Go.run(() -> {
            Chan<String> c1 = Chan.make(1);
            Go.go(() -> {
                Go.sleep(Duration.ofSeconds(1));
                c1.send("result 1");
            });
            Select.select(
                    c1.onRecv(res -> System.out.println(res)),
                    Time.after(Duration.ofMillis(100)).onRecv(t -> System.out.println("timeout 1")));

            Chan<String> c2 = Chan.make(1);
            Go.go(() -> c2.send("result 2"));
            Select.select(
                    c2.onRecv(res -> System.out.println(res)),
                    Time.after(Duration.ofSeconds(1)).onRecv(t -> System.out.println("timeout 2")));

            // The timeout gave up waiting, not the work. (Go would end the program here; wait
            // for it instead, so that no goroutine outlives this sample in the tour.)
            System.out.println("the slow worker still finished: " + c1.recv());
        });
    }
}
