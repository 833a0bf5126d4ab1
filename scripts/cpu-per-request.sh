#!/usr/bin/env bash
# Where a request's CPU goes, by process (docs/BENCHMARKS.md): starts BINARY serve on port 3210
# against the dev stack, drives each ROUTE with wrk (-t1 -c64, one load-test user's token) for
# DURATION, and divides the CPU time each process used by the requests served — the server,
# PostgreSQL's processes, both Redis servers, wrk — and the busy time of the whole machine. On a
# machine that all of them share, the last is what a route's throughput is made of: 2 cores give
# 2,000,000 µs of CPU per second. Loopback TCP is charged to the sending process (the kernel
# delivers the segment in its send call). SOCKETS=1 connects the server over the stack's Unix sockets.
#
#   bash scripts/cpu-per-request.sh .build/release/connect /api/health/live /api/matches
set -euo pipefail
bin=${1:?usage: cpu-per-request.sh BINARY ROUTE...}
shift
[ $# -gt 0 ] || set -- /api/health/live
DURATION=${DURATION:-5s}
cd "$(dirname "$0")/.."
dev=.build/release/connect-dev
[ -x "$dev" ] || dev=.build/debug/connect-dev
if [ "${SOCKETS:-0}" = 1 ]; then
    export $("$dev" up --sockets | grep -E '^(DATABASE_URL|REDIS_CACHE_URL|REDIS_QUEUE_URL)=')
else
    "$dev" up >/dev/null
fi
PORT=3210 LOG_LEVEL=warning LOGIN_RATE_LIMIT_PER_MINUTE=100000 AI_RATE_LIMIT_PER_MINUTE=100000 "$bin" serve >/tmp/cpu-per-request.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:3210/api/health/live >/dev/null && break; sleep 0.1; done
token=$(curl -fs -H 'Content-Type: application/json' -d '{"email":"loadtest+0@connectplt.kr","password":"Connect!2026"}' \
    http://127.0.0.1:3210/api/auth/login | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

ticks() {  # CPU clock ticks used so far by the processes with these pids
    local total=0
    for p in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
    echo "$total"
}
busy() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
hz=$(getconf CLK_TCK)
printf '%-44s %9s %8s %8s %8s %8s %8s   (µs of CPU per request)\n' route req/s server postgres redis wrk machine
for route in "$@"; do
    wrk -t1 -c64 -d2s -H "Authorization: Bearer $token" "http://127.0.0.1:3210$route" >/dev/null  # warm-up
    postgres=$(pgrep -x postgres | tr '\n' ' ')
    redis=$(pgrep -x redis-server | tr '\n' ' ')
    s0=$(ticks $pid); p0=$(ticks $postgres); r0=$(ticks $redis); m0=$(busy)
    out=$(python3 -c '
import resource, subprocess, sys
out = subprocess.run(sys.argv[1:], capture_output=True, text=True).stdout
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(out)
print("wrk-cpu", usage.ru_utime + usage.ru_stime)' \
        wrk -t1 -c64 -d"$DURATION" -H "Authorization: Bearer $token" "http://127.0.0.1:3210$route")
    s1=$(ticks $pid); p1=$(ticks $postgres); r1=$(ticks $redis); m1=$(busy)
    requests=$(awk '/requests in/ {print $1}' <<<"$out")
    python3 - "$route" "$requests" "$hz" "$((s1 - s0))" "$((p1 - p0))" "$((r1 - r0))" "$((m1 - m0))" \
        "$(awk '/^wrk-cpu/ {print $2}' <<<"$out")" "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" <<'PY'
import sys
route, requests, hz, server, postgres, redis, machine, wrk, rps = sys.argv[1:]
per = lambda ticks: float(ticks) * 1e6 / float(hz) / int(requests)
print(f"{route[:44]:<44} {float(rps):9.0f} {per(server):8.1f} {per(postgres):8.1f} {per(redis):8.1f} "
      f"{float(wrk) * 1e6 / int(requests):8.1f} {per(machine):8.1f}")
PY
done
