// Command workloads runs one of weft's whole-program workloads in Go, the reference the JVM
// peers are compared with, and prints the same machine-readable lines as the Java harness
// (dev.weft.benchmarks.workloads.Workloads):
//
//	RESULT workload=ping-pong peer=go n=1000000 metric=ns/op median=180.2 runs=5 samples=...
//	MEMORY workload=ping-pong peer=go vmhwm=12345678
//
// Usage: workloads <workload> [-n N] [-warmup K] [-iterations K] [-budget SECONDS] [-timeout SECONDS]
//
// Every workload has the same logic as the Java peers' (see Peer.java): same goroutines, same
// channels, same hand-offs, same checksum. benchmarks/workloads.sh builds and runs it;
// benchmarks/race.sh also builds it with -race. The MEMORY line, printed last, is the process's
// peak resident set (VmHWM of /proc/self/status, in bytes, warm-ups included).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	skynetDiv = 10
	buffer    = 128
	workers   = 8
	stages    = 5
	slice     = 1000 // each counters worker's share of the array

	faninProducers  = 1000  // senders on fanin's one channel
	mutexGoroutines = 100   // goroutines sharing mutex's lock
	barrierSize     = 10000 // goroutines meeting at waitgroup's barrier
	contextDiv      = 10    // fan-out of context's tree
)

var defaults = map[string]int{
	"skynet": 1_000_000, "spawn": 1_000_000, "ping-pong": 1_000_000, "buffered": 10_000_000,
	"parked": 1_000_000, "workerpool": 1_000_000, "pipeline": 1_000_000, "counters": 8_000_000,
	"fanin": 1_000_000, "select": 1_000_000, "mutex": 1_000_000, "waitgroup": 1_000_000, "context": 100_000,
}

// multipleOf is what n must be a multiple of, so that every goroutine of the workload gets an
// equal share (as in the Java harness).
var multipleOf = map[string]int{
	"counters": workers * slice, "fanin": faninProducers, "select": 4, "mutex": mutexGoroutines,
	"waitgroup": barrierSize,
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: workloads <workload> [-n N] [-warmup K] [-iterations K] [-budget SECONDS] [-timeout SECONDS]")
		os.Exit(2)
	}
	workload := os.Args[1]
	defN, ok := defaults[workload]
	if !ok {
		fmt.Fprintln(os.Stderr, "unknown workload", workload)
		os.Exit(2)
	}
	fs := flag.NewFlagSet("workloads", flag.ExitOnError)
	n := fs.Int("n", defN, "size")
	warmup := fs.Int("warmup", 2, "unmeasured iterations")
	iterations := fs.Int("iterations", 5, "measured iterations")
	budget := fs.Float64("budget", 20, "seconds after which no further iteration starts (at least 3 run)")
	timeout := fs.Float64("timeout", 120, "seconds one iteration may take before the run is stopped")
	fs.Parse(os.Args[2:])
	if m, ok := multipleOf[workload]; ok && *n%m != 0 {
		fmt.Fprintf(os.Stderr, "%s needs a multiple of %d, not %d\n", workload, m, *n)
		os.Exit(2)
	}
	if workload == "context" && !isPowerOf(*n, contextDiv) {
		fmt.Fprintf(os.Stderr, "context needs a power of %d, not %d\n", contextDiv, *n)
		os.Exit(2)
	}
	fmt.Printf("INFO go=%s peer=go GOMAXPROCS=%d\n", runtime.Version(), runtime.GOMAXPROCS(0))

	watchdog := newWatchdog(workload, time.Duration(*timeout*float64(time.Second)))
	budgetD := time.Duration(*budget * float64(time.Second))
	if workload == "parked" {
		parkedRuns(*n, *warmup, *iterations, budgetD, watchdog)
	} else {
		timedRuns(workload, *n, *warmup, *iterations, budgetD, watchdog)
	}
	fmt.Printf("MEMORY workload=%s peer=go vmhwm=%d\n", workload, statusBytes("VmHWM:"))
}

// ---- the harness ----

type watchdog struct{ start chan struct{} }

// newWatchdog stops the process when an iteration outlives timeout, printing TIMEOUT and every
// goroutine's stack.
func newWatchdog(workload string, timeout time.Duration) *watchdog {
	w := &watchdog{start: make(chan struct{}, 1)}
	go func() {
		t := time.NewTimer(timeout)
		for {
			select {
			case <-w.start:
				if !t.Stop() {
					<-t.C
				}
				t.Reset(timeout)
			case <-t.C:
				fmt.Printf("TIMEOUT workload=%s peer=go after=%.0fs\n", workload, timeout.Seconds())
				buf := make([]byte, 64<<20)
				os.Stderr.Write(buf[:runtime.Stack(buf, true)])
				os.Exit(3)
			}
		}
	}()
	return w
}

