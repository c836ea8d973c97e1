#!/usr/bin/env bash
# Whole-program workloads: weft side by side with Go, JDK virtual threads, Kotlin coroutines and
# platform threads, printed as one table of medians with weft's ratio to the best other peer and
# weft's targets.
#
#   bash benchmarks/workloads.sh                        # every workload on every peer (~25 min, 2 cores)
#   bash benchmarks/workloads.sh ping-pong weft         # one workload on one peer, quickly
#   bash benchmarks/workloads.sh skynet,spawn weft,go   # lists are comma-separated; "all" is every one
#   PROCS="1 2" bash benchmarks/workloads.sh select     # each cell at GOMAXPROCS 1, then 2: a row each
#
# Workloads: skynet spawn ping-pong buffered parked workerpool pipeline counters
#            fanin select mutex waitgroup context
#   skynet      1M goroutines, a tree of 10-way fan-out summing over unbuffered channels (ms total)
#   spawn       1M trivial goroutines and a wait group (ns per goroutine)
#   ping-pong   1M round trips over two unbuffered channels between two goroutines (ns per round trip)
#   buffered    10M ints through a 128-slot channel, one producer, one consumer (ns per message)
#   parked      1M goroutines parked in a receive 3 calls deep: growth of VmRSS and of the used heap
#               after GC, per goroutine (bytes); the resident set from the first 1M park of the process
#   workerpool  8 workers over 1M small tasks, tasks and results through 128-slot channels (ns per task)
#   pipeline    5 goroutines in a line joined by unbuffered channels, 1M items (ns per item)
#   counters    8 goroutines each updating its own slice of one int array and its own struct fields,
#               a mutex-guarded shared total, a wait group: 8M updates (ns per update); memory
#               accesses rather than hand-offs, for race.sh (race mode's cost is per access)
#   fanin       1,000 producers each sending 1k ints into one unbuffered channel, one receiver:
#               1M messages (ns per message)
#   select      4 producers, each with its own unbuffered channel, and one goroutine looping over a
#               select on the 4: 1M messages (ns per message). The JDK has no select: the thread
#               peers' stand-in is a semaphore counting the producers' offers, the consumer taking
#               a permit and then polling their SynchronousQueues round-robin (ThreadPeer.select);
#               Kotlin's is selectUnbiased, as Go's select picks at random among ready cases
#   mutex       100 goroutines each locking one shared mutex, incrementing a shared counter and
#               unlocking, 10k times: 1M locks (ns per lock). Threads: ReentrantLock; Kotlin: Mutex
#   waitgroup   a barrier of 10,000 goroutines started once, 100 rounds: in each, the main goroutine
#               closes the round's start channel and waits on the round's wait group; every goroutine
#               wakes on that close and marks the wait group done (ns per goroutine per round,
#               starting them included). Threads: a CountDownLatch(1) in place of the close
#   context     a tree of contexts derived with withCancel, fan-out 10, 100k leaves (111,110 below
#               the root), one goroutine per leaf blocked on its done channel; the root is canceled
#               and every goroutine must wake and see it (ns per goroutine: build, cancel, wake).
#               Kotlin: a tree of Job(parent), each goroutine in its leaf's join(); threads (the JDK
#               has no context): a tree of CompletableFuture, a child its parent's copy(), each
#               thread in its leaf's join()
# Peers (columns):
#   weft        dev.weft on JDK 17 ($JAVA17), classes woven at build time (checked: see below)
#   weft25      the same on JDK 25 ($JAVA25); skipped if there is no JDK 25
#   weft-jfr    weft on JDK 17 under a flight recording with the JDK's default settings
#               (-XX:StartFlightRecording): what weft's events cost while a recording runs; like
#               weft25, it is weft, so it is not among the peers weft is compared with
#   go          benchmarks/go, built here with `go build` ($GO); "not installed" without Go
#   virtual     JDK virtual threads on JDK 25; SynchronousQueue / ArrayBlockingQueue(128) as channels
#   kotlin      kotlinx.coroutines (Dispatchers.Default, Channel) on JDK 17
#   platform    platform threads on JDK 17, same queues. 1M platform threads at once is not feasible,
#               so its skynet/spawn/parked/waitgroup/context (and slow hand-off workloads) run
#               smaller: see PLATFORM_N below; the table shows such a cell's size, and it is left out
#               of the ratio. Its waitgroup is one round: mostly starting its 10,000 threads.
# The same logic for every peer is described in src/main/java/dev/weft/benchmarks/workloads/Peer.java.
#
# Each cell is its own process: warm-up iterations, then measured ones (each after a full GC), and
# the median of the measured ones. Iterations stop early (never below 3) once a cell has spent its
# budget; an iteration that outlives the harness's timeout prints TIMEOUT and the peer's dump (for
# weft, its goroutine dump) into benchmarks/target/workloads/<workload>-<peer>.err (with PROCS set,
# <workload>-<peer>-procs<N>.err) and stops; the whole process is also killed after $TIMEOUT
# seconds. A wrong checksum makes the cell FAIL. The script exits non-zero if any cell hung or
# failed.
#
# Environment:
#   JAVA17, JAVA25, GO      the runtimes (defaults: /usr/lib/jvm/java-17-openjdk-amd64,
#                           /usr/lib/jvm/temurin-25-jdk-amd64, go on PATH)
#   WARMUP, ITERATIONS      per cell (defaults 2 and 5; parked: 1 and 3)
#   BUDGET                  seconds of measuring after which a cell starts no new iteration (10)
#   TIMEOUT                 seconds after which a cell's process is killed (240)
#   N                       one size for every cell instead of the defaults (skynet, context: a power
#                           of 10; fanin: a multiple of 1000, select of 4, mutex of 100, waitgroup of
#                           10000)
#   PROCS                   GOMAXPROCS settings, e.g. "1 2": every cell runs at each, and the table has
#                           a row per (workload, setting). Unset (the default): one setting, the
#                           machine's, with no flag passed, so every command is as without PROCS.
#                           Set, each peer gets N: weft -Dweft.maxprocs=N; Go GOMAXPROCS=N; every JVM
#                           (weft's too) -XX:ActiveProcessorCount=N, which sizes the virtual-thread
#                           scheduler, Dispatchers.Default and the JVM's GC and JIT threads. For
#                           platform threads that only limits the JVM's view, not the OS scheduler,
#                           so below the machine's cpu count every peer also runs under
#                           `taskset -c 0-(N-1)` (if taskset is installed; the table says so), which
#                           gives every peer the same N cores
#   MVN_FLAGS               extra flags for the build (e.g. -o)
#
# weft's numbers are meaningless unless its goroutines unwind when they park: an unwoven goroutine
# pins its carrier. The build weaves the benchmark classes (benchmarks/pom.xml, process-classes);
# this script refuses to run if WeftPeer lacks @dev.weft.internal.cont.Woven, the harness refuses
# if a workload method was not rewritten, and weft runs with -Dweft.strict=true, so a park that
# pins anyway fails its cell (marked PIN) instead of quietly blocking a carrier.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
out="$here/target/workloads"
main=dev.weft.benchmarks.workloads.Workloads
JAVA17="${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
GO="${GO:-go}"
BUDGET="${BUDGET:-10}"
TIMEOUT="${TIMEOUT:-240}"

