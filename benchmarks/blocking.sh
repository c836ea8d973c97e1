#!/usr/bin/env bash
# Goroutines blocked in the JDK (code weft cannot see), weft beside virtual and platform threads,
# one process per cell (see src/main/java/dev/weft/benchmarks/blocking/Blocking.java):
#   sleep     N goroutines x Thread.sleep(500): wall time (ms), peak threads
#   libsleep  the same with each sleep inside a method that is not rewritten (a library's): in
#             weft the carrier blocks and the monitor hands its P on
#   pingpong  a channel ping-pong's rate while N goroutines are blocked in Thread.sleep / queue take,
#             as a share of its rate alone (%)
#
#   bash benchmarks/blocking.sh                 # every workload, every peer, N=1000
#   N=200 bash benchmarks/blocking.sh sleep weft
# Environment: JAVA17, JAVA25 (virtual threads run on 25), N, RUNS (per cell, median; default 3),
# MVN_FLAGS (extra build flags, e.g. -o).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
JAVA17="${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
N="${N:-1000}"
RUNS="${RUNS:-3}"
workloads="${1:-sleep,libsleep,pingpong}"
peers="${2:-weft,virtual,platform}"

if [[ ! -f "$jar" || -n "$(find "$here/src" "$root/runtime/src/main" "$root/instrumenter/src/main" -newer "$jar" -type f -print -quit)" ]]; then
    echo "# building $jar" >&2
    # shellcheck disable=SC2086
    JAVA_HOME="$JAVA17" mvn -B -q ${MVN_FLAGS:-} -f "$root/pom.xml" -pl benchmarks -am package -DskipTests >&2 \
        || { echo "blocking.sh: the build failed" >&2; exit 1; }
fi

printf '%-9s %-9s %6s %10s %5s %8s  %s\n' workload peer n median unit threads runs
for w in ${workloads//,/ }; do
    for p in ${peers//,/ }; do
        java="$JAVA17/bin/java"
        [[ "$p" == virtual ]] && java="$JAVA25/bin/java"
        [[ -x "$java" ]] || { printf '%-9s %-9s %6s %12s\n' "$w" "$p" "$N" "no JDK"; continue; }
        values=(); unit=""; threads=""
        for ((i = 0; i < RUNS; i++)); do
            line="$(timeout --kill-after=5 120 "$java" -Xmx2g -cp "$jar" dev.weft.benchmarks.blocking.Blocking "$w" "$p" "$N" | grep '^RESULT')"
            [[ -z "$line" ]] && { values+=(FAIL); continue; }
            values+=("$(sed -n 's/.* value=\([^ ]*\).*/\1/p' <<< "$line")")
            unit="$(sed -n 's/.* unit=\([^ ]*\).*/\1/p' <<< "$line")"
            threads="$(sed -n 's/.* threads=\([^ ]*\).*/\1/p' <<< "$line")"
        done
        median="$(printf '%s\n' "${values[@]}" | grep -v FAIL | sort -g | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : "FAIL")}' | tr -d '\n')"
        printf '%-9s %-9s %6s %10s %5s %8s  %s\n' "$w" "$p" "$N" "$median" "$unit" "$threads" "${values[*]}"
    done
done