func (w *watchdog) iteration() { w.start <- struct{}{} }

func runOnce(workload string, n int) int64 {
	var got, want int64
	nn := int64(n)
	switch workload {
	case "skynet":
		got, want = skynetRoot(n, skynetDiv), nn*(nn-1)/2
	case "spawn":
		got, want = spawn(n), nn
	case "ping-pong":
		got, want = pingPong(n), nn*(nn-1)/2
	case "buffered":
		got, want = buffered(n, buffer), nn*(nn-1)/2
	case "workerpool":
		got = workerPool(n, workers, buffer)
		for i := 0; i < n; i++ {
			want += work(i)
		}
	case "pipeline":
		got, want = pipeline(n, stages), nn*(nn+1)/2+nn*(stages-2)
	case "counters":
		got, want = counters(n, workers, slice), 3*nn+nn*(slice-1)/2
	case "fanin":
		got, want = fanIn(n, faninProducers), nn*(nn-1)/2
	case "select":
		got, want = selectRecv(n), nn*(nn-1)/2
	case "mutex":
		got, want = mutex(n, mutexGoroutines), nn
	case "waitgroup":
		got, want = barrier(n, barrierSize), nn
	case "context":
		got, want = contextTree(n, contextDiv), nn
	}
	if got != want {
		fmt.Fprintf(os.Stderr, "%s: checksum %d, expected %d\n", workload, got, want)
		os.Exit(1)
	}
	return nn
}

func timedRuns(workload string, n, warmup, iterations int, budget time.Duration, w *watchdog) {
	start := time.Now()
	for i := 0; i < max(1, warmup); i++ {
		if i > 0 && time.Since(start) > budget/2 {
			break
		}
		w.iteration()
		runOnce(workload, n)
	}
	var samples []float64
	measureStart := time.Now()
	for i := 0; i < iterations; i++ {
		if i >= 3 && time.Since(measureStart) > budget {
			break
		}
		w.iteration()
		runtime.GC()
		t0 := time.Now()
		ops := runOnce(workload, n)
		elapsed := time.Since(t0)
		if workload == "skynet" {
			samples = append(samples, float64(elapsed.Nanoseconds())/1e6)
		} else {
			samples = append(samples, float64(elapsed.Nanoseconds())/float64(ops))
		}
	}
	metric := "ns/op"
	if workload == "skynet" {
		metric = "ms"
	}
	report(workload, n, metric, samples)
}

// parkedRuns reports, per parked goroutine, the growth of VmRSS and of the runtime's own
// accounting of live memory (heap in use plus goroutine stacks: in Go a goroutine's frames live
// on its stack, not the heap, so the stacks are its part of the "heap" the JVM peers report).
func parkedRuns(n, warmup, iterations int, budget time.Duration, w *watchdog) {
	// Warm up at a hundredth of the size, as the Java harness does.
	start := time.Now()
	for i := 0; i < max(1, warmup); i++ {
		if i > 0 && time.Since(start) > budget/2 {
			break
		}
		w.iteration()
		parked(max(1000, n/100))()
	}
	var rss, heap []float64
	measureStart := time.Now()
	for i := 0; i < iterations; i++ {
		if i >= 3 && time.Since(measureStart) > budget {
			break
		}
		w.iteration()
		runtime.GC()
		debug.FreeOSMemory()
		rss0, heap0 := rssBytes(), liveBytes()
		release := parked(n)
		time.Sleep(200 * time.Millisecond)
		runtime.GC()
		rss1, heap1 := rssBytes(), liveBytes()
		release()
		fmt.Printf("INFO parked iteration %d: rss %+.1f MiB, live %+.1f MiB\n", i,
			float64(rss1-rss0)/(1<<20), float64(heap1-heap0)/(1<<20))
		// As in the Java harness: the resident set from the first full-size park only.
		if i == 0 {
			rss = append(rss, float64(rss1-rss0)/float64(n))
		}
		heap = append(heap, float64(heap1-heap0)/float64(n))
	}
	report("parked", n, "B/goroutine-rss", rss)
	report("parked", n, "B/goroutine-heap", heap)
}

func liveBytes() int64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc + m.StackInuse)
}

func rssBytes() int64 { return statusBytes("VmRSS:") }

