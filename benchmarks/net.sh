#!/usr/bin/env bash
# TCP servers: weft's dev.weft.net beside Go's net, JDK virtual threads and platform threads on
# java.net, and weft goroutines on blocking java.net sockets, one process per server, each
# driven by the same client, so the servers are compared and not the clients:
#   echo   CONNS connections (10,000), all open at once, each making TRIPS round trips (100) of
#          SIZE bytes (32), one message in flight per connection; the client is Go's
#          (benchmarks/go/netbench echo-client). Round trips/s over the measured trips (after
#          10 unmeasured ones per connection), and the server's peak threads.
#   http   wrk (Debian's; installed here if missing) for DURATION (10s) at each of HTTP_CONNS
#          connections (100, 1000), after WARMUP (3s) of it: requests/s, p99 latency, socket
#          errors and non-2xx answers, timeouts (wrk's: no answer within 2 s), peak threads.
#
#   bash benchmarks/net.sh                      # both, every peer (about 4 minutes on 2 cores)
#   bash benchmarks/net.sh echo weft,go         # some workloads on some peers
#   DURATION=30s HTTP_CONNS="100 1000 5000" bash benchmarks/net.sh http
#
# Peers:
#   echo: weft           dev.weft.benchmarks.net.Echo: a goroutine per connection on dev.weft.net (JDK 17)
#         weft-blocking  the same on blocking java.net sockets: a carrier per blocked goroutine,
#                        handed off by the monitor (JDK 17, weft.maxCarriers raised above CONNS)
#         go             Go's net (benchmarks/go/netbench echo-server)
#         virtual        a virtual thread per connection on java.net (JDK 25)
#         platform       a platform thread per connection on java.net (JDK 17)
#   http: weft           the HttpServer sample under the agent, strict (samples/, JDK 17)
#         go             Go's net/http (benchmarks/go/netbench http-server)
#         jdk            com.sun.net.httpserver on virtual threads (dev.weft.benchmarks.net.JdkHttp,
#                        JDK 25), with sun.net.httpserver.nodelay=true, as the others have TCP_NODELAY,
#                        and maxIdleConnections raised from 200, which would close the keep-alive
#                        connections of wrk beyond the 200th (read errors)
#   All serve the same: / answers "Hello, world!\n" as text/plain; charset=utf-8.
#
# Threads are the server process's OS threads (/proc/PID/status), the peak of samples taken
# every 100 ms while the client runs: for a JVM, its own threads (GC, JIT) included.
# Every server binds 127.0.0.1 at a port the kernel picks. The script raises the soft limit of
# open files to the hard one; if that is below what CONNS needs, CONNS is reduced and the table
# says so. The client and the server share the machine's cores: on a machine of 2, expect the
# numbers to move by a tenth or more from one run to the next, and more while others load it.
#
# Environment: JAVA17, JAVA25, GO (the runtimes), CONNS, TRIPS, SIZE, DURATION, WARMUP,
# HTTP_CONNS, MVN_FLAGS (extra build flags, e.g. -o). Exits non-zero if a cell failed; its
# server's and client's output are in benchmarks/target/net/.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
agent="$root/agent/target/weft-agent-0.1.0-SNAPSHOT.jar"
samples="$root/samples/target/classes"
gobin="$here/target/netbench"
out="$here/target/net"
JAVA17="${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}"
JAVA25="${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}"
GO="${GO:-go}"
CONNS="${CONNS:-10000}"
TRIPS="${TRIPS:-100}"
SIZE="${SIZE:-32}"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-3s}"
HTTP_CONNS="${HTTP_CONNS:-100 1000}"

die() { echo "net.sh: $*" >&2; exit 1; }

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^set -uo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
    exit 0
fi
workloads="${1:-echo,http}"
peers="${2:-all}"
wants() { [[ ",$workloads," == *",$1,"* ]] && { [[ "$peers" == all ]] || [[ ",$peers," == *",$2,"* ]]; }; }

