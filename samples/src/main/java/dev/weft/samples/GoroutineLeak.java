package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;

import java.time.Duration;

/**
 * A goroutine leak, caught by {@code runtime.NumGoroutine}: ask three replicas, take the first
 * answer, return. The two slower replicas then block for ever sending on an unbuffered channel
 * nobody reads.
 *
 * <pre>
 * func first(query string) string {
 *     answers := make(chan string)      // the leak; make(chan string, 3) is the fix
 *     for i := 1; i &lt;= 3; i++ {
 *         go func() { answers &lt;- search(i, query) }()
 *     }
 *     return &lt;-answers
 * }
 * </pre>
 *
 * A leaked goroutine is parked, costs little and warns nobody; counting goroutines before and
 * after, as Go tests do (and {@code goleak}), is what finds it. Prints:
 * <pre>
 * 10 queries, unbuffered answers: 20 goroutines leaked
 * 10 queries, answers buffered for every replica: 0 goroutines leaked
 * </pre>
 */
public final class GoroutineLeak {
    /**
     * Asks three replicas and answers the first reply. With {@code buffer} 0 the two slower
     * replicas leak; with 3 they drop their reply in the buffer and end.
     */
    @Suspendable
    static String first(String query, int buffer) {
        Chan<String> answers = Chan.make(buffer);
        for (int i = 1; i <= 3; i++) {
            int replica = i;
            Go.go(() -> answers.send("replica " + replica + " answers " + query));
        }
        return answers.recv();
    }

    /**
     * {@code runtime.NumGoroutine()} once it holds still: goroutines that have sent their answer
     * may not have ended yet, so read it until it has not changed for 100 ms.
     */
    @Suspendable
    static int settledGoroutines() {
        int n = Go.numGoroutine();
        for (int unchanged = 0; unchanged < 5; ) {
            Go.sleep(Duration.ofMillis(20));
            int now = Go.numGoroutine();
            unchanged = now == n ? unchanged + 1 : 0;
            n = now;
        }
        return n;
    }

    public static void main(String[] args) {
        Go.run(() -> {
            int before = settledGoroutines();
            for (int q = 1; q <= 10; q++) {
                first("query " + q, 0);
            }
            int leaked = settledGoroutines() - before;
            System.out.println("10 queries, unbuffered answers: " + leaked + " goroutines leaked");

            before = settledGoroutines();
            for (int q = 1; q <= 10; q++) {
                first("query " + q, 3);
            }
            leaked = settledGoroutines() - before;
            System.out.println("10 queries, answers buffered for every replica: " + leaked + " goroutines leaked");
        });
    }
}
