#!/usr/bin/env bash
# Start-up under the agent: what -javaagent:weft-agent.jar costs a program that never uses weft,
# printed as one table of medians, without the agent ("plain") and with it, their ratio, and the
# target (issue 12: at most 1.10x).
#
#   bash benchmarks/startup.sh                 # both benchmarks, RUNS=5 rounds (~2 min, 2 cores)
#   RUNS=1 bash benchmarks/startup.sh loadall  # one benchmark, one round, quickly
#   AGENT=/tmp/weft-agent-old.jar bash benchmarks/startup.sh   # another agent jar, e.g. an older build
#
# Benchmarks:
#   loadall   LoadAll (src/main/java/dev/weft/benchmarks/startup) loads every class of a large real
#             class path through the application class loader, without initializing them: Guava
#             (and its failureaccess), Jackson core, databind and annotations, Jetty 12 server,
#             http, io and util, H2, and the Kotlin standard library, from the local Maven
#             repository. Rows: the loading alone, timed in the process; the whole process's wall
#             time (JVM start, the agent's premain, listing the jars, loading, exit); its CPU time.
#             Classes that fail to load (optional dependencies of H2 and Jetty absent) are counted;
#             the count must be the same with and without the agent, or the script says so.
#   jetty     the samples' JettyJacksonGuava (samples/src/test/java/dev/weft/samples/apps), a Jetty 12
#             + Jackson + Guava server and 4 client threads making REQUESTS requests over loopback
#             (default 2000), checking every answer, then a stop: the whole process's wall time.
# Each round runs every benchmark once plain and once under the agent, one after the other, so a
# machine that slows down slows both; the table shows medians over the rounds. Each run is its own
# JVM with the same flags; only -javaagent differs. The targets are for wall time; each whole
# process's CPU time (user and system, all its threads: the JIT compilers and GC too) is shown
# under it, since on a shared machine it wavers less than wall time does. Any -javaagent, even one
# that does nothing, costs a JDK 17 some 25 ms of start-up (the JVM then builds its module graph
# instead of mapping the archived one) and a copy of every class file it loads: part of every
# whole-process row, and not weft's to save.
#
# Environment:
#   JAVA           the java to run (default /usr/lib/jvm/java-17-openjdk-amd64/bin/java)
#   RUNS           rounds (default 5)
#   REQUESTS       requests of the jetty benchmark (default 2000)
#   AGENT          the agent jar (default agent/target/weft-agent-*.jar, built here if stale)
#   AGENT_OPTIONS  the agent's options, as after -javaagent:JAR= (default none)
#   JVM_FLAGS      extra flags for every run, plain and agent alike (default none)
#   M2             the local Maven repository holding the jars (default ~/.m2/repository)
#   MVN_FLAGS      extra flags for the build (e.g. -o)
#
# Builds: the agent jar with `mvn -pl agent -am package -DskipTests` (package, not install: the
# reactor's runtime and instrumenter, not ~/.m2's) when any source or pom it is made of is newer,
# unless AGENT is given; the two programs with javac, against the same jars, into
# target/startup/classes, so that their class path holds nothing but them and the jars under test
# (benchmarks.jar carries its own Kotlin standard library and weft's runtime). The jars are the
# versions the samples' and the instrumenter's tests use.
# Logs of every run: benchmarks/target/startup/<benchmark>-<plain|agent>-<round>.{out,err}.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
out="$here/target/startup"
classes="$out/classes"
JAVA="${JAVA:-/usr/lib/jvm/java-17-openjdk-amd64/bin/java}"
RUNS="${RUNS:-5}"
REQUESTS="${REQUESTS:-2000}"
M2="${M2:-$HOME/.m2/repository}"

die() { echo "startup.sh: $*" >&2; exit 1; }

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
fi

case "${1:-all}" in
    all) benches=(loadall jetty) ;;
    loadall|jetty) benches=("$1") ;;
    *) die "unknown benchmark '$1'; one of: loadall jetty (or all)" ;;
esac

