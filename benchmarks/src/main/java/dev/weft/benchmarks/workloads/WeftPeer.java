package dev.weft.benchmarks.workloads;

import dev.weft.CancelableContext;
import dev.weft.CanceledException;
import dev.weft.Chan;
import dev.weft.Context;
import dev.weft.Go;
import dev.weft.Mutex;
import dev.weft.Select;
import dev.weft.Suspendable;
import dev.weft.WaitGroup;
import dev.weft.benchmarks.Weaving;

/**
 * The workloads on weft: {@link Go#run} as the main goroutine, {@link Go#go}, {@link Chan},
 * {@link Select}, {@link WaitGroup}, {@link Mutex} and {@link Context}. This class is woven at
 * build time (benchmarks/pom.xml); the constructor refuses to run if it was not, since an unwoven
 * goroutine pins its carrier at every park and the numbers would measure blocked threads.
 * benchmarks/workloads.sh also runs it with {@code -Dweft.strict=true}, so a park that pins
 * anyway fails the run instead of blocking.
 */
final class WeftPeer implements Peer {
    WeftPeer() {
        Weaving.requireRewritten(WeftPeer.class,
                "skynet(Ldev/weft/Chan;JII)V",
                "level1(Ldev/weft/Chan;)I", "level2(Ldev/weft/Chan;)I", "level3(Ldev/weft/Chan;)I",
                "worker(Ldev/weft/Chan;Ldev/weft/Chan;)V", "stage(Ldev/weft/Chan;Ldev/weft/Chan;I)V",
                "counter([IIII[Ldev/weft/benchmarks/workloads/Peer$Tally;Ldev/weft/benchmarks/workloads/Peer$Tally;"
                        + "Ldev/weft/Mutex;Ldev/weft/WaitGroup;)V",
                "produce(Ldev/weft/Chan;II)V", "receiveSum(Ldev/weft/Chan;I)J", "selectSum([Ldev/weft/Select$RecvCase;I)J",
                "locker(Ldev/weft/Mutex;[JILdev/weft/WaitGroup;)V",
                "member(I[Ldev/weft/Chan;[Ldev/weft/WaitGroup;[I)V", "lead([Ldev/weft/Chan;[Ldev/weft/WaitGroup;)V",
                "watch(Ldev/weft/Context;I[ILdev/weft/WaitGroup;Ldev/weft/WaitGroup;)V");
    }

    /** Go's goroutine dump, then the carriers' and other threads' stacks. */
    @Override
    public String dump() {
        return Go.dump() + "\n---- threads ----\n" + Peer.super.dump();
    }

    // ---- skynet ----

    @Override
    public long skynet(int size, int div) {
        return Go.run(() -> {
            Chan<Long> c = Chan.make();
            Go.go(() -> skynet(c, 0, size, div));
            return c.recv();
        });
    }

    @Suspendable
    static void skynet(Chan<Long> c, long num, int size, int div) {
        if (size == 1) {
            c.send(num);
            return;
        }
        Chan<Long> rc = Chan.make();
        int childSize = size / div;
        for (int i = 0; i < div; i++) {
            long childNum = num + (long) i * childSize;
            Go.go(() -> skynet(rc, childNum, childSize, div));
        }
        long sum = 0;
        for (int i = 0; i < div; i++) {
            sum += rc.recv();
        }
        c.send(sum);
    }

    // ---- spawn ----

