package dev.weft.samples;

import dev.weft.Chan;
import dev.weft.Go;
import dev.weft.Suspendable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A worker pool: a fixed number of goroutines take jobs from one channel and send results on
 * another.
 *
 * <pre>
 * func worker(id int, jobs &lt;-chan int, results chan&lt;- int) {
 *     for j := range jobs {
 *         time.Sleep(time.Millisecond)
 *         results &lt;- j * 2
 *     }
 * }
 * </pre>
 *
 * {@code worker} receives from a channel, so it may park: it is {@code @Suspendable}. (The
 * lambdas given to {@code Go.go} need no annotation: their interface has it.) Which worker gets
 * which job varies from run to run, so the results are sorted before they are printed. Prints:
 * <pre>
 * 3 workers did 9 jobs
 * results: [2, 4, 6, 8, 10, 12, 14, 16, 18]
 * </pre>
 */
public final class WorkerPool {
    @Suspendable
    static void worker(int id, Chan<Integer> jobs, Chan<Integer> results) {
        for (int job : jobs) {
            Go.sleep(Duration.ofMillis(1)); // the work
            results.send(job * 2);
        }
    }

    public static void main(String[] args) {
        Go.run(() -> {
            int numJobs = 9;
            Chan<Integer> jobs = Chan.make(numJobs);
            Chan<Integer> results = Chan.make(numJobs);

            for (int w = 1; w <= 3; w++) {
                int id = w;
                Go.go(() -> worker(id, jobs, results));
            }
            for (int j = 1; j <= numJobs; j++) {
                jobs.send(j);
            }
            jobs.close(); // no more jobs: each worker's loop ends once the channel is drained

            List<Integer> all = new ArrayList<>();
            for (int a = 1; a <= numJobs; a++) {
                all.add(results.recv());
            }
            Collections.sort(all);
            System.out.println("3 workers did " + all.size() + " jobs");
            System.out.println("results: " + all);
        });
    }
}
