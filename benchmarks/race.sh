#!/usr/bin/env bash
# Race mode's overhead: each workload run four ways side by side in one run, weft on JDK 17 without
# and with the agent's race mode, and benchmarks/go built without and with Go's own -race, printed
# as one table of medians (time per operation, then the process's peak resident set, VmHWM) with
# race/no-race ratios against the goal of at most 5x time and 5x memory (Go's detector: 2-20x
# time, 5-10x memory). The workloads and harness are workloads.sh's (Workloads.java, benchmarks/go),
# run at sizes race mode finishes in seconds (RACE_N below), the same size for all four columns;
# `counters` is the memory-access-heavy one (a race detector's cost is per access). A second table
# shows "without race nothing costs": weft without race, measured as workloads.sh measures it, next
# to the numbers the race-mode issue quotes from before race mode. The weft classes are woven at
# build time (benchmarks/pom.xml); the race column runs those same classes under
# -javaagent:agent/target/weft-agent-0.1.0-SNAPSHOT.jar=race, whose race pass instruments them as
# they load (it skips the suspendable rewrite of an already woven class, not the race pass).
#
#   bash benchmarks/race.sh                          # every workload (~5 min on 2 cores)
#   bash benchmarks/race.sh counters,ping-pong       # some of them; "all" is every one
#   ISSUE_ROWS=0 bash benchmarks/race.sh spawn       # without the "nothing costs" table
#
# Workloads (see workloads.sh and Peer.java): ping-pong buffered workerpool pipeline spawn skynet
# counters. counters: 8 goroutines each updating its own 1000-int slice of one shared array and two
# fields of a tally of its own, adding to a mutex-guarded shared total after each pass, then a wait
# group (ns per update: one array read+write, two field reads+writes).
#
# Environment:
#   JAVA17, GO        the runtimes (defaults /usr/lib/jvm/java-17-openjdk-amd64, go on PATH)
#   AGENT             the agent jar (default agent/target/weft-agent-0.1.0-SNAPSHOT.jar); never built here
#   WARMUP, ITERATIONS  per cell (defaults 1000 and 5: warm-ups stop after BUDGET/2 s, iterations
#                     after BUDGET s, never below 1 warm-up and 3 iterations)
#   BUDGET            seconds, see above (4)
#   ROUNDS            how many times every cell runs, each time in a new process (2; the second
#                     round runs the columns in the opposite order); the table shows the lowest of
#                     a cell's medians (least disturbed by other load) and the highest of its peaks
#   TIMEOUT           seconds after which a cell's process is killed (150)
#   ISSUE_ROWS        0: skip the no-race comparison with the issue's numbers (default 1)
#   BASELINE_JAR      a benchmarks.jar built from a commit before race mode (e.g. git archive of
#                     e8ea73c, then mvn -o -pl benchmarks -am package there): the no-race table then
#                     also runs it, the same way, for a same-machine, same-time comparison
#   MVN_FLAGS         extra flags for the build of the benchmarks module (it always runs with -o)
#
# A race-mode cell whose run reports a race (exit status 66, "WARNING: DATA RACE") is marked RACE:
# every workload is race-free, so that is a detector bug. The script exits non-zero if any cell
# hung, failed or raced. Logs: benchmarks/target/race/<workload>-<column>.<round>.{out,err}.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
out="$here/target/race"
main=dev.weft.benchmarks.workloads.Workloads
JAVA17="${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}"
GO="${GO:-go}"
AGENT="${AGENT:-$root/agent/target/weft-agent-0.1.0-SNAPSHOT.jar}"
BUDGET="${BUDGET:-4}"
TIMEOUT="${TIMEOUT:-150}"
ISSUE_ROWS="${ISSUE_ROWS:-1}"
ROUNDS="${ROUNDS:-2}"

