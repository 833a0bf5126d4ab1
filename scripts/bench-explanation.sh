#!/usr/bin/env bash
# The cached explanation route of two builds in one run (docs/BENCHMARKS.md): BEFORE_BINARY and
# this checkout's release binary serve the dev stack; one load-test user's token and one of its
# matches; wrk -t1 -c64 in interleaved rounds, each build against its own liveness.
#
#   BEFORE_BINARY=/tmp/before-connect ROUNDS=3 DURATION=5s bash scripts/bench-explanation.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE_BINARY=${BEFORE_BINARY:?set BEFORE_BINARY to the release binary to compare with}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-5s}
swift build -c release --product connect-dev >&2
swift build -c release --product connect >&2
.build/release/connect-dev up >/dev/null
declare -A bin=([before]="$BEFORE_BINARY" [after]=.build/release/connect)
declare -A port=([before]=3201 [after]=3202)
pids=()
for b in before after; do
    PORT=${port[$b]} LOG_LEVEL=warning LOGIN_RATE_LIMIT_PER_MINUTE=100000 AI_RATE_LIMIT_PER_MINUTE=100000 "${bin[$b]}" serve >/dev/null 2>&1 &
    pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
for b in before after; do
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:${port[$b]}/api/health/live" >/dev/null && break; sleep 0.1; done
done
token=$(curl -fs -H 'Content-Type: application/json' -d '{"email":"loadtest+0@connectplt.kr","password":"Connect!2026"}' \
    http://127.0.0.1:3202/api/auth/login | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
id=$(curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:3202/api/matches?limit=1" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["matches"][0]["id"])')
route=/api/matches/$id/explanation
for b in before after; do
    curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:${port[$b]}$route" >/dev/null  # fills the cache
    for r in /api/health/live "$route"; do wrk -t1 -c64 -d2s -H "Authorization: Bearer $token" "http://127.0.0.1:${port[$b]}$r" >/dev/null; done
done
for round in $(seq 1 "$ROUNDS"); do
    for r in /api/health/live "$route"; do
        for b in before after; do
            out=$(wrk -t1 -c64 -d"$DURATION" --latency -H "Authorization: Bearer $token" "http://127.0.0.1:${port[$b]}$r")
            label=${r/$id/ID}
            echo "round $round $b $label: $(awk '/Requests\/sec/ {print $2}' <<<"$out") req/s, p50 $(awk '$1 == "50%" {print $2}' <<<"$out"), non-2xx $(awk '/Non-2xx/ {print $NF}' <<<"$out")"
        done
    done
done
