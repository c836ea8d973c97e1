package dev.weft.benchmarks.workloads

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.GlobalScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import java.util.concurrent.atomic.AtomicInteger

/**
 * The workloads on kotlinx.coroutines: `runBlocking(Dispatchers.Default)` as the main
 * goroutine, `GlobalScope.launch` (on `Dispatchers.Default`) as `go`, `Channel` (rendezvous or
 * buffered) as the channel. `go` is fire-and-forget like Go's, so coroutines are launched in
 * `GlobalScope` rather than as structured children, and a wait group is a counter with a
 * `CompletableDeferred` ([WaitGroup]): the same bookkeeping as the other peers, not Kotlin's
 * per-child job tree. A mutex is kotlinx.coroutines' suspending `Mutex`.
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