// statusBytes answers a size in kB of /proc/self/status (VmRSS:, VmHWM:) in bytes, 0 without /proc.
func statusBytes(key string) int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, key) {
			f := strings.Fields(line[len(key):])
			kb, _ := strconv.ParseInt(f[0], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func report(workload string, n int, metric string, samples []float64) {
	sorted := append([]float64(nil), samples...)
	sort.Float64s(sorted)
	m := len(sorted)
	median := sorted[m/2]
	if m%2 == 0 {
		median = (sorted[m/2-1] + sorted[m/2]) / 2
	}
	parts := make([]string, m)
	for i, v := range samples {
		parts[i] = strconv.FormatFloat(v, 'f', 2, 64)
	}
	fmt.Printf("RESULT workload=%s peer=go n=%d metric=%s median=%.2f runs=%d samples=%s\n",
		workload, n, metric, median, m, strings.Join(parts, ","))
}

func isPowerOf(n, base int) bool {
	for n > 1 && n%base == 0 {
		n /= base
	}
	return n == 1
}

func max(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// ---- the workloads (the same logic as Peer.java describes) ----

func skynetRoot(size, div int) int64 {
	c := make(chan int64)
	go skynet(c, 0, size, div)
	return <-c
}

func skynet(c chan<- int64, num int64, size, div int) {
	if size == 1 {
		c <- num
		return
	}
	rc := make(chan int64)
	childSize := size / div
	for i := 0; i < div; i++ {
		go skynet(rc, num+int64(i*childSize), childSize, div)
	}
	var sum int64
	for i := 0; i < div; i++ {
		sum += <-rc
	}
	c <- sum
}

func spawn(n int) int64 {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go wg.Done()
	}
	wg.Wait()
	return int64(n)
}

func pingPong(n int) int64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			pong <- <-ping
		}
	}()
	var sum int64
	for i := 0; i < n; i++ {
		ping <- i
		sum += int64(<-pong)
	}
	return sum
}

func buffered(n, capacity int) int64 {
	c := make(chan int, capacity)
	go func() {
		for i := 0; i < n; i++ {
			c <- i
		}
	}()
	var sum int64
	for i := 0; i < n; i++ {
		sum += int64(<-c)
	}
	return sum
}

func work(task int) int64 {
	x := int64(task)
	return (x*x)%1009 + (x & 7)
}

func workerPool(n, workers, capacity int) int64 {
	tasks := make(chan int, capacity)
	results := make(chan int64, capacity)
	go func() {
		for i := 0; i < n; i++ {
			tasks <- i
		}
		close(tasks)
	}()
	for w := 0; w < workers; w++ {
		go func() {
			for t := range tasks {
				results <- work(t)
			}
		}()
	}
	var sum int64
	for i := 0; i < n; i++ {
		sum += <-results
	}
	return sum
}

func pipeline(n, stages int) int64 {
	first := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			first <- i
		}
	}()
	in := first
	for s := 1; s < stages-1; s++ {
		out := make(chan int)
		go stage(in, out, n)
		in = out
	}
	var sum int64
	for i := 0; i < n; i++ {
		sum += int64(<-in)
	}
	return sum
}

func stage(in <-chan int, out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- <-in + 1
	}
}

// tally is a counters worker's own counters (and the shared total, under its mutex).
type tally struct{ sum, count int64 }

