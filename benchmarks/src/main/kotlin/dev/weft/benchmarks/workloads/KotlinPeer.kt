package dev.weft.benchmarks.workloads

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.selects.selectUnbiased
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import java.util.concurrent.atomic.AtomicInteger

/**
 * The workloads on kotlinx.coroutines: `runBlocking(Dispatchers.Default)` as the main
 * goroutine, `GlobalScope.launch` (on `Dispatchers.Default`) as `go`, `Channel` (rendezvous or
 * buffered) as the channel. `go` is fire-and-forget like Go's, so coroutines are launched in
 * `GlobalScope` rather than as structured children, and a wait group is a counter with a
 * `CompletableDeferred` ([WaitGroup]): the same bookkeeping as the other peers, not Kotlin's
 * per-child job tree. A mutex is kotlinx.coroutines' suspending `Mutex`, a select is
 * `selectUnbiased` (Go's select picks at random among the ready cases; plain `select` always
 * prefers the first), and a context tree is a tree of `Job(parent)`s, a goroutine waiting on its
 * context's done channel a coroutine in `join()` of its leaf job.
 */
@OptIn(DelicateCoroutinesApi::class)
class KotlinPeer : Peer {
    /** Go's `sync.WaitGroup` for a count known up front. */
    private class WaitGroup(n: Int) {
        private val count = AtomicInteger(n)
        private val zero = CompletableDeferred<Unit>()

        init {
            if (n == 0) zero.complete(Unit)
        }

        fun done() {
            if (count.decrementAndGet() == 0) zero.complete(Unit)
        }

        suspend fun await() = zero.await()
    }

    private fun go(body: suspend () -> Unit) {
        GlobalScope.launch(Dispatchers.Default) { body() }
    }

    private fun <T> run(main: suspend () -> T): T = runBlocking(Dispatchers.Default) { main() }

    // ---- skynet ----

    override fun skynet(size: Int, div: Int): Long = run {
        val c = Channel<Long>()
        go { skynet(c, 0, size, div) }
        c.receive()
    }

    private suspend fun skynet(c: SendChannel<Long>, num: Long, size: Int, div: Int) {
        if (size == 1) {
            c.send(num)
            return
        }
        val rc = Channel<Long>()
        val childSize = size / div
        for (i in 0 until div) {
            val childNum = num + i.toLong() * childSize
            go { skynet(rc, childNum, childSize, div) }
        }
        var sum = 0L
        repeat(div) { sum += rc.receive() }
        c.send(sum)
    }

    // ---- spawn ----

    override fun spawn(n: Int): Long = run {
        val wg = WaitGroup(n)
        repeat(n) { go { wg.done() } }
        wg.await()
        n.toLong()
    }

    // ---- ping-pong ----

    override fun pingPong(n: Int): Long = run {
        val ping = Channel<Int>()
        val pong = Channel<Int>()
        go { repeat(n) { pong.send(ping.receive()) } }
        var sum = 0L
        for (i in 0 until n) {
            ping.send(i)
            sum += pong.receive()
        }
        sum
    }

    // ---- buffered ----

    override fun buffered(n: Int, capacity: Int): Long = run {
        val c = Channel<Int>(capacity)
        go { for (i in 0 until n) c.send(i) }
        var sum = 0L
        repeat(n) { sum += c.receive() }
        sum
    }

    // ---- worker pool ----

    override fun workerPool(n: Int, workers: Int, capacity: Int): Long = run {
        val tasks = Channel<Int>(capacity)
        val results = Channel<Long>(capacity)
        go {
            for (i in 0 until n) tasks.send(i)
            tasks.close()
        }
        repeat(workers) { go { worker(tasks, results) } }
        var sum = 0L
        repeat(n) { sum += results.receive() }
        sum
    }

    private suspend fun worker(tasks: ReceiveChannel<Int>, results: SendChannel<Long>) {
        for (t in tasks) results.send(Peer.work(t))
    }

    // ---- pipeline ----

    override fun pipeline(n: Int, stages: Int): Long = run {
        val first = Channel<Int>()
        go { for (i in 1..n) first.send(i) }
        var input: ReceiveChannel<Int> = first
        for (s in 1 until stages - 1) {
            val out = Channel<Int>()
            val from = input
            go { stage(from, out, n) }
            input = out
        }
        var sum = 0L
        repeat(n) { sum += input.receive() }
        sum
    }

    private suspend fun stage(input: ReceiveChannel<Int>, out: SendChannel<Int>, n: Int) {
        repeat(n) { out.send(input.receive() + 1) }
    }

    // ---- counters ----

    override fun counters(n: Int, workers: Int, slice: Int): Long = run {
        val cells = IntArray(workers * slice)
        val tallies = arrayOfNulls<Peer.Tally>(workers)
        val shared = Peer.Tally()
        val mu = Mutex()
        val wg = WaitGroup(workers)
        val passes = n / (workers * slice)
        for (w in 0 until workers) {
            go { counter(cells, w, slice, passes, tallies, shared, mu, wg) }
        }
        wg.await()
        var sum = shared.sum
        for (c in cells) sum += c
        for (t in tallies) sum += t!!.sum + t.count
        sum
    }