# ---- the jars -----------------------------------------------------------------------------------

jar_of() { # jar_of <group path> <artifact> <version>
    local f="$M2/$1/$2/$3/$2-$3.jar"
    [[ -f "$f" ]] || die "missing $f (the build is offline: these jars must be in the local repository)"
    echo "$f"
}
guava=$(jar_of com/google/guava guava 33.4.0-jre) || exit 1
failureaccess=$(jar_of com/google/guava failureaccess 1.0.2) || exit 1
jackson=()
for a in jackson-core jackson-databind jackson-annotations; do
    jackson+=("$(jar_of com/fasterxml/jackson/core "$a" 2.18.2)") || exit 1
done
jetty=()
for a in jetty-server jetty-http jetty-io jetty-util; do
    jetty+=("$(jar_of org/eclipse/jetty "$a" 12.1.13)") || exit 1
done
slf4j=$(jar_of org/slf4j slf4j-api 2.0.17) || exit 1
h2=$(jar_of com/h2database h2 2.3.232) || exit 1
kotlin=$(jar_of org/jetbrains/kotlin kotlin-stdlib 2.1.0) || exit 1

# What loadall loads (all of it), and what jetty runs with.
loadall_jars=("$guava" "$failureaccess" "${jackson[@]}" "${jetty[@]}" "$slf4j" "$h2" "$kotlin")
jetty_jars=("$guava" "$failureaccess" "${jackson[@]}" "${jetty[@]}" "$slf4j")
cp_of() { local IFS=:; echo "$classes:$*"; }

# ---- build --------------------------------------------------------------------------------------

[[ -x "$JAVA" ]] || die "no java at $JAVA (set JAVA)"
javac="$(dirname "$JAVA")/javac"
[[ -x "$javac" ]] || die "no javac beside $JAVA"

if [[ -z "${AGENT:-}" ]]; then
    agent_jar() { find "$root/agent/target" -maxdepth 1 -name 'weft-agent-*.jar' ! -name '*-sources.jar' 2>/dev/null | head -1; }
    AGENT="$(agent_jar)"
    if [[ -z "$AGENT" || -n "$(find "$root/pom.xml" "$root/agent/pom.xml" "$root/agent/src/main" \
                  "$root/runtime/pom.xml" "$root/runtime/src/main" \
                  "$root/instrumenter/pom.xml" "$root/instrumenter/src/main" \
                  -newer "$AGENT" -type f -print -quit 2>/dev/null)" ]]; then
        echo "# building the agent jar" >&2
        # shellcheck disable=SC2086  # MVN_FLAGS is a list of flags
        JAVA_HOME="$(dirname "$(dirname "$JAVA")")" mvn -B -q ${MVN_FLAGS:-} -f "$root/pom.xml" -pl agent -am package -DskipTests >&2 \
            || die "the build failed"
        AGENT="$(agent_jar)"
    fi
fi
[[ -f "$AGENT" ]] || die "no agent jar at '$AGENT'"