// counters: workers goroutines each own a slice of one shared []int32 and a tally they
// allocate; each makes n/(workers*slice) passes over its slice, incrementing element j and
// adding j to its tally's sum and one to its count, and after each pass adds slice to a total
// shared by all under a mutex; then it stores its tally in its slot and marks a wait group done.
// Memory accesses rather than hand-offs: what a race detector's cost is made of.
func counters(n, workers, slice int) int64 {
	cells := make([]int32, workers*slice)
	tallies := make([]*tally, workers)
	shared := &tally{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	passes := n / (workers * slice)
	wg.Add(workers)
	for w := 0; w < workers; w++ {
		go counter(cells, w, slice, passes, tallies, shared, &mu, &wg)
	}
	wg.Wait()
	sum := shared.sum
	for _, c := range cells {
		sum += int64(c)
	}
	for _, t := range tallies {
		sum += t.sum + t.count
	}
	return sum
}

func counter(cells []int32, w, slice, passes int, tallies []*tally, shared *tally, mu *sync.Mutex, wg *sync.WaitGroup) {
	mine := &tally{}
	base := w * slice
	for p := 0; p < passes; p++ {
		for j := 0; j < slice; j++ {
			cells[base+j]++
			mine.sum += int64(j)
			mine.count++
		}
		mu.Lock()
		shared.sum += int64(slice)
		mu.Unlock()
	}
	tallies[w] = mine
	wg.Done()
}

// fanIn: producers goroutines send n/producers values each on one unbuffered channel, producer k
// the values k*per .. k*per+per-1; the main goroutine receives all n.
func fanIn(n, producers int) int64 {
	c := make(chan int)
	per := n / producers
	for k := 0; k < producers; k++ {
		go produce(c, k*per, per)
	}
	var sum int64
	for i := 0; i < n; i++ {
		sum += int64(<-c)
	}
	return sum
}

// produce sends from .. from+count-1 on c: a fanin or select producer.
func produce(c chan<- int, from, count int) {
	for i := from; i < from+count; i++ {
		c <- i
	}
}

// selectRecv: four producers, each on its own unbuffered channel, n/4 values each; the main
// goroutine receives all n through one select over the four.
func selectRecv(n int) int64 {
	c0, c1, c2, c3 := make(chan int), make(chan int), make(chan int), make(chan int)
	per := n / 4
	go produce(c0, 0, per)
	go produce(c1, per, per)
	go produce(c2, 2*per, per)
	go produce(c3, 3*per, per)
	var sum int64
	for i := 0; i < n; i++ {
		select {
		case v := <-c0:
			sum += int64(v)
		case v := <-c1:
			sum += int64(v)
		case v := <-c2:
			sum += int64(v)
		case v := <-c3:
			sum += int64(v)
		}
	}
	return sum
}

// mutex: goroutines goroutines each lock one shared mutex, increment one shared counter and
// unlock, n/goroutines times; the counter ends at n.
func mutex(n, goroutines int) int64 {
	var mu sync.Mutex
	var counter int64
	var wg sync.WaitGroup
	wg.Add(goroutines)
	for g := 0; g < goroutines; g++ {
		go func() {
			for i := 0; i < n/goroutines; i++ {
				mu.Lock()
				counter++
				mu.Unlock()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return counter
}

// barrier: goroutines goroutines, started once, meet n/goroutines times. In round r the main
// goroutine closes start[r] and waits on arrived[r]; each goroutine receives from start[r], adds
// one to its own slot of passed and marks arrived[r] done.
func barrier(n, goroutines int) int64 {
	rounds := n / goroutines
	start := make([]chan struct{}, rounds)
	arrived := make([]sync.WaitGroup, rounds)
	for r := range start {
		start[r] = make(chan struct{})
		arrived[r].Add(goroutines)
	}
	passed := make([]int32, goroutines)
	for g := 0; g < goroutines; g++ {
		go func(g int) {
			for r := 0; r < rounds; r++ {
				<-start[r] // closed: round r has begun
				passed[g]++
				arrived[r].Done()
			}
		}(g)
	}
	for r := 0; r < rounds; r++ {
		close(start[r])
		arrived[r].Wait()
	}
	var sum int64
	for _, p := range passed {
		sum += int64(p)
	}
	return sum
}

// contextTree: a tree of cancelable contexts with fan-out div and leaves leaves below a root,
// built depth first, one goroutine per leaf blocked on its Done(); once all have started, the
// root is canceled and every goroutine must wake and see its leaf canceled.
func contextTree(leaves, div int) int64 {
	seen := make([]int32, leaves)
	var started, finished sync.WaitGroup
	started.Add(leaves)
	finished.Add(leaves)
	root, cancel := context.WithCancel(context.Background())
	tree(root, 0, leaves, div, seen, &started, &finished)
	started.Wait()
	cancel()
	finished.Wait()
	var sum int64
	for _, s := range seen {
		sum += int64(s)
	}
	return sum
}

// tree derives, below parent, the subtree of size leaves numbered from first.
func tree(parent context.Context, first, size, div int, seen []int32, started, finished *sync.WaitGroup) {
	if size == 1 {
		go watch(parent, first, seen, started, finished)
		return
	}
	childSize := size / div
	for i := 0; i < div; i++ {
		child, _ := context.WithCancel(parent) // canceled by the root's cancel (go vet's lostcancel cannot see that)
		tree(child, first+i*childSize, childSize, div, seen, started, finished)
	}
}

func watch(leaf context.Context, i int, seen []int32, started, finished *sync.WaitGroup) {
	started.Done()
	<-leaf.Done()
	if leaf.Err() == context.Canceled {
		seen[i] = 1
	}
	finished.Done()
}

// parked starts n goroutines that each block receiving from one shared channel three calls
// deep, waits until all have started, and answers a function that closes the channel and waits
// until every one has returned.
func parked(n int) func() {
	gate := make(chan int)
	var started, finished sync.WaitGroup
	started.Add(n)
	finished.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			level1(gate)
			finished.Done()
		}()
	}
	started.Wait()
	return func() {
		close(gate)
		finished.Wait()
	}
}

//go:noinline
func level1(gate <-chan int) int { return level2(gate) + 1 }

//go:noinline
func level2(gate <-chan int) int { return level3(gate) + 1 }

//go:noinline
func level3(gate <-chan int) int { return <-gate }