all_workloads=(skynet spawn ping-pong buffered parked workerpool pipeline counters fanin select mutex waitgroup context)
all_peers=(weft weft25 weft-jfr go virtual kotlin platform)

# Sizes platform threads can take (one thread per goroutine; a hand-off costs microseconds).
declare -A PLATFORM_N=(
    [skynet]=10000 [spawn]=10000 [parked]=10000
    [ping-pong]=100000 [buffered]=1000000 [workerpool]=200000 [pipeline]=100000 [counters]=8000000
    [fanin]=100000 [select]=100000 [mutex]=1000000 [waitgroup]=10000 [context]=10000
)
declare -A DEFAULT_N=(
    [skynet]=1000000 [spawn]=1000000 [ping-pong]=1000000 [buffered]=10000000
    [parked]=1000000 [workerpool]=1000000 [pipeline]=1000000 [counters]=8000000
    [fanin]=1000000 [select]=1000000 [mutex]=1000000 [waitgroup]=1000000 [context]=100000
)

die() { echo "workloads.sh: $*" >&2; exit 1; }

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
fi

picked=()
pick() { # pick <given> <all...>: sets picked to the comma-separated selection, or to all
    local given="$1" item; shift
    picked=()
    if [[ -z "$given" || "$given" == all ]]; then picked=("$@"); return; fi
    for item in ${given//,/ }; do
        [[ " $* " == *" $item "* ]] || die "unknown name '$item'; one of: $* (or all)"
        picked+=("$item")
    done
}
pick "${1:-all}" "${all_workloads[@]}"; workloads=("${picked[@]}")
pick "${2:-all}" "${all_peers[@]}"; peers=("${picked[@]}")

wants() { [[ " ${peers[*]} " == *" $1 "* ]]; }

cpus="$(nproc)"
procs_set=false
procs_list=("$cpus")
if [[ -n "${PROCS:-}" ]]; then
    procs_set=true
    # shellcheck disable=SC2206  # a list of numbers
    procs_list=(${PROCS//,/ })
    for n in "${procs_list[@]}"; do
        [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "PROCS: '$n' is not a positive number"
    done
fi
have_taskset=false
command -v taskset > /dev/null 2>&1 && have_taskset=true

# ---- build ----------------------------------------------------------------------------------

[[ -x "$JAVA17/bin/java" ]] || die "no JDK 17 at $JAVA17 (set JAVA17)"
have25=false
[[ -x "$JAVA25/bin/java" ]] && have25=true

stale() {
    [[ ! -f "$jar" ]] && return 0
    [[ -n "$(find "$root/pom.xml" "$here/pom.xml" "$here/src" \
                  "$root/runtime/pom.xml" "$root/runtime/src/main" \
                  "$root/instrumenter/pom.xml" "$root/instrumenter/src/main" \
                  "$root/maven-plugin/pom.xml" "$root/maven-plugin/src/main" \
                  -newer "$jar" -type f -print -quit 2>/dev/null)" ]]
}
needs_jar=false
for p in "${peers[@]}"; do [[ "$p" != go ]] && needs_jar=true; done
if $needs_jar && stale; then
    echo "# building $jar" >&2
    # package, not install: the jar needs the reactor's runtime and instrumenter, not ~/.m2's.
    # -DskipTests, not -Dmaven.test.skip: the runtime's build weaves its test classes.
    # shellcheck disable=SC2086  # MVN_FLAGS is a list of flags
    JAVA_HOME="$JAVA17" mvn -B -q ${MVN_FLAGS:-} -f "$root/pom.xml" -pl benchmarks -am package -DskipTests >&2 \
        || die "the build failed"
fi
if $needs_jar; then
    # The woven marker, read from the class file in the jar that runs (not from the sources).
    "$JAVA17/bin/javap" -v -cp "$jar" dev.weft.benchmarks.workloads.WeftPeer 2>/dev/null \
        | grep -q 'Ldev/weft/internal/cont/Woven;' \
        || die "dev.weft.benchmarks.workloads.WeftPeer in $jar carries no @dev.weft.internal.cont.Woven:" \
               "the weft workloads were not woven, so their goroutines would pin carriers (see benchmarks/pom.xml)"
fi

gobin=""
if wants go; then
    if command -v "$GO" > /dev/null 2>&1; then
        gobin="$here/target/go-workloads"
        if [[ ! -x "$gobin" || -n "$(find "$here/go" -newer "$gobin" -type f -print -quit)" ]]; then
            mkdir -p "$here/target"
            (cd "$here/go" && "$GO" build -o "$gobin" .) || die "go build failed"
        fi
    fi
fi

# ---- runs -------------------------------------------------------------------------------------

mkdir -p "$out"
results="$out/results.txt"
: > "$results"

jvm_flags() { # jvm_flags <workload>
    if [[ "$1" == parked ]]; then
        # Serial GC with a small fixed young generation and a heap that starts small: the resident
        # set grows by what the parked goroutines hold, plus at most the 48 MB of eden.
        echo "-XX:+UseSerialGC -Xms128m -Xmn48m -Xmx6g -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20"
    else
        echo "-Xms1g -Xmx4g"
    fi
}

run_cell() { # run_cell <workload> <peer> <procs>
    local w="$1" p="$2" procs="$3" n warm iters cmd=() rc status=""
    n="${N:-${DEFAULT_N[$w]}}"
    [[ "$p" == platform && -z "${N:-}" ]] && n="${PLATFORM_N[$w]}"
    warm="${WARMUP:-2}"; iters="${ITERATIONS:-5}"
    if [[ "$w" == parked ]]; then warm="${WARMUP:-1}"; iters="${ITERATIONS:-3}"; fi
    local opts=(--n "$n" --warmup "$warm" --iterations "$iters" --budget "$BUDGET" --timeout "$((TIMEOUT - 20))")
    # shellcheck disable=SC2207  # flags are words
    local flags=($(jvm_flags "$w"))
    # weft: a park that would pin its carrier throws (PinnedError) instead, so the cell FAILs
    local strict=(-Dweft.strict=true)
    # PROCS: every JVM sees $procs processors, weft and Go run $procs goroutines at once, and below
    # the machine's count every peer is pinned to the first $procs cpus (see the header)
    local pin=() goenv=() maxprocs=()
    if $procs_set; then
        flags+=("-XX:ActiveProcessorCount=$procs")
        maxprocs=("-Dweft.maxprocs=$procs")
        goenv=(env "GOMAXPROCS=$procs")
        if $have_taskset && ((procs < cpus)); then pin=(taskset -c "0-$((procs - 1))"); fi
    fi
    case "$p" in
        weft)     cmd=("$JAVA17/bin/java" "${flags[@]}" "${strict[@]}" "${maxprocs[@]}" -cp "$jar" "$main" "$w" weft "${opts[@]}") ;;
        weft-jfr) cmd=("$JAVA17/bin/java" "${flags[@]}" "${strict[@]}" "${maxprocs[@]}"
                       "-XX:StartFlightRecording=settings=default,filename=$out/$w-$p.jfr"
                       -cp "$jar" "$main" "$w" weft "${opts[@]}") ;;
        weft25)   $have25 || { status="no JDK 25"; }
                  cmd=("$JAVA25/bin/java" "${flags[@]}" "${strict[@]}" "${maxprocs[@]}" -cp "$jar" "$main" "$w" weft "${opts[@]}") ;;
        virtual)  $have25 || { status="no JDK 25"; }
                  cmd=("$JAVA25/bin/java" "${flags[@]}" -cp "$jar" "$main" "$w" virtual "${opts[@]}") ;;
        kotlin)   cmd=("$JAVA17/bin/java" "${flags[@]}" -cp "$jar" "$main" "$w" kotlin "${opts[@]}") ;;
        platform) cmd=("$JAVA17/bin/java" "${flags[@]}" -cp "$jar" "$main" "$w" platform "${opts[@]}") ;;
        go)       [[ -n "$gobin" ]] || status="not installed"
                  cmd=("${goenv[@]}" "$gobin" "$w" "${opts[@]}") ;;
    esac
    cmd=("${pin[@]}" "${cmd[@]}")
    local log="$out/$w-$p"
    $procs_set && log="$log-procs$procs"
    if [[ -z "$status" ]]; then
        printf '# %-10s %-8s procs=%-3s n=%-8s ' "$w" "$p" "$procs" "$n" >&2
        local t0=$SECONDS
        timeout --kill-after=10 "$TIMEOUT" "${cmd[@]}" > "$log.out" 2> "$log.err"
        rc=$?
        case "$rc" in
            0) status=ok ;;
            3|124|137) status=TIMEOUT ;;
            *) status=FAIL ;;
        esac
        grep -q '^TIMEOUT' "$log.out" && status=TIMEOUT
        echo "$status ($((SECONDS - t0)) s)" >&2
        sed "s/ peer=weft / peer=$p /; s/\$/ procs=$procs/" "$log.out" | grep '^RESULT' >> "$results"
        if [[ "$p" == weft* ]] && grep -q 'PinnedError\|pinned its carrier' "$log.err"; then
            echo "CELL workload=$w peer=$p procs=$procs flag=pinned" >> "$results"
            echo "#   weft pinned a carrier (see $log.err): its numbers would measure blocked threads" >&2
        fi
        [[ "$status" != ok ]] && echo "#   see $log.err" >&2
    fi
    echo "CELL workload=$w peer=$p procs=$procs status=${status// /_} n=$n" >> "$results"
}