    @Override
    public long spawn(int n) {
        return Go.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(n);
            for (int i = 0; i < n; i++) {
                Go.go(wg::done);
            }
            wg.await();
            return (long) n;
        });
    }

    // ---- ping-pong ----

    @Override
    public long pingPong(int n) {
        return Go.run(() -> {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    pong.send(ping.recv());
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                ping.send(i);
                sum += pong.recv();
            }
            return sum;
        });
    }

    // ---- buffered ----

    @Override
    public long buffered(int n, int capacity) {
        return Go.run(() -> {
            Chan<Integer> c = Chan.make(capacity);
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    c.send(i);
                }
            });
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += c.recv();
            }
            return sum;
        });
    }

    // ---- worker pool ----

    @Override
    public long workerPool(int n, int workers, int capacity) {
        return Go.run(() -> {
            Chan<Integer> tasks = Chan.make(capacity);
            Chan<Long> results = Chan.make(capacity);
            Go.go(() -> {
                for (int i = 0; i < n; i++) {
                    tasks.send(i);
                }
                tasks.close();
            });
            for (int w = 0; w < workers; w++) {
                Go.go(() -> worker(tasks, results));
            }
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += results.recv();
            }
            return sum;
        });
    }

    @Suspendable
    static void worker(Chan<Integer> tasks, Chan<Long> results) {
        for (Integer t; (t = tasks.recv()) != null; ) {
            results.send(Peer.work(t));
        }
    }

    // ---- pipeline ----

    @Override
    public long pipeline(int n, int stages) {
        return Go.run(() -> {
            Chan<Integer> first = Chan.make();
            Go.go(() -> {
                for (int i = 1; i <= n; i++) {
                    first.send(i);
                }
            });
            Chan<Integer> in = first;
            for (int s = 1; s < stages - 1; s++) {
                Chan<Integer> out = Chan.make();
                Chan<Integer> from = in;
                Go.go(() -> stage(from, out, n));
                in = out;
            }
            long sum = 0;
            for (int i = 0; i < n; i++) {
                sum += in.recv();
            }
            return sum;
        });
    }

    @Suspendable
    static void stage(Chan<Integer> in, Chan<Integer> out, int n) {
        for (int i = 0; i < n; i++) {
            out.send(in.recv() + 1);
        }
    }

    // ---- counters ----

    @Override
    public long counters(int n, int workers, int slice) {
        return Go.run(() -> {
            int[] cells = new int[workers * slice];
            Tally[] tallies = new Tally[workers];
            Tally shared = new Tally();
            Mutex mu = new Mutex();
            WaitGroup wg = new WaitGroup();
            int passes = n / (workers * slice);
            wg.add(workers);
            for (int w = 0; w < workers; w++) {
                int id = w;
                Go.go(() -> counter(cells, id, slice, passes, tallies, shared, mu, wg));
            }
            wg.await();
            long sum = shared.sum;
            for (int c : cells) {
                sum += c;
            }
            for (Tally t : tallies) {
                sum += t.sum + t.count;
            }
            return sum;
        });
    }

    @Suspendable
    static void counter(int[] cells, int w, int slice, int passes, Tally[] tallies, Tally shared,
                        Mutex mu, WaitGroup wg) {
        Tally mine = new Tally();
        int base = w * slice;
        for (int p = 0; p < passes; p++) {
            for (int j = 0; j < slice; j++) {
                cells[base + j]++;
                mine.sum += j;
                mine.count++;
            }
            mu.lock();
            shared.sum += slice;
            mu.unlock();
        }
        tallies[w] = mine;
        wg.done();
    }

    // ---- fan-in ----

    @Override
    public long fanIn(int n, int producers) {
        return Go.run(() -> {
            Chan<Integer> c = Chan.make();
            int per = n / producers;
            for (int k = 0; k < producers; k++) {
                int from = k * per;
                Go.go(() -> produce(c, from, per));
            }
            return receiveSum(c, n);
        });
    }

    /** Sends {@code from .. from + count - 1} on {@code c}: a fan-in or select producer. */
    @Suspendable
    static void produce(Chan<Integer> c, int from, int count) {
        for (int i = from; i < from + count; i++) {
            c.send(i);
        }
    }

    @Suspendable
    static long receiveSum(Chan<Integer> c, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += c.recv();
        }
        return sum;
    }

    // ---- select ----

    @Override
    public long select(int n) {
        return Go.run(() -> {
            Chan<Integer> c0 = Chan.make();
            Chan<Integer> c1 = Chan.make();
            Chan<Integer> c2 = Chan.make();
            Chan<Integer> c3 = Chan.make();
            int per = n / 4;
            Go.go(() -> produce(c0, 0, per));
            Go.go(() -> produce(c1, per, per));
            Go.go(() -> produce(c2, 2 * per, per));
            Go.go(() -> produce(c3, 3 * per, per));
            // The case objects are made once and reused by every select, as RecvCase allows:
            // Go's select keeps its cases on the stack, so neither allocates per select.
            @SuppressWarnings("unchecked")
            Select.RecvCase<Integer>[] cases = new Select.RecvCase[] {c0.onRecv(), c1.onRecv(), c2.onRecv(), c3.onRecv()};
            return selectSum(cases, n);
        });
    }

    /** {@code n} times {@code select { case v := <-c0: sum += v ... case v := <-c3: sum += v }}. */
    @Suspendable
    static long selectSum(Select.RecvCase<Integer>[] cases, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += cases[Select.select(cases)].value();
        }
        return sum;
    }

    // ---- mutex ----

    @Override
    public long mutex(int n, int goroutines) {
        return Go.run(() -> {
            Mutex mu = new Mutex();
            long[] counter = new long[1];
            WaitGroup wg = new WaitGroup();
            wg.add(goroutines);
            for (int g = 0; g < goroutines; g++) {
                Go.go(() -> locker(mu, counter, n / goroutines, wg));
            }
            wg.await();
            return counter[0];
        });
    }

    @Suspendable
    static void locker(Mutex mu, long[] counter, int times, WaitGroup wg) {
        for (int i = 0; i < times; i++) {
            mu.lock();
            counter[0]++;
            mu.unlock();
        }
        wg.done();
    }

    // ---- barrier ----

    @Override
    public long barrier(int n, int goroutines) {
        return Go.run(() -> {
            int rounds = n / goroutines;
            @SuppressWarnings("unchecked")
            Chan<Void>[] start = new Chan[rounds];
            WaitGroup[] arrived = new WaitGroup[rounds];
            for (int r = 0; r < rounds; r++) {
                start[r] = Chan.make();
                arrived[r] = new WaitGroup();
                arrived[r].add(goroutines);
            }
            int[] passed = new int[goroutines];
            for (int g = 0; g < goroutines; g++) {
                int id = g;
                Go.go(() -> member(id, start, arrived, passed));
            }
            lead(start, arrived);
            long sum = 0;
            for (int p : passed) {
                sum += p;
            }
            return sum;
        });
    }

    @Suspendable
    static void member(int g, Chan<Void>[] start, WaitGroup[] arrived, int[] passed) {
        for (int r = 0; r < start.length; r++) {
            start[r].recv(); // closed: round r has begun
            passed[g]++;
            arrived[r].done();
        }
    }

    @Suspendable
    static void lead(Chan<Void>[] start, WaitGroup[] arrived) {
        for (int r = 0; r < start.length; r++) {
            start[r].close();
            arrived[r].await();
        }
    }

    // ---- context tree ----

    @Override
    public long contextTree(int leaves, int div) {
        return Go.run(() -> {
            int[] seen = new int[leaves];
            WaitGroup started = new WaitGroup();
            WaitGroup finished = new WaitGroup();
            started.add(leaves);
            finished.add(leaves);
            CancelableContext root = Context.withCancel(Context.background());
            tree(root, 0, leaves, div, seen, started, finished);
            started.await();
            root.cancel();
            finished.await();
            long sum = 0;
            for (int s : seen) {
                sum += s;
            }
            return sum;
        });
    }

    /** Below {@code parent}, the subtree of {@code size} leaves numbered from {@code first}; it never parks. */
    static void tree(Context parent, int first, int size, int div, int[] seen, WaitGroup started, WaitGroup finished) {
        if (size == 1) {
            Go.go(() -> watch(parent, first, seen, started, finished));
            return;
        }
        int childSize = size / div;
        for (int i = 0; i < div; i++) {
            tree(Context.withCancel(parent), first + i * childSize, childSize, div, seen, started, finished);
        }
    }

    @Suspendable
    static void watch(Context leaf, int i, int[] seen, WaitGroup started, WaitGroup finished) {
        started.done();
        leaf.done().recv();
        if (leaf.err() instanceof CanceledException) {
            seen[i] = 1;
        }
        finished.done();
    }

    // ---- parked ----

    @Override
    public Parked parked(int n) {
        Chan<Integer> gate = Chan.make();
        WaitGroup started = new WaitGroup();
        WaitGroup finished = new WaitGroup();
        started.add(n);
        finished.add(n);
        // The run returns once every goroutine has started; they stay parked after it, as Go
        // lets goroutines outlive their creator.
        Go.run(() -> {
            for (int i = 0; i < n; i++) {
                Go.go(() -> {
                    started.done();
                    level1(gate);
                    finished.done();
                });
            }
            started.await();
        });
        return () -> {
            gate.close();
            finished.await(); // from this plain thread: blocks it
        };
    }

    @Suspendable
    static int level1(Chan<Integer> gate) {
        return level2(gate) + 1;
    }

    @Suspendable
    static int level2(Chan<Integer> gate) {
        return level3(gate) + 1;
    }

    @Suspendable
    static int level3(Chan<Integer> gate) {
        Integer v = gate.recv();
        return v == null ? 0 : v;
    }
}