# JettyJacksonGuava is the samples' real application (RealAppsRaceIT runs it too), compiled here
# on its own against the same jars.
sources=("$here"/src/main/java/dev/weft/benchmarks/startup/*.java
         "$root"/samples/src/test/java/dev/weft/samples/apps/JettyJacksonGuava.java)
if [[ ! -f "$classes/dev/weft/benchmarks/startup/LoadAll.class" \
      || -n "$(find "${sources[@]}" -newer "$classes/dev/weft/benchmarks/startup/LoadAll.class" -print -quit)" ]]; then
    rm -rf "$classes" && mkdir -p "$classes"
    "$javac" --release 17 -nowarn -d "$classes" -cp "$(cp_of "${jetty_jars[@]}")" "${sources[@]}" \
        || die "javac failed"
fi

# ---- runs ---------------------------------------------------------------------------------------

mkdir -p "$out"
agent_flag="-javaagent:$AGENT${AGENT_OPTIONS:+=$AGENT_OPTIONS}"
# shellcheck disable=SC2206  # flags are words
jvm_flags=(${JVM_FLAGS:-})

declare -A samples=()   # "<row> <plain|agent>" -> space-separated values (ms)
declare -A failed=()    # "loadall <plain|agent>" -> classes that failed to load, last run

run() { # run <bench> <plain|agent> <round>
    local bench="$1" mode="$2" round="$3" cmd=() log t0 t1 result
    local agent=()
    [[ "$mode" == agent ]] && agent=("$agent_flag")
    case "$bench" in
        loadall) cmd=("$JAVA" "${jvm_flags[@]}" "${agent[@]}" -cp "$(cp_of "${loadall_jars[@]}")"
                      dev.weft.benchmarks.startup.LoadAll "${loadall_jars[@]}") ;;
        jetty)   cmd=("$JAVA" "${jvm_flags[@]}" "${agent[@]}" -cp "$(cp_of "${jetty_jars[@]}")"
                      dev.weft.samples.apps.JettyJacksonGuava "$REQUESTS") ;;
    esac
    log="$out/$bench-$mode-$round"
    # bash's own timer: the process's wall time, and the CPU time it and its threads used
    local TIMEFORMAT='%3R %3U %3S'
    { time timeout --kill-after=10 600 "${cmd[@]}" > "$log.out" 2> "$log.err"; } 2> "$log.time" \
        || die "$bench ($mode) failed: see $log.err"
    # LoadAll's RESULT line; JettyJacksonGuava's summary, which it checks as it goes
    result="$(grep -m1 '^RESULT\|^requests: ' "$log.out")" || die "$bench ($mode) printed no result: see $log.out"
    local wall cpu inproc
    read -r wall cpu < <(awk '{printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000}' "$log.time")
    inproc="$(sed -n 's/.* ms=\([0-9]*\).*/\1/p' <<< "$result")"
    if [[ "$bench" == loadall ]]; then
        samples["loadall-in $mode"]+="$inproc "
        failed["loadall $mode"]="$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' <<< "$result")"
    fi
    samples["$bench-wall $mode"]+="$wall "
    samples["$bench-cpu $mode"]+="$cpu "
    printf '# round %d %-8s %-6s wall %6d ms, cpu %6d ms  %s\n' "$round" "$bench" "$mode" "$wall" "$cpu" "${result#RESULT }" >&2
}

for ((r = 1; r <= RUNS; r++)); do
    for b in "${benches[@]}"; do
        run "$b" plain "$r"
        run "$b" agent "$r"
    done
done

median() { tr ' ' '\n' <<< "$1" | grep . | sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }

echo
echo "agent: $AGENT${AGENT_OPTIONS:+=$AGENT_OPTIONS}; $("$JAVA" -version 2>&1 | head -1); medians of $RUNS"
printf '%-44s %9s %9s %7s %8s\n' "" plain agent ratio target
row() { # row <key> <label>
    local p a
    p="$(median "${samples["$1 plain"]}")"
    a="$(median "${samples["$1 agent"]}")"
    printf '%-44s %6s ms %6s ms %6sx %8s\n' "$2" "$p" "$a" "$(awk -v p="$p" -v a="$a" 'BEGIN {printf "%.2f", a / p}')" "<= 1.10x"
}
if [[ " ${benches[*]} " == *" loadall "* ]]; then
    n="$(sed -n 's/.* classes=\([0-9]*\).*/\1/p' "$out/loadall-plain-1.out")"
    row loadall-in "load all $n classes, in process"
    row loadall-wall "load all $n classes, whole process"
    row loadall-cpu "  (its CPU time, all threads)"
    [[ "${failed["loadall plain"]}" == "${failed["loadall agent"]}" ]] \
        || echo "NOTE: ${failed["loadall plain"]} classes failed to load plain, ${failed["loadall agent"]} under the agent"
fi
if [[ " ${benches[*]} " == *" jetty "* ]]; then
    row jetty-wall "jetty, $REQUESTS requests, whole process"
    row jetty-cpu "  (its CPU time, all threads)"
fi