all_workloads=(ping-pong buffered workerpool pipeline spawn skynet counters)
# Sizes race mode runs in about a second or less per iteration on 2 cores. spawn and skynet are
# small because race mode's cost per goroutine grows with the goroutines started: a goroutine's
# start and its first release copy and join vector clocks as long as the slots in use, and a slot
# is reused only once a new goroutine's parent has seen the old one end (spawn at 10k already
# takes ~2.5 GB; skynet at 10k grows from 4 s to 10 s per iteration and ~4 GB).
declare -A RACE_N=(
    [ping-pong]=100000 [buffered]=1000000 [workerpool]=100000 [pipeline]=50000
    [spawn]=10000 [skynet]=1000 [counters]=2000000
)
# The issue's table (weft on JDK 17, before race mode), at workloads.sh's default sizes.
declare -A ISSUE_VALUE=([ping-pong]=617 [buffered]=77.7)
declare -A ISSUE_N=([ping-pong]=1000000 [buffered]=10000000)

die() { echo "race.sh: $*" >&2; exit 1; }

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
fi

workloads=()
if [[ -z "${1:-}" || "${1:-}" == all ]]; then
    workloads=("${all_workloads[@]}")
else
    for w in ${1//,/ }; do
        [[ " ${all_workloads[*]} " == *" $w "* ]] || die "unknown workload '$w'; one of: ${all_workloads[*]} (or all)"
        workloads+=("$w")
    done
fi

# ---- build and checks -----------------------------------------------------------------------

[[ -x "$JAVA17/bin/java" ]] || die "no JDK 17 at $JAVA17 (set JAVA17)"
[[ -z "${BASELINE_JAR:-}" || -f "${BASELINE_JAR:-}" ]] || die "no BASELINE_JAR at $BASELINE_JAR"
[[ -f "$AGENT" ]] || die "no agent jar at $AGENT: build the agent first (this script builds only the benchmarks module)"

build() {
    echo "# building $jar ($1)" >&2
    # Only this module, offline: the runtime and the weaving plugin come from the local repository.
    # shellcheck disable=SC2086  # MVN_FLAGS is a list of flags
    JAVA_HOME="$JAVA17" mvn -B -q -o ${MVN_FLAGS:-} -f "$root/pom.xml" -pl benchmarks package -DskipTests >&2 \
        || die "the build failed"
}
if [[ ! -f "$jar" || -n "$(find "$here/pom.xml" "$here/src" -newer "$jar" -type f -print -quit 2>/dev/null)" ]]; then
    build "sources changed"
fi
"$JAVA17/bin/javap" -v -cp "$jar" dev.weft.benchmarks.workloads.WeftPeer 2>/dev/null \
    | grep -q 'Ldev/weft/internal/cont/Woven;' \
    || die "dev.weft.benchmarks.workloads.WeftPeer in $jar carries no @dev.weft.internal.cont.Woven (see benchmarks/pom.xml)"

# The runtime's classes load from the benchmarks jar (first on the class path; the agent jar is
# appended after it), and the agent's race pass emits calls into them: they must be the very
# classes the agent was built with.
crcs() { unzip -v "$1" 'dev/weft/*.class' 2>/dev/null | awk '$NF ~ /^dev\/weft\// && $NF !~ /^dev\/weft\/benchmarks\// { print $(NF-1), $NF }' | LC_ALL=C sort -k2,2; }
mismatch() { LC_ALL=C join -1 2 -2 2 <(crcs "$jar") <(crcs "$AGENT") | awk '$2 != $3 { print $1 }' | head -3; }
[[ -n "$(LC_ALL=C join -1 2 -2 2 <(crcs "$jar") <(crcs "$AGENT") | head -1)" ]] \
    || die "found no weft runtime classes common to $jar and $AGENT"
mismatch="$(mismatch)"
if [[ -n "$mismatch" ]]; then
    build "its weft runtime differs from the agent's"   # the local repository's may be newer
    mismatch="$(mismatch)"
fi
[[ -z "$mismatch" ]] || die "the weft runtime in $jar differs from the one in $AGENT (e.g. ${mismatch//$'\n'/, });" \
    "rebuild so both carry the same runtime (install the runtime, then rebuild this module)"

gobin="" gorace="" gowhy=""
if command -v "$GO" > /dev/null 2>&1; then
    mkdir -p "$here/target"
    gobin="$here/target/go-workloads"
    gorace="$here/target/go-workloads-race"
    if [[ ! -x "$gobin" || -n "$(find "$here/go" -newer "$gobin" -type f -print -quit)" ]]; then
        (cd "$here/go" && "$GO" build -o "$gobin" .) || die "go build failed"
    fi
    if [[ ! -x "$gorace" || -n "$(find "$here/go" -newer "$gorace" -type f -print -quit)" ]]; then
        # -race needs cgo and a C compiler (and a supported platform)
        if ! (cd "$here/go" && CGO_ENABLED=1 "$GO" build -race -o "$gorace" .) > "$here/target/go-race-build.log" 2>&1; then
            gorace=""
            gowhy="go build -race failed: $(head -1 "$here/target/go-race-build.log")"
        fi
    fi
else
    gowhy="no Go ($GO) on PATH"
fi

# ---- runs -------------------------------------------------------------------------------------

mkdir -p "$out"
# Run copies, so that a rebuild elsewhere during the run cannot mix two builds in one table.
cp "$jar" "$out/benchmarks.jar" && cp "$AGENT" "$out/weft-agent.jar" || die "cannot copy the jars to $out"
agent_shown="${AGENT#"$root/"}"
jar="$out/benchmarks.jar" AGENT="$out/weft-agent.jar"
results="$out/results.txt"
: > "$results"

run_cell() { # run_cell <workload> <column> <n> <warmup> <iterations> <budget> (and $round)
    local w="$1" col="$2" n="$3" status="" rc cmd=()
    local opts=(--n "$n" --warmup "$4" --iterations "$5" --budget "$6" --timeout "$((TIMEOUT - 20))")
    local jvm=("$JAVA17/bin/java" -Xms1g -Xmx4g -Dweft.strict=true) # as workloads.sh runs weft
    case "$col" in
        weft|issue) cmd=("${jvm[@]}" -cp "$jar" "$main" "$w" weft "${opts[@]}") ;;
        baseline)   cmd=("${jvm[@]}" -cp "$BASELINE_JAR" "$main" "$w" weft "${opts[@]}") ;;
        weft-race)  cmd=("${jvm[@]}" "-javaagent:$AGENT=race" -cp "$jar" "$main" "$w" weft "${opts[@]}") ;;
        go)         [[ -n "$gobin" ]] || status="unavailable"
                    cmd=("$gobin" "$w" "${opts[@]}") ;;
        go-race)    [[ -n "$gorace" ]] || status="unavailable"
                    cmd=("$gorace" "$w" "${opts[@]}") ;;
    esac
    local log="$out/$w-$col.$round"
    if [[ -z "$status" ]]; then
        printf '# round %s  %-10s %-9s n=%-8s ' "$round" "$w" "$col" "$n" >&2
        local t0=$SECONDS
        timeout --kill-after=10 "$TIMEOUT" "${cmd[@]}" > "$log.out" 2> "$log.err"
        rc=$?
        case "$rc" in
            0) status=ok ;;
            66) status=RACE ;;
            3|124|137) status=TIMEOUT ;;
            *) status=FAIL ;;
        esac
        grep -q '^TIMEOUT' "$log.out" && status=TIMEOUT
        grep -q 'WARNING: DATA RACE' "$log.err" && status=RACE
        grep -q 'PinnedError\|pinned its carrier' "$log.err" && status=PIN
        echo "$status ($((SECONDS - t0)) s)" >&2
        [[ "$status" != ok ]] && echo "#   see $log.err" >&2
        sed -E "s/ peer=[a-z0-9-]+ / peer=$col /" "$log.out" | grep '^\(RESULT\|MEMORY\)' >> "$results"
    fi
    echo "CELL workload=$w peer=$col status=$status n=$n" >> "$results"
}