# CPU time stolen by the hypervisor (a shared VM) makes every number slower: report its share.
cpu_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9 }' /proc/stat; }
read -r total_before steal_before <<< "$(cpu_ticks)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for w in "${workloads[@]}"; do
    for procs in "${procs_list[@]}"; do
        for p in "${peers[@]}"; do
            run_cell "$w" "$p" "$procs"
        done
    done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
read -r total_after steal_after <<< "$(cpu_ticks)"
steal="$(awk -v t="$((total_after - total_before))" -v s="$((steal_after - steal_before))" \
    'BEGIN { printf("%.0f%%", (t > 0) ? 100 * s / t : 0) }')"

# ---- the table --------------------------------------------------------------------------------

commit="$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')"
echo
echo "weft workloads  $(date -u '+%Y-%m-%d %H:%M UTC')  commit $commit  $cpus cpus"
echo "load average $load_before (start) / $load_after (end); CPU time stolen by the hypervisor: $steal"
echo "JDK 17: $("$JAVA17/bin/java" -version 2>&1 | head -1)"
$have25 && echo "JDK 25: $("$JAVA25/bin/java" -version 2>&1 | head -1)"
[[ -n "$gobin" ]] && echo "Go:     $("$GO" version)"
[[ -n "${N:-}" ]] && echo "every cell at n=$N (N set)"
if $procs_set; then
    pinning="not pinned: no taskset, so below $cpus only the runtimes' view is limited"
    $have_taskset && pinning="below $cpus also taskset -c 0-(N-1)"
    echo "procs ${procs_list[*]} (PROCS set): GOMAXPROCS, -Dweft.maxprocs and -XX:ActiveProcessorCount; $pinning"