# ---- limits, tools and the build ----------------------------------------------------------------

ulimit -n "$(ulimit -Hn)" 2>/dev/null
conns_note=""
fds="$(ulimit -n)"
if [[ "$fds" != unlimited ]] && (( fds < CONNS + 512 )); then
    conns_note="(reduced from $CONNS: the open-files limit is $fds)"
    CONNS=$((fds - 512))
fi

[[ -x "$JAVA17/bin/java" ]] || die "no JDK 17 at $JAVA17 (set JAVA17)"
[[ -x "$JAVA25/bin/java" ]] || die "no JDK 25 at $JAVA25 (set JAVA25): the virtual-thread peers need 21 or newer"
if ! command -v "$GO" > /dev/null 2>&1 && [[ "$GO" == go ]]; then
    echo "# installing golang-go" >&2
    { apt-get install -y -qq golang-go > /dev/null 2>&1 || { apt-get update -qq > /dev/null 2>&1 && apt-get install -y -qq golang-go > /dev/null 2>&1; }; } || true
fi
command -v "$GO" > /dev/null 2>&1 || die "no Go ($GO): the client and Go's peers are Go programs (set GO, or apt-get install golang-go)"
if [[ ",$workloads," == *",http,"* ]] && ! command -v wrk > /dev/null 2>&1; then
    echo "# installing wrk" >&2
    { apt-get install -y -qq wrk > /dev/null 2>&1 || { apt-get update -qq > /dev/null 2>&1 && apt-get install -y -qq wrk > /dev/null 2>&1; }; } \
        || die "wrk is not installed and apt-get install wrk failed"
fi

stale() { # stale <target> <sources...>: the target is missing or older than a source
    local target="$1"; shift
    [[ ! -e "$target" || -n "$(find "$@" -newer "$target" -type f -print -quit 2>/dev/null)" ]]
}
if stale "$jar" "$here/src" "$here/pom.xml" "$root/runtime/src/main" "$root/instrumenter/src/main" \
   || stale "$agent" "$root/runtime/src/main" "$root/instrumenter/src/main" "$root/agent/src/main" \
   || stale "$samples/dev/weft/samples/HttpServer.class" "$root/samples/src/main"; then
    echo "# building $jar, the agent and the samples" >&2
    # shellcheck disable=SC2086  # MVN_FLAGS is a list of flags
    JAVA_HOME="$JAVA17" mvn -B -q ${MVN_FLAGS:-} -f "$root/pom.xml" -pl benchmarks,samples -am package -DskipTests >&2 \
        || die "the build failed"
fi
if stale "$gobin" "$here/go"; then
    mkdir -p "$here/target"
    (cd "$here/go" && "$GO" build -o "$gobin" ./netbench) || die "go build failed"
fi

# ---- running a server ----------------------------------------------------------------------------

mkdir -p "$out"
failed=0
server_pid=""; server_addr=""

start_server() { # start_server <log name> <command...>: sets server_pid and server_addr
    local log="$out/$1"; shift
    : > "$log.out"
    "$@" > "$log.out" 2> "$log.err" &
    server_pid=$!
    server_addr=""
    for ((i = 0; i < 300; i++)); do # 30 s for a JVM to start
        server_addr="$(sed -n 's/^listening on \(127\.0\.0\.1:[0-9]*\)$/\1/p' "$log.out")"
        [[ -n "$server_addr" ]] && return 0
        kill -0 "$server_pid" 2> /dev/null || break
        sleep 0.1
    done
    echo "#   the server did not start (see $log.err)" >&2
    stop_server
    return 1
}

stop_server() {
    [[ -n "$server_pid" ]] || return 0
    kill "$server_pid" 2> /dev/null
    wait "$server_pid" 2> /dev/null
    server_pid=""
}
trap 'stop_sampler; stop_server' EXIT