cpu_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9 }' /proc/stat; }
read -r total_before steal_before <<< "$(cpu_ticks)"
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started=$SECONDS
warm="${WARMUP:-1000}" iters="${ITERATIONS:-5}"
for ((round = 1; round <= ROUNDS; round++)); do
    # odd rounds run the columns left to right, even ones right to left, so that a change in the
    # machine's load during a round does not always fall on the same column
    cols=(weft weft-race go go-race) issue_cols=(issue baseline)
    ((round % 2 == 0)) && cols=(go-race go weft-race weft) issue_cols=(baseline issue)
    for w in "${workloads[@]}"; do
        for col in "${cols[@]}"; do
            run_cell "$w" "$col" "${RACE_N[$w]}" "$warm" "$iters" "$BUDGET"
        done
    done
    if [[ "$ISSUE_ROWS" != 0 ]]; then
        for w in "${workloads[@]}"; do
            # exactly as workloads.sh measures weft: its sizes, warm-ups, iterations and budget
            [[ -n "${ISSUE_VALUE[$w]:-}" ]] || continue
            for col in "${issue_cols[@]}"; do
                [[ "$col" == baseline && -z "${BASELINE_JAR:-}" ]] && continue
                run_cell "$w" "$col" "${ISSUE_N[$w]}" 2 5 10
            done
        done
    fi
