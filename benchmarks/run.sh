#!/usr/bin/env bash
# Builds the woven JMH jar if it is missing or stale, then runs weft's micro benchmarks and
# prints JMH's table.
#
#   bash benchmarks/run.sh                        # all three benchmarks, settings for 2 cores
#   bash benchmarks/run.sh ParkResumeBench        # a first argument without '-' picks benchmarks (regex)
#   bash benchmarks/run.sh SelectBench -prof gc   # adds gc.alloc.rate.norm: bytes allocated per op
#   bash benchmarks/run.sh -prof gc -p depth=5    # anything else goes to JMH as is
#   bash benchmarks/run.sh -i 10 -r 2s            # a JMH option given here replaces its default below
#
# Environment: JAVA (default: java), MVN_FLAGS (extra flags for the build, e.g. -o).
#
# What the numbers should be compared with:
#   - one suspend/resume cycle (ParkResumeBench): published anchors for bytecode-rewriting
#     continuations on the JVM are about 1.9 us (Offbynull coroutines) and 4.7 us (Apache
#     JavaFlow) per cycle. weft's target: under 150 ns at depth 5.
#   - a call to a @Suspendable method that does not park (SuspendableCallBench): within 1.5x of
#     the same plain call (compare b with a, c with d, and f with e).
#   - a select over two receive cases (SelectBench, with -prof gc): case objects made once and
#     reused against lambdas made for every select, in time and in gc.alloc.rate.norm. Within
#     each pair (ready_*: the case is ready; parked_*: the select parks and another goroutine's
#     send wakes it), caseObjects must allocate no more per op than lambdas, and be no slower.
# These are micro benchmarks on a shared 2-core machine: compare cases within one run, not
# numbers across runs or machines.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
java="${JAVA:-java}"

# Stale: any source or pom of the modules that end up in (or weave) the jar is newer than it.
stale() {
    [[ ! -f "$jar" ]] && return 0
    [[ -n "$(find "$root/pom.xml" "$here/pom.xml" "$here/src" \
                  "$root/runtime/pom.xml" "$root/runtime/src/main" \
                  "$root/instrumenter/pom.xml" "$root/instrumenter/src/main" \
                  -newer "$jar" -type f -print -quit 2>/dev/null)" ]]
}

if stale; then
    echo "# building $jar" >&2
    # package, not install: the jar needs the reactor's runtime and instrumenter, not ~/.m2's;
    # tests are not run (-DskipTests, not -Dmaven.test.skip: the runtime's build weaves its
    # compiled test classes, so they must exist).
    # shellcheck disable=SC2086  # MVN_FLAGS is a list of flags
    mvn -B -q ${MVN_FLAGS:-} -f "$root/pom.xml" -pl benchmarks -am package -DskipTests >&2
fi

benchmarks='SuspendableCallBench|ParkResumeBench|SelectBench'
if [[ $# -gt 0 && "$1" != -* ]]; then
    benchmarks="$1"
    shift
fi

# Modest settings for 2 cores: one fork, 3 x 1 s warm-up, 5 x 1 s measurement; stop (non-zero
# exit) at the first failing benchmark, such as one whose classes were not woven. JMH refuses an
# option given twice, so each default is dropped when the caller gives that option.
defaults=(-f 1 -wi 3 -w 1s -i 5 -r 1s -foe true)
settings=()
for ((k = 0; k < ${#defaults[@]}; k += 2)); do
    option="${defaults[k]}"
    given=false
    for arg in "$@"; do
        [[ "$arg" == "$option" ]] && given=true
    done
    $given || settings+=("$option" "${defaults[k + 1]}")
done

exec "$java" -jar "$jar" "$benchmarks" "${settings[@]}" "$@"
