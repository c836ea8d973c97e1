package dev.weft.benchmarks.workloads;

/**
 * One concurrency runtime running the whole-program workloads. Every peer implements each
 * workload with the same logic (same goroutines, same channels, same hand-offs); only the
 * primitives differ. A method returns when the workload is done and answers its checksum, which
 * {@link Workloads} compares with the expected value, so a peer that loses or duplicates a
 * message fails instead of reporting a number.
 */
public interface Peer {
    /**
     * Skynet: a tree of goroutines with fan-out {@code div}; each inner node starts its
     * {@code div} children, receives their sums on one unbuffered channel it made, and sends the
     * total to its parent; leaf {@code i} sends {@code i}. {@code size} leaves (a power of
     * {@code div}). Answers the root's sum, {@code size * (size - 1) / 2}.
     */
    long skynet(int size, int div) throws Exception;

    /** Starts {@code n} goroutines that each only mark a wait group done, and waits for them. Answers n. */
    long spawn(int n) throws Exception;

    /**
     * Two goroutines, two unbuffered channels: {@code n} times, one sends {@code i} on the first
     * and receives the echo on the second. Answers the sum of the echoes.
     */
    long pingPong(int n) throws Exception;

    /**
     * One producer sends {@code 0..n-1} through a channel of {@code capacity} slots; one consumer
     * receives {@code n} values. Answers their sum.
     */
    long buffered(int n, int capacity) throws Exception;

    /**
     * A producer sends tasks {@code 0..n-1} into a channel of {@code capacity} slots, then
     * closes it (or sends one stop marker per worker where the channel cannot be closed);
     * {@code workers} goroutines each take tasks until it is closed and send {@link #work}'s
     * result into a results channel of {@code capacity} slots; the main goroutine receives
     * {@code n} results. Answers their sum.
     */
    long workerPool(int n, int workers, int capacity) throws Exception;

    /**
     * {@code stages} goroutines in a line joined by unbuffered channels: the first sends
     * {@code 1..n}, each middle stage receives {@code n} values and sends each plus one, the last
     * (the main goroutine) receives {@code n} values. Answers their sum.
     */
    long pipeline(int n, int stages) throws Exception;

    /**
     * Starts {@code n} goroutines that each block in a receive on one shared channel, three
     * nested calls deep, and returns once all of them have started (and so are parked, or about
     * to be). The handle releases them all (closing the channel, or sending one value each where
     * the channel cannot be closed) and waits until every one has finished.
     */
    Parked parked(int n) throws Exception;

    /**
     * Counters: memory accesses rather than hand-offs, the cost a race detector adds to every
     * program. {@code workers} goroutines share one {@code int[workers * slice]}, each owning
     * its own {@code slice} of it. Each worker allocates its own {@link Tally} and makes
     * {@code n / (workers * slice)} passes over its slice; in a pass, element {@code j} is
     * incremented (a read and a write of the array), {@code j} is added to the tally's
     * {@code sum} and its {@code count} is incremented (a read and a write of each field); after
     * each pass it adds {@code slice} to one total shared by all workers, under a mutex. Then it
     * stores its tally in slot {@code w} of an array of tallies and marks a wait group done. The
     * main goroutine waits on the wait group and answers the sum of the array, of the tallies'
     * sums and counts, and the total: {@code 3n + n (slice - 1) / 2} for {@code n} a multiple
     * of {@code workers * slice}. Every access is ordered (own slice, the mutex, the wait group),
     * so a race detector must report nothing.
     */
    long counters(int n, int workers, int slice) throws Exception;

    /**
     * Fan-in: {@code producers} goroutines share one unbuffered channel; producer {@code k}
     * sends {@code k * per .. k * per + per - 1} on it, {@code per = n / producers}, and the main
     * goroutine receives {@code n} values: many senders queued on one channel. Answers their sum,
     * {@code n (n - 1) / 2} for {@code n} a multiple of {@code producers}.
     */
    long fanIn(int n, int producers) throws Exception;

    /**
     * Select: four producers, each with its own unbuffered channel, producer {@code k} sending
     * {@code k * per .. k * per + per - 1}, {@code per = n / 4}; the main goroutine loops
     * {@code n} times over one select that receives from whichever of the four channels is ready
     * (uniformly at random among ready ones, as Go's). Answers the sum received,
     * {@code n (n - 1) / 2} for {@code n} a multiple of four. A peer with no select says in its
     * own documentation what stands in for it.
     */
    long select(int n) throws Exception;

    /**
     * Mutex: {@code goroutines} goroutines each, {@code n / goroutines} times, lock one shared
     * mutex, increment one shared counter and unlock; then each marks a wait group done. The
     * main goroutine waits on the wait group and answers the counter: {@code n} for {@code n}
     * a multiple of {@code goroutines}.
     */
    long mutex(int n, int goroutines) throws Exception;

    /**
     * Barrier: {@code goroutines} goroutines, started once, meet {@code rounds = n / goroutines}
     * times. Each round {@code r} has a start channel and a wait group of {@code goroutines},
     * all made up front: the main goroutine closes start {@code r} and waits on wait group
     * {@code r}; every goroutine waits in a receive on start {@code r}, adds one to its own slot
     * of an array and marks wait group {@code r} done, then goes on to round {@code r + 1}. So a
     * round is one broadcast wake of every goroutine and one wait for all of them. Answers the
     * sum of the slots: {@code n} for {@code n} a multiple of {@code goroutines}. The cost
     * includes starting the goroutines once.
     */
    long barrier(int n, int goroutines) throws Exception;

    /**
     * Context tree: the main goroutine derives a root context that can be canceled and, depth
     * first, a tree of cancelable contexts below it with fan-out {@code div} and {@code leaves}
     * leaves ({@code leaves} a power of {@code div}: {@code leaves = 10^4} is 11,110 contexts
     * below the root); for the leaf numbered {@code i} it starts one goroutine that marks a wait
     * group {@code started} done and blocks in a receive on its leaf's done channel. Once all
     * have started, the main goroutine cancels the root and waits until every goroutine has
     * woken, seen its leaf canceled, set slot {@code i} of an array to one and marked a wait
     * group {@code finished} done. Answers the sum of the slots: {@code leaves}. The cost is
     * building the tree, the cancellation reaching every leaf and every goroutine waking.
     */
    long contextTree(int leaves, int div) throws Exception;

    /** A worker's own counters in {@link #counters} (and the shared total, under its mutex). */
    final class Tally {
        long sum;
        long count;
    }

    /** What a hung run prints before it is stopped: every thread's stack (a peer may add its own view). */
    default String dump() {
        StringBuilder s = new StringBuilder();
        Thread.getAllStackTraces().forEach((t, stack) -> {
            s.append('"').append(t.getName()).append("\" ").append(t.getState()).append('\n');
            for (StackTraceElement e : stack) {
                s.append("\tat ").append(e).append('\n');
            }
            s.append('\n');
        });
        return s.toString();
    }

    /** The {@code n} parked goroutines of {@link #parked}. */
    interface Parked {
        void releaseAndAwait() throws Exception;
    }

    /** The worker pool's task: a little arithmetic, the same in every peer (and in the Go program). */
    static long work(int task) {
        long x = task;
        return (x * x) % 1009 + (x & 7);
    }
}