sampler_pid=""
start_sampler() { # start_sampler <file>: writes the server's peak thread count into the file
    local file="$1" pid="$server_pid"
    (
        peak=0
        while [[ -r "/proc/$pid/status" ]]; do
            while read -r key value _; do
                [[ "$key" == Threads: ]] && (( value > peak )) && peak="$value"
            done < "/proc/$pid/status" 2> /dev/null
            echo "$peak" > "$file.new" && mv "$file.new" "$file" # whole, when the sampler is stopped
            sleep 0.1
        done
    ) &
    sampler_pid=$!
}
stop_sampler() { kill "$sampler_pid" 2> /dev/null; wait "$sampler_pid" 2> /dev/null; }

jvm=(-Xms1g -Xmx2g) # what every JVM server gets

# ---- echo --------------------------------------------------------------------------------------

echo_rows=()
echo_cell() { # echo_cell <peer> <command...>
    local peer="$1"; shift
    local log="$out/echo-$peer" threads="?" rate="FAIL" connect="-"
    printf '# echo %-14s %6s connections x %s round trips: ' "$peer" "$CONNS" "$TRIPS" >&2
    local t0=$SECONDS
    if start_server "echo-$peer" "$@"; then
        start_sampler "$log.threads"
        timeout --kill-after=10 300 "$gobin" echo-client -addr "$server_addr" -conns "$CONNS" -trips "$TRIPS" \
            -size "$SIZE" -timeout 240s > "$log.client" 2>&1
        local rc=$?
        stop_sampler
        kill -0 "$server_pid" 2> /dev/null || rc=1 # the server died under the load
        stop_server
        threads="$(cat "$log.threads" 2> /dev/null || echo '?')"
        if [[ $rc -eq 0 ]] && grep -q '^RESULT' "$log.client"; then
            rate="$(sed -n 's/^RESULT.* rate=\([0-9]*\).*/\1/p' "$log.client")"
            connect="$(sed -n 's/^RESULT.* connect_s=\([0-9.]*\).*/\1/p' "$log.client")"
        else
            failed=1
            echo "#   failed: see $log.client and $log.err" >&2
        fi
    else
        failed=1
    fi
    echo "$rate/s, $threads threads ($((SECONDS - t0)) s)" >&2
    echo_rows+=("$(printf '%-14s %8s %16s %9s %11s' "$peer" "$CONNS" "$rate" "$threads" "$connect")")
}

main=dev.weft.benchmarks.net.Echo
wants echo weft && echo_cell weft "$JAVA17/bin/java" "${jvm[@]}" -Dweft.strict=true -cp "$jar" "$main" weft
wants echo weft-blocking && echo_cell weft-blocking "$JAVA17/bin/java" "${jvm[@]}" -Dweft.strict=true \
    -Dweft.maxCarriers=$((CONNS + 1000)) -cp "$jar" "$main" weft-blocking
wants echo go && echo_cell go "$gobin" echo-server
wants echo virtual && echo_cell virtual "$JAVA25/bin/java" "${jvm[@]}" -cp "$jar" "$main" virtual
wants echo platform && echo_cell platform "$JAVA17/bin/java" "${jvm[@]}" -cp "$jar" "$main" platform

# ---- http --------------------------------------------------------------------------------------

