#!/usr/bin/env bash
# Whole-program workloads: weft side by side with Go, JDK virtual threads, Kotlin coroutines and
# platform threads, printed as one table of medians with weft's ratio to the best other peer and
# weft's targets.
#
#   bash benchmarks/workloads.sh                        # every workload on every peer (~15 min, 2 cores)
#   bash benchmarks/workloads.sh ping-pong weft         # one workload on one peer, quickly
#   bash benchmarks/workloads.sh skynet,spawn weft,go   # lists are comma-separated; "all" is every one
#
# Workloads: skynet spawn ping-pong buffered parked workerpool pipeline counters
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
# Peers (columns):
#   weft        dev.weft on JDK 17 ($JAVA17), classes woven at build time (checked: see below)
#   weft25      the same on JDK 25 ($JAVA25); skipped if there is no JDK 25
#   go          benchmarks/go, built here with `go build` ($GO); "not installed" without Go
#   virtual     JDK virtual threads on JDK 25; SynchronousQueue / ArrayBlockingQueue(128) as channels
#   kotlin      kotlinx.coroutines (Dispatchers.Default, Channel) on JDK 17
#   platform    platform threads on JDK 17, same queues. 1M platform threads at once is not feasible,
#               so its skynet/spawn/parked (and slow hand-off workloads) run smaller: see PLATFORM_N
#               below; the table shows such a cell's size, and it is left out of the ratio.
# The same logic for every peer is described in src/main/java/dev/weft/benchmarks/workloads/Peer.java.
#
# Each cell is its own process: warm-up iterations, then measured ones (each after a full GC), and
# the median of the measured ones. Iterations stop early (never below 3) once a cell has spent its
# budget; an iteration that outlives the harness's timeout prints TIMEOUT and the peer's dump (for
# weft, its goroutine dump) into benchmarks/target/workloads/<workload>-<peer>.err and stops; the
# whole process is also killed after $TIMEOUT seconds. A wrong checksum makes the cell FAIL. The
# script exits non-zero if any cell hung or failed.
#
# Environment:
#   JAVA17, JAVA25, GO      the runtimes (defaults: /usr/lib/jvm/java-17-openjdk-amd64,
#                           /usr/lib/jvm/temurin-25-jdk-amd64, go on PATH)
#   WARMUP, ITERATIONS      per cell (defaults 2 and 5; parked: 1 and 3)
#   BUDGET                  seconds of measuring after which a cell starts no new iteration (10)
#   TIMEOUT                 seconds after which a cell's process is killed (240)
#   N                       one size for every cell instead of the defaults (skynet: a power of 10)
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

all_workloads=(skynet spawn ping-pong buffered parked workerpool pipeline counters)
all_peers=(weft weft25 go virtual kotlin platform)

