package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Select;
import dev.weft.Suspendable;
import dev.weft.SuspendableFunction;
import dev.weft.Time;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Rob Pike's "Google Search 3.0" from his talk Go Concurrency Patterns: ask the web, image and
 * video backends at once, ask each of them on two replicas and take the first answer, and give
 * up on whatever has not answered by the timeout.
 *
 * <pre>
 * func Google(query string) (results []Result) {
 *     c := make(chan Result, 3)
 *     go func() { c &lt;- First(query, Web1, Web2) }()
 *     go func() { c &lt;- First(query, Image1, Image2) }()
 *     go func() { c &lt;- First(query, Video1, Video2) }()
 *     timeout := time.After(time.Second)
 *     for i := 0; i &lt; 3; i++ {
 *         select {
 *         case result := &lt;-c:
 *             results = append(results, result)
 *         case &lt;-timeout:
 *             fmt.Println("timed out")
 *             return
 *         }
 *     }
 *     return
 * }
 *
 * func First(query string, replicas ...Search) Result {
 *     c := make(chan Result, len(replicas))
 *     searchReplica := func(i int) { c &lt;- replicas[i](query) }
 *     for i := range replicas {
 *         go searchReplica(i)
 *     }
 *     return &lt;-c
 * }
 *
 * func fakeSearch(kind string, latency time.Duration) Search {
 *     return func(query string) Result {
 *         time.Sleep(latency)
 *         return Result(fmt.Sprintf("%s result for %q", kind, query))
 *     }
 * }
 * </pre>
 *
 * The talk's fake searches sleep a random time; here each replica has a latency of its own, so
 * that what comes back is always the same: one web replica and one image replica are fast,
 * the other of each pair is slow and loses to it, and both video replicas are slower than the
 * timeout, each by far more than a stalled machine could add. The select's two cases are made
 * once and serve every round; the timeout's channel
 * is made once, before the loop, so it bounds the whole search, not each receive. The channels
 * have a buffer for every sender (the talk's are unbuffered), so the answers nobody waits for
 * any more are dropped in a buffer and their goroutines end instead of leaking (see
 * {@link GoroutineLeak}). The results arrive in the order of the latencies and are sorted
 * before they are printed. Prints:
 * <pre>
 * timed out
 * image1 result for "golang"
 * web2 result for "golang"
 * </pre>
 */
public final class GoogleSearch {
    /** A search backend: Go's {@code type Search func(query string) Result}. */
    interface Search extends SuspendableFunction<String, String> {
    }

    static final Search WEB1 = fakeSearch("web1", Duration.ofSeconds(3));
    static final Search WEB2 = fakeSearch("web2", Duration.ofMillis(10));
    static final Search IMAGE1 = fakeSearch("image1", Duration.ofMillis(20));
    static final Search IMAGE2 = fakeSearch("image2", Duration.ofSeconds(3));
    static final Search VIDEO1 = fakeSearch("video1", Duration.ofSeconds(3));
    static final Search VIDEO2 = fakeSearch("video2", Duration.ofSeconds(3));

    /** A backend of {@code kind} that answers after {@code latency}. */
    static Search fakeSearch(String kind, Duration latency) {
        return query -> {
            Go.sleep(latency);
            return kind + " result for \"" + query + "\"";
        };
    }

    /** Every kind of result that came within the timeout, in the order they came. */
    @Suspendable
    static List<String> google(String query) {
        Chan<String> c = Chan.make(3);
        Go.go(() -> c.send(first(query, WEB1, WEB2)));
        Go.go(() -> c.send(first(query, IMAGE1, IMAGE2)));
        Go.go(() -> c.send(first(query, VIDEO1, VIDEO2)));
        var result = c.onRecv();
        var timeout = Time.after(Duration.ofSeconds(1)).onRecv();
        List<String> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            switch (Select.select(result, timeout)) {
                case 0 -> results.add(result.value());
                case 1 -> {
                    System.out.println("timed out");
                    return results;
                }
            }
        }
        return results;
    }

    /** Asks every replica and answers the first reply. */
    @Suspendable
    static String first(String query, Search... replicas) {
        Chan<String> c = Chan.make(replicas.length);
        for (Search replica : replicas) {
            Go.go(() -> c.send(replica.apply(query)));
        }
        return c.recv();
    }

    public static void main(String[] args) {
        Go.run(() -> {
            List<String> results = google("golang");
            Collections.sort(results);
            for (String r : results) {
                System.out.println(r);
            }
        });
    }
}
