#!/usr/bin/env bash
# Where a route's time goes (docs/BENCHMARKS.md): starts BINARY serve on port 3210 against the dev
# stack, drives ROUTE with wrk (one load-test user's token, 64 connections) and records the server
# with `perf record -F 999 -g` for 5 s; prints req/s and flat profiles by library, thread and
# symbol. The recording stays in /tmp/perf-LABEL.data for `perf report -i`.
#
#   bash scripts/profile-route.sh .build/release/connect after /api/matches
set -euo pipefail
bin=${1:?usage: profile-route.sh BINARY LABEL ROUTE}
label=${2:?usage: profile-route.sh BINARY LABEL ROUTE}
route=${3:?usage: profile-route.sh BINARY LABEL ROUTE}
cd "$(dirname "$0")/.."
.build/release/connect-dev up >/dev/null 2>&1 || .build/debug/connect-dev up >/dev/null
PORT=3210 LOG_LEVEL=warning LOGIN_RATE_LIMIT_PER_MINUTE=100000 "$bin" serve >"/tmp/profile-$label.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:3210/api/health/live >/dev/null && break; sleep 0.1; done
token=$(curl -fs -H 'Content-Type: application/json' -d '{"email":"loadtest+0@connectplt.kr","password":"Connect!2026"}' \
    http://127.0.0.1:3210/api/auth/login | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
wrk -t1 -c64 -d3s -H "Authorization: Bearer $token" "http://127.0.0.1:3210$route" >/dev/null
wrk -t1 -c64 -d8s -H "Authorization: Bearer $token" "http://127.0.0.1:3210$route" >"/tmp/profile-$label.wrk" &
load=$!
sleep 1
perf record -F 999 -g -p "$pid" -o "/tmp/perf-$label.data" -- sleep 5 >/dev/null 2>&1
wait "$load"
grep Requests/sec "/tmp/profile-$label.wrk"
for key in dso comm sym; do
    echo "--- by $key"
    perf report -i "/tmp/perf-$label.data" --no-children -g none --sort "$key" --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
done