# Sizes platform threads can take (one thread per goroutine; a hand-off costs microseconds).
declare -A PLATFORM_N=(
    [skynet]=10000 [spawn]=10000 [parked]=10000
    [ping-pong]=100000 [buffered]=1000000 [workerpool]=200000 [pipeline]=100000 [counters]=8000000
)
declare -A DEFAULT_N=(
    [skynet]=1000000 [spawn]=1000000 [ping-pong]=1000000 [buffered]=10000000
    [parked]=1000000 [workerpool]=1000000 [pipeline]=1000000 [counters]=8000000
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

run_cell() { # run_cell <workload> <peer>
    local w="$1" p="$2" n warm iters cmd=() rc status=""
    n="${N:-${DEFAULT_N[$w]}}"
    [[ "$p" == platform && -z "${N:-}" ]] && n="${PLATFORM_N[$w]}"
    warm="${WARMUP:-2}"; iters="${ITERATIONS:-5}"
    if [[ "$w" == parked ]]; then warm="${WARMUP:-1}"; iters="${ITERATIONS:-3}"; fi
    local opts=(--n "$n" --warmup "$warm" --iterations "$iters" --budget "$BUDGET" --timeout "$((TIMEOUT - 20))")
    # shellcheck disable=SC2207  # flags are words
    local flags=($(jvm_flags "$w"))
    # weft: a park that would pin its carrier throws (PinnedError) instead, so the cell FAILs
    local strict=(-Dweft.strict=true)
    case "$p" in
        weft)     cmd=("$JAVA17/bin/java" "${flags[@]}" "${strict[@]}" -cp "$jar" "$main" "$w" weft "${opts[@]}") ;;
        weft25)   $have25 || { status="no JDK 25"; }
                  cmd=("$JAVA25/bin/java" "${flags[@]}" "${strict[@]}" -cp "$jar" "$main" "$w" weft "${opts[@]}") ;;
        virtual)  $have25 || { status="no JDK 25"; }
                  cmd=("$JAVA25/bin/java" "${flags[@]}" -cp "$jar" "$main" "$w" virtual "${opts[@]}") ;;
        kotlin)   cmd=("$JAVA17/bin/java" "${flags[@]}" -cp "$jar" "$main" "$w" kotlin "${opts[@]}") ;;
        platform) cmd=("$JAVA17/bin/java" "${flags[@]}" -cp "$jar" "$main" "$w" platform "${opts[@]}") ;;
        go)       [[ -n "$gobin" ]] || status="not installed"
                  cmd=("$gobin" "$w" "${opts[@]}") ;;
    esac
    local log="$out/$w-$p"
    if [[ -z "$status" ]]; then
        printf '# %-10s %-8s n=%-8s ' "$w" "$p" "$n" >&2
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
        sed "s/ peer=weft / peer=$p /" "$log.out" | grep '^RESULT' >> "$results"
        if [[ "$p" == weft* ]] && grep -q 'PinnedError\|pinned its carrier' "$log.err"; then
            echo "CELL workload=$w peer=$p flag=pinned" >> "$results"
            echo "#   weft pinned a carrier (see $log.err): its numbers would measure blocked threads" >&2
        fi
        [[ "$status" != ok ]] && echo "#   see $log.err" >&2
    fi
    echo "CELL workload=$w peer=$p status=${status// /_} n=$n" >> "$results"
}

# CPU time stolen by the hypervisor (a shared VM) makes every number slower: report its share.
cpu_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9 }' /proc/stat; }
read -r total_before steal_before <<< "$(cpu_ticks)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for w in "${workloads[@]}"; do
    for p in "${peers[@]}"; do
        run_cell "$w" "$p"
    done
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
read -r total_after steal_after <<< "$(cpu_ticks)"
steal="$(awk -v t="$((total_after - total_before))" -v s="$((steal_after - steal_before))" \
    'BEGIN { printf("%.0f%%", (t > 0) ? 100 * s / t : 0) }')"

# ---- the table --------------------------------------------------------------------------------

commit="$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')"
echo
echo "weft workloads  $(date -u '+%Y-%m-%d %H:%M UTC')  commit $commit  $(nproc) cpus"
echo "load average $load_before (start) / $load_after (end); CPU time stolen by the hypervisor: $steal"
echo "JDK 17: $("$JAVA17/bin/java" -version 2>&1 | head -1)"
$have25 && echo "JDK 25: $("$JAVA25/bin/java" -version 2>&1 | head -1)"
[[ -n "$gobin" ]] && echo "Go:     $("$GO" version)"
[[ -n "${N:-}" ]] && echo "every cell at n=$N (N set)"
echo