done
load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
read -r total_after steal_after <<< "$(cpu_ticks)"
steal="$(awk -v t="$((total_after - total_before))" -v s="$((steal_after - steal_before))" \
    'BEGIN { printf("%.0f%%", (t > 0) ? 100 * s / t : 0) }')"

# ---- the tables -------------------------------------------------------------------------------

commit="$(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')"
echo
echo "weft race mode overhead  $(date -u '+%Y-%m-%d %H:%M UTC')  commit $commit  $(nproc) cpus  $((SECONDS - started)) s"
echo "load average $load_before (start) / $load_after (end); CPU time stolen by the hypervisor: $steal"
echo "JDK 17: $("$JAVA17/bin/java" -version 2>&1 | head -1); weft flags -Xms1g -Xmx4g -Dweft.strict=true; race: -javaagent:$agent_shown=race"
if [[ -n "$gobin" ]]; then
    echo "Go:     $("$GO" version)$([[ -n "$gorace" ]] && echo "; -race: go build -race (ThreadSanitizer)")"
fi
[[ -n "$gowhy" ]] && echo "Go -race unavailable: $gowhy"
echo "$ROUNDS rounds; per cell and round: a process; up to $warm warm-ups (none started after $BUDGET/2 s), then up to $iters measured iterations (none started after $BUDGET s, at least 3)"
echo