    private suspend fun counter(cells: IntArray, w: Int, slice: Int, passes: Int, tallies: Array<Peer.Tally?>,
                                shared: Peer.Tally, mu: Mutex, wg: WaitGroup) {
        val mine = Peer.Tally()
        val base = w * slice
        repeat(passes) {
            for (j in 0 until slice) {
                cells[base + j]++
                mine.sum += j
                mine.count++
            }
            mu.withLock { shared.sum += slice }
        }
        tallies[w] = mine
        wg.done()
    }

    // ---- fan-in ----

    override fun fanIn(n: Int, producers: Int): Long = run {
        val c = Channel<Int>()
        val per = n / producers
        for (k in 0 until producers) {
            val from = k * per
            go { produce(c, from, per) }
        }
        var sum = 0L
        repeat(n) { sum += c.receive() }
        sum
    }

    private suspend fun produce(c: SendChannel<Int>, from: Int, count: Int) {
        for (i in from until from + count) c.send(i)
    }

    // ---- select ----

    override fun select(n: Int): Long = run {
        val c0 = Channel<Int>()
        val c1 = Channel<Int>()
        val c2 = Channel<Int>()
        val c3 = Channel<Int>()
        val per = n / 4
        go { produce(c0, 0, per) }
        go { produce(c1, per, per) }
        go { produce(c2, 2 * per, per) }
        go { produce(c3, 3 * per, per) }
        var sum = 0L
        repeat(n) {
            sum += selectUnbiased<Int> {
                c0.onReceive { it }
                c1.onReceive { it }
                c2.onReceive { it }
                c3.onReceive { it }
            }
        }
        sum
    }

    // ---- mutex ----

    override fun mutex(n: Int, goroutines: Int): Long = run {
        val mu = Mutex()
        val counter = LongArray(1)
        val wg = WaitGroup(goroutines)
        repeat(goroutines) { go { locker(mu, counter, n / goroutines, wg) } }
        wg.await()
        counter[0]
    }

    private suspend fun locker(mu: Mutex, counter: LongArray, times: Int, wg: WaitGroup) {
        repeat(times) {
            mu.lock()
            counter[0]++
            mu.unlock()
        }
        wg.done()
    }

    // ---- barrier ----

    override fun barrier(n: Int, goroutines: Int): Long = run {
        val rounds = n / goroutines
        val start = Array(rounds) { Channel<Unit>() }
        val arrived = Array(rounds) { WaitGroup(goroutines) }
        val passed = IntArray(goroutines)
        for (g in 0 until goroutines) {
            go { member(g, start, arrived, passed) }
        }
        for (r in 0 until rounds) {
            start[r].close()
            arrived[r].await()
        }
        var sum = 0L
        for (p in passed) sum += p
        sum
    }

    private suspend fun member(g: Int, start: Array<Channel<Unit>>, arrived: Array<WaitGroup>, passed: IntArray) {
        for (r in start.indices) {
            start[r].receiveCatching() // closed: round r has begun
            passed[g]++
            arrived[r].done()
        }
    }

    // ---- context tree ----

    override fun contextTree(leaves: Int, div: Int): Long = run {
        val seen = IntArray(leaves)
        val started = WaitGroup(leaves)
        val finished = WaitGroup(leaves)
        val root = Job()
        tree(root, 0, leaves, div, seen, started, finished)
        started.await()
        root.cancel()
        finished.await()
        var sum = 0L
        for (s in seen) sum += s
        sum
    }

    /** Below `parent`, the subtree of `size` leaves numbered from `first`. */
    private fun tree(parent: Job, first: Int, size: Int, div: Int, seen: IntArray, started: WaitGroup,
                     finished: WaitGroup) {
        if (size == 1) {
            go { watch(parent, first, seen, started, finished) }
            return
        }
        val childSize = size / div
        for (i in 0 until div) {
            tree(Job(parent), first + i * childSize, childSize, div, seen, started, finished)
        }
    }

    private suspend fun watch(leaf: Job, i: Int, seen: IntArray, started: WaitGroup, finished: WaitGroup) {
        started.done()
        leaf.join()
        if (leaf.isCancelled) seen[i] = 1
        finished.done()
    }

    // ---- parked ----

    override fun parked(n: Int): Peer.Parked {
        val gate = Channel<Int>()
        val started = WaitGroup(n)
        val finished = WaitGroup(n)
        run {
            repeat(n) {
                go {
                    started.done()
                    level1(gate)
                    finished.done()
                }
            }
            started.await()
        }
        return Peer.Parked {
            gate.close()
            runBlocking { finished.await() }
        }
    }

    private suspend fun level1(gate: ReceiveChannel<Int>): Int = level2(gate) + 1

    private suspend fun level2(gate: ReceiveChannel<Int>): Int = level3(gate) + 1

    private suspend fun level3(gate: ReceiveChannel<Int>): Int = gate.receiveCatching().getOrNull() ?: 0
}