http_rows=()
to_ms() { # to_ms <wrk duration>: 1.50ms, 800.00us, 2.01s -> milliseconds
    awk -v d="$1" 'BEGIN {
        v = d + 0; u = d; sub(/^[0-9.]+/, "", u)
        if (u == "us") v /= 1000; else if (u == "s") v *= 1000; else if (u == "m") v *= 60000
        printf("%.2f", v)
    }'
}
http_cell() { # http_cell <peer> <command...>: the server once, wrk at each of HTTP_CONNS
    local peer="$1"; shift
    local log="$out/http-$peer"
    if ! start_server "http-$peer" "$@"; then
        failed=1
        for c in $HTTP_CONNS; do
            http_rows+=("$(printf '%-14s %6s %12s' "$peer" "$c" FAIL)")
        done
        return
    fi
    local url="http://$server_addr/"
    wrk -t2 -c100 -d"$WARMUP" "$url" > "$log.warmup" 2>&1
    for c in $HTTP_CONNS; do
        printf '# http %-5s %5s connections for %s: ' "$peer" "$c" "$DURATION" >&2
        start_sampler "$log.$c.threads"
        timeout --kill-after=10 120 wrk -t2 -c"$c" -d"$DURATION" --timeout 2s --latency "$url" > "$log.$c.wrk" 2>&1
        stop_sampler
        local w="$log.$c.wrk" rps p99 errors timeouts threads
        rps="$(sed -n 's/^Requests\/sec: *\([0-9.]*\)/\1/p' "$w")"
        p99="$(awk '$1 == "99%" { print $2 }' "$w")"
        read -r errors timeouts <<< "$(awk '
            /Socket errors:/ { gsub(",", ""); e += $4 + $6 + $8; t += $10 }
            /Non-2xx or 3xx responses:/ { e += $NF }
            END { print e + 0, t + 0 }' "$w")"
        threads="$(cat "$log.$c.threads" 2> /dev/null || echo '?')"
        if [[ -z "$rps" || -z "$p99" ]]; then
            failed=1
            echo "failed: see $w" >&2
            http_rows+=("$(printf '%-14s %6s %12s' "$peer" "$c" FAIL)")
            continue
        fi
        kill -0 "$server_pid" 2> /dev/null || { failed=1; echo "#   the server died (see $log.err)" >&2; }
        echo "$rps requests/s, p99 $p99" >&2
        http_rows+=("$(printf '%-14s %6s %12.0f %10s %8s %9s %8s' "$peer" "$c" "$rps" "$(to_ms "$p99")" "$errors" "$timeouts" "$threads")")
    done
    stop_server
}

wants http weft && http_cell weft "$JAVA17/bin/java" "${jvm[@]}" "-javaagent:$agent=strict" -cp "$samples" \
    dev.weft.samples.HttpServer 0
wants http go && http_cell go "$gobin" http-server
wants http jdk && http_cell jdk "$JAVA25/bin/java" "${jvm[@]}" -Dsun.net.httpserver.nodelay=true \
    -Dsun.net.httpserver.maxIdleConnections=100000 -cp "$jar" \
    dev.weft.benchmarks.net.JdkHttp

# ---- the tables ----------------------------------------------------------------------------------

echo
echo "weft net benchmarks  $(date -u '+%Y-%m-%d %H:%M UTC')  commit $(git -C "$root" describe --always --dirty 2>/dev/null || echo '?')  $(nproc) cpus"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); open-files limit $(ulimit -n)"
echo "JDK 17: $("$JAVA17/bin/java" -version 2>&1 | head -1); JDK 25: $("$JAVA25/bin/java" -version 2>&1 | head -1); $("$GO" version)"
if ((${#echo_rows[@]})); then
    echo
    echo "echo: $CONNS connections${conns_note:+ $conns_note} at once, each $TRIPS round trips of $SIZE bytes; client: Go (netbench echo-client)"
    printf '%-14s %8s %16s %9s %11s\n' peer conns "round trips/s" threads "connect s"
    printf '%s\n' "${echo_rows[@]}"
fi
if ((${#http_rows[@]})); then
    echo
    echo "http: wrk -t2 -d$DURATION --timeout 2s, GET /, after $WARMUP of warm-up; $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
    printf '%-14s %6s %12s %10s %8s %9s %8s\n' peer conns requests/s "p99 ms" errors timeouts threads
    printf '%s\n' "${http_rows[@]}"
fi
echo
echo "threads: the server process's peak OS threads. Higher is better for rates, lower for the rest."
echo "Logs: $out"
exit "$failed"