issue_list=""
for w in "${workloads[@]}"; do [[ -n "${ISSUE_VALUE[$w]:-}" ]] && issue_list+="$w=${ISSUE_VALUE[$w]} "; done
awk -v workloads="${workloads[*]}" -v issue="$issue_list" -v issueRows="$ISSUE_ROWS" -v baseline="${BASELINE_JAR:+1}" '
function fmt(v) {
    if (v >= 100) return sprintf("%.0f", v)
    if (v >= 10) return sprintf("%.1f", v)
    return sprintf("%.2f", v)
}
function mb(b) { return sprintf("%.0f MB", b / 1e6) }
function short(n) {
    if (n >= 1000000 && n % 1000000 == 0) return (n / 1000000) "M"
    if (n >= 1000 && n % 1000 == 0) return (n / 1000) "k"
    return n
}
function cell(w, p, kind) {
    if ((w, p) in st && st[w, p] != "ok") return st[w, p]
    if (kind == "t" && (w, p) in t) return fmt(t[w, p])
    if (kind == "m" && (w, p) in m && m[w, p] > 0) return mb(m[w, p])
    return "-"
}
function ratio(a, b) { return (a > 0 && b > 0) ? sprintf("%.1fx", b / a) : "-" }
/^RESULT/ || /^MEMORY/ || /^CELL/ {
    delete f
    for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
    w = f["workload"]; p = f["peer"]
    if ($1 == "RESULT") { if (!((w, p) in t) || f["median"] + 0 < t[w, p] + 0) t[w, p] = f["median"] }
    else if ($1 == "MEMORY") { if (!((w, p) in m) || f["vmhwm"] + 0 > m[w, p] + 0) m[w, p] = f["vmhwm"] }
    else { if (!((w, p) in st) || st[w, p] == "ok") st[w, p] = f["status"]; n[w, p] = f["n"] }
}
END {
    unit["skynet"] = "ms total"; unit["spawn"] = "ns/goroutine"; unit["ping-pong"] = "ns/round trip"
    unit["buffered"] = "ns/message"; unit["workerpool"] = "ns/task"; unit["pipeline"] = "ns/item"
    unit["counters"] = "ns/update"
    nw = split(workloads, W, " ")
    printf "%-10s %5s %-13s | %8s %9s %7s | %8s %8s %7s | %8s %8s %7s | %8s %8s %7s | %s\n", \
        "workload", "n", "unit", "weft", "weft-race", "ratio", "weft RSS", "race RSS", "ratio", \
        "Go", "Go -race", "ratio", "Go RSS", "race RSS", "ratio", "weft goal (5x time, 5x mem)"
    for (i = 1; i <= nw; i++) {
        w = W[i]
        rt = ratio(t[w, "weft"], t[w, "weft-race"]); rm = ratio(m[w, "weft"], m[w, "weft-race"])
        goal = "-"
        if (rt != "-" && rm != "-") {
            goal = "time " ((t[w, "weft-race"] / t[w, "weft"] <= 5) ? "met" : "missed") \
                   ", mem " ((m[w, "weft-race"] / m[w, "weft"] <= 5) ? "met" : "missed")
        }
        printf "%-10s %5s %-13s | %8s %9s %7s | %8s %8s %7s | %8s %8s %7s | %8s %8s %7s | %s\n", \
            w, short(n[w, "weft"]), unit[w], \
            cell(w, "weft", "t"), cell(w, "weft-race", "t"), rt, \
            cell(w, "weft", "m"), cell(w, "weft-race", "m"), rm, \
            cell(w, "go", "t"), cell(w, "go-race", "t"), ratio(t[w, "go"], t[w, "go-race"]), \
            cell(w, "go", "m"), cell(w, "go-race", "m"), ratio(m[w, "go"], m[w, "go-race"]), goal
    }
    print ""
    print "Time: the median of a cell\x27s measured iterations, the lowest over its rounds. RSS: the process\x27s"
    print "peak resident set (VmHWM, warm-ups included; for the JVM mostly the heap it touched), the highest"
    print "over its rounds. ratio = with race / without. A status in place of a number: that cell (in some"
    print "round) failed; RACE: a race-mode run reported a race in a race-free workload, a detector bug."
    print "Logs: benchmarks/target/race/<workload>-<column>.<round>.{out,err}. spawn and skynet run small"
    print "(see RACE_N in race.sh): race mode\x27s cost per goroutine grows with the goroutines started."
    if (issueRows != 0) {
        ni = split(issue, I, " ")
        print ""
        print "Without race nothing costs: weft without the agent, measured as workloads.sh measures it"
        print "(its sizes, 2 warm-ups, 5 iterations, budget 10 s), next to the issue\x27s table (JDK 17, before race mode)"
        if (baseline) printf "and the same workload from a build before race mode (BASELINE_JAR), run right after it\n"
        printf "%-10s %5s %-13s %10s %12s %7s", "workload", "n", "unit", "weft now", "issue table", "ratio"
        if (baseline) printf " %14s %7s %10s %10s", "pre-race build", "ratio", "RSS now", "RSS before"
        printf "\n"
        for (k = 1; k <= ni; k++) {
            split(I[k], kv, "="); w = kv[1]
            if (!((w, "issue") in st)) continue
            printf "%-10s %5s %-13s %10s %12s %7s", w, short(n[w, "issue"]), unit[w], cell(w, "issue", "t"), kv[2], \
                ((w, "issue") in t) ? sprintf("%.2fx", t[w, "issue"] / kv[2]) : "-"
            if (baseline) printf " %14s %7s %10s %10s", cell(w, "baseline", "t"), \
                ((w, "baseline") in t) ? sprintf("%.2fx", t[w, "issue"] / t[w, "baseline"]) : "-", \
                cell(w, "issue", "m"), cell(w, "baseline", "m")
            printf "\n"
        }
    }
}' "$results"
echo
echo "raw results: $results"
! grep -q 'status=\(TIMEOUT\|FAIL\|RACE\|PIN\)' "$results"