awk -v peers="${peers[*]}" -v workloads="${workloads[*]}" '
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
/^RESULT/ || /^CELL/ {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    w = f["workload"]; p = f["peer"]
    if ($1 == "RESULT") {
        row = w
        if (w == "parked") row = (f["metric"] ~ /rss/) ? "parked-rss" : "parked-heap"
        val[row, p] = f["median"]; size[row, p] = f["n"]
    } else if ("status" in f) {
        status[w, p] = f["status"]; cellN[w, p] = f["n"]
    } else if (f["flag"] == "pinned") {
        pinned[w, p] = 1
    }
}
END {
    np = split(peers, P, " "); nw = split(workloads, W, " ")
    label["weft"] = "weft"; label["weft25"] = "weft JDK25"; label["go"] = "Go"
    label["virtual"] = "virtual thr"; label["kotlin"] = "Kotlin"; label["platform"] = "platform thr"
    unit["skynet"] = "ms total"; unit["spawn"] = "ns/goroutine"; unit["ping-pong"] = "ns/round trip"
    unit["buffered"] = "ns/message"; unit["parked-rss"] = "B/goroutine RSS"
    unit["parked-heap"] = "B/goroutine heap"; unit["workerpool"] = "ns/task"; unit["pipeline"] = "ns/item"
    unit["counters"] = "ns/update"
    target["spawn"] = 250; target["ping-pong"] = 250; target["buffered"] = 30; target["parked-rss"] = 300
    defaultN["buffered"] = 10000000
    printf "%-12s %-17s", "workload", "unit"
    for (j = 1; j <= np; j++) printf " %14s", label[P[j]]
    printf "  %-20s %s\n", "weft/best other", "target (weft, JDK 17)"
    for (i = 1; i <= nw; i++) {
        w = W[i]
        nrows = (w == "parked") ? 2 : 1
        for (r = 1; r <= nrows; r++) {
            row = (w == "parked") ? (r == 1 ? "parked-rss" : "parked-heap") : w
            full = (w == "buffered") ? 10000000 : (w == "counters") ? 8000000 : 1000000
            if ((row, "weft") in size) full = size[row, "weft"]
            printf "%-12s %-17s", row, unit[row]
            best = ""; bestPeer = ""
            for (j = 1; j <= np; j++) {
                p = P[j]
                if ((row, p) in val) {
                    cell = fmt(val[row, p])
                    if (size[row, p] != full) cell = cell " (n=" short(size[row, p]) ")"
                    if (pinned[w, p]) cell = cell " PIN"
                    if (p != "weft" && p != "weft25" && size[row, p] == size[row, "weft"] && (best == "" || val[row, p] + 0 < best + 0)) {
                        best = val[row, p]; bestPeer = label[p]
                    }
                } else if ((w, p) in status) {
                    cell = status[w, p]; gsub("_", " ", cell)
                    if (pinned[w, p]) cell = "PIN " cell
                } else {
                    cell = "-"
                }
                printf " %14s", cell
            }
            ratio = "-"
            if ((row, "weft") in val && best != "" && best + 0 > 0 && val[row, "weft"] + 0 > 0) {
                ratio = sprintf("%.2fx %s", val[row, "weft"] / best, bestPeer)
            }
            t = "-"
            if (row == "skynet") {
                if ((row, "go") in val) t = "<= Go (" fmt(val[row, "go"]) ")"; else t = "<= Go"
                if ((row, "weft") in val && (row, "go") in val) t = t ((val[row, "weft"] + 0 <= val[row, "go"] + 0) ? ": met" : ": missed")
            } else if (row in target) {
                t = "<= " target[row]
                if ((row, "weft") in val) t = t ((val[row, "weft"] + 0 <= target[row]) ? ": met" : ": missed")
            }
            printf "  %-20s %s\n", ratio, t
        }
    }
    print ""
    print "Lower is better everywhere. Medians of the measured iterations (parked RSS: the first full-size"
    print "park of a fresh process). (n=...) marks a size other than the row\x27s default; the ratio is weft"
    print "on JDK 17 over the best other peer run at the same size as weft. TIMEOUT/FAIL: see"
    print "benchmarks/target/workloads/<workload>-<peer>.err. PIN: a weft goroutine pinned its carrier."
}' "$results"
echo
echo "raw results: $results"
# Non-zero when a cell hung or failed, so a caller can tell a complete table from a broken one.
! grep -q 'status=\(TIMEOUT\|FAIL\)' "$results"