fi
echo

defaults=""
for w in "${!DEFAULT_N[@]}"; do defaults+="$w=${DEFAULT_N[$w]} "; done
awk -v peers="${peers[*]}" -v workloads="${workloads[*]}" -v procsList="${procs_list[*]}" -v defaults="$defaults" '
function fmt(v) {
    if (v >= 100) return sprintf("%.0f", v)
    if (v >= 10) return sprintf("%.1f", v)
    return sprintf("%.2f", v)
}
function short(n) {
    if (n >= 1000000 && n % 1000000 == 0) return (n / 1000000) "M"
    if (n >= 1000 && n % 1000 == 0) return (n / 1000) "k"
    return n
}
# A row of the table is a (row, procs) pair, keyed "row@procs"; a cell adds the peer.
/^RESULT/ || /^CELL/ {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    w = f["workload"]; p = f["peer"]
    if ($1 == "RESULT") {
        row = w
        if (w == "parked") row = (f["metric"] ~ /rss/) ? "parked-rss" : "parked-heap"
        val[row "@" f["procs"], p] = f["median"]; size[row "@" f["procs"], p] = f["n"]
    } else if ("status" in f) {
        status[w "@" f["procs"], p] = f["status"]
    } else if (f["flag"] == "pinned") {
        pinned[w "@" f["procs"], p] = 1
    }
}
END {
    np = split(peers, P, " "); nw = split(workloads, W, " "); nprocs = split(procsList, PR, " ")
    nd = split(defaults, D, " ")
    for (i = 1; i <= nd; i++) { split(D[i], kv, "="); defaultN[kv[1]] = kv[2] }
    label["weft"] = "weft"; label["weft25"] = "weft JDK25"; label["weft-jfr"] = "weft+JFR"; label["go"] = "Go"
    label["virtual"] = "virtual thr"; label["kotlin"] = "Kotlin"; label["platform"] = "platform thr"
    unit["skynet"] = "ms total"; unit["spawn"] = "ns/goroutine"; unit["ping-pong"] = "ns/round trip"
    unit["buffered"] = "ns/message"; unit["parked-rss"] = "B/goroutine RSS"
    unit["parked-heap"] = "B/goroutine heap"; unit["workerpool"] = "ns/task"; unit["pipeline"] = "ns/item"
    unit["counters"] = "ns/update"; unit["fanin"] = "ns/message"; unit["select"] = "ns/message"
    unit["mutex"] = "ns/lock"; unit["waitgroup"] = "ns/goroutine/rnd"; unit["context"] = "ns/goroutine"
    target["parked-rss"] = 300
    printf "%-12s %5s %-17s", "workload", "procs", "unit"
    for (j = 1; j <= np; j++) printf " %14s", label[P[j]]
    printf "  %-20s %s\n", "weft/best other", "target (weft, JDK 17)"
    for (i = 1; i <= nw; i++) {
        w = W[i]
        nrows = (w == "parked") ? 2 : 1
        for (q = 1; q <= nprocs; q++) {
            procs = PR[q]; c = w "@" procs
            for (r = 1; r <= nrows; r++) {
                row = (w == "parked") ? (r == 1 ? "parked-rss" : "parked-heap") : w
                k = row "@" procs
                full = defaultN[w]
                if ((k, "weft") in size) full = size[k, "weft"]
                printf "%-12s %5s %-17s", row, procs, unit[row]
                best = ""; bestPeer = ""; bestJvm = ""
                for (j = 1; j <= np; j++) {
                    p = P[j]
                    if ((k, p) in val) {
                        cell = fmt(val[k, p])
                        if (size[k, p] != full) cell = cell " (n=" short(size[k, p]) ")"
                        if (pinned[c, p]) cell = cell " PIN"
                        if (p !~ /^weft/ && size[k, p] == size[k, "weft"] && (best == "" || val[k, p] + 0 < best + 0)) {
                            best = val[k, p]; bestPeer = label[p]
                        }
                        if (p !~ /^weft/ && p != "go" && size[k, p] == size[k, "weft"] && (bestJvm == "" || val[k, p] + 0 < bestJvm + 0)) {
                            bestJvm = val[k, p]
                        }
                    } else if ((c, p) in status) {
                        cell = status[c, p]; gsub("_", " ", cell)
                        if (pinned[c, p]) cell = "PIN " cell
                    } else {
                        cell = "-"
                    }
                    printf " %14s", cell
                }
                ratio = "-"
                if ((k, "weft") in val && best != "" && best + 0 > 0 && val[k, "weft"] + 0 > 0) {
                    ratio = sprintf("%.2fx %s", val[k, "weft"] / best, bestPeer)
                }
                # The goals: each row at or below Go and at most 1/1.5 of the best JVM peer
                # (both at the size weft ran); the parked resident set at most 300 B.
                t = "-"
                if (row in target) {
                    t = "<= " target[row]
                    if ((k, "weft") in val) t = t ((val[k, "weft"] + 0 <= target[row]) ? ": met" : ": missed")
                } else if (row != "parked-heap" && row != "counters" && (k, "weft") in val) {
                    t = ""; ok = 1
                    if ((k, "go") in val && size[k, "go"] == size[k, "weft"]) {
                        t = "<= Go " fmt(val[k, "go"]); ok = ok && val[k, "weft"] + 0 <= val[k, "go"] + 0
                    }
                    if (bestJvm != "") {
                        t = t (t == "" ? "" : ", ") "<= JVM/1.5 " fmt(bestJvm / 1.5); ok = ok && val[k, "weft"] + 0 <= bestJvm / 1.5
                    }
                    t = (t == "") ? "-" : t (ok ? ": met" : ": missed")
                }
                printf "  %-20s %s\n", ratio, t
            }
        }
    }
    print ""
    print "Lower is better everywhere. Medians of the measured iterations (parked RSS: the first full-size"
    print "park of a fresh process). (n=...) marks a size other than the row\x27s default; the ratio is weft"
    print "on JDK 17 over the best other peer run at the same size and procs as weft. procs: GOMAXPROCS"
    print "(the machine\x27s cpus unless PROCS is set). TIMEOUT/FAIL: see benchmarks/target/workloads/"
    print "<workload>-<peer>.err (-procs<N> with PROCS set). PIN: a weft goroutine pinned its carrier."
}' "$results"
echo
echo "raw results: $results"
# Non-zero when a cell hung or failed, so a caller can tell a complete table from a broken one.
! grep -q 'status=\(TIMEOUT\|FAIL\)' "$results"
