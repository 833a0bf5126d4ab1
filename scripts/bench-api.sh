#!/usr/bin/env bash
# API read benchmark (docs/BENCHMARKS.md): wrk -t1 against a release `connect serve`, with the ten
# load-test users logged in and requests rotating over their tokens (and their own match ids):
# GET /api/health/live (reference), GET /api/matches, GET /api/funding-programs?keyword=AI and the
# cached GET /api/matches/{id}/explanation, interleaved over several rounds in one run.
# Needs: a release build (.build/release/connect), the dev stack (connect-dev up), wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-50}
CONNECT_PORT=${CONNECT_PORT:-3100}
CONNECT=.build/release/connect
base="http://127.0.0.1:$CONNECT_PORT"
work=$(mktemp -d)

cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

.build/release/connect-dev up >/dev/null  # the dev stack (make release builds connect-dev)
# Limits far above the offered load: this measures the read paths, not the limiters.
PORT=$CONNECT_PORT LOG_LEVEL=warning AI_RATE_LIMIT_PER_MINUTE=100000 LOGIN_RATE_LIMIT_PER_MINUTE=100000 REGISTRATION_RATE_LIMIT_PER_HOUR=1000000 \
    "$CONNECT" serve >"$work/connect.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "$base/api/health/live" >/dev/null && break; sleep 0.1; done

# Log in the load-test users; note each one's best match.
for n in $(seq 0 9); do
    token=$(curl -fs -H 'Content-Type: application/json' \
        -d "{\"email\":\"loadtest+$n@connectplt.kr\",\"password\":\"Connect!2026\"}" "$base/api/auth/login" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    match=$(curl -fs -H "Authorization: Bearer $token" "$base/api/matches?limit=1" |
        python3 -c 'import json,sys; print(json.load(sys.stdin)["matches"][0]["id"])')
    echo "$token $match" >> "$work/users"
done

# One wrk script per endpoint: each request takes the next user's token (and match).
write_script() {  # name, path template with MATCH
    {
        echo "local users = {"
        while read -r token match; do echo "  {\"$token\", \"${2//MATCH/$match}\"},"; done < "$work/users"
        echo "}"
        echo "local i = 0"
        echo "request = function()"
        echo "  i = i % #users + 1"
        echo "  return wrk.format(\"GET\", users[i][2], {[\"Authorization\"] = \"Bearer \" .. users[i][1]})"
        echo "end"
    } > "$work/$1.lua"
}
write_script live "/api/health/live"
write_script matches "/api/matches"
write_script programs "/api/funding-programs?keyword=AI"
write_script explanation "/api/matches/MATCH/explanation"

order=(live matches programs explanation)
for name in "${order[@]}"; do wrk -t1 -c"$CONNECTIONS" -d2s -s "$work/$name.lua" "$base" >/dev/null; done  # warm-up, fills the caches
for name in matches programs explanation; do
    # The warm-up must have made them hits.
    read -r token match < "$work/users"
    path=$(sed -n 's/.*"\(\/api[^"]*\)"},/\1/p' "$work/$name.lua" | head -1)
    cache=$(curl -fs -o /dev/null -D - -H "Authorization: Bearer $token" "$base$path" | awk -F': ' 'tolower($1)=="x-cache" {print $2}' | tr -d '\r')
    echo "$name after warm-up: X-Cache $cache" >&2
done

for round in $(seq 1 "$ROUNDS"); do
    for name in "${order[@]}"; do
        out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/$name.lua" "$base")
        rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
        echo "$name $rps $p50 $p99 $errors" >> "$work/results"
        echo "round $round $name: $rps req/s, p50 $p50, p99 $p99 ${errors}" >&2
    done
done

source scripts/bench-lib.sh
echo
echo "| endpoint | median req/s | median p50 | median p99 | vs live |"
echo "| --- | ---: | ---: | ---: | --- |"
live_rps=$(awk '$1=="live" {print $2}' "$work/results" | median)
for name in "${order[@]}"; do
    rps=$(awk -v n="$name" '$1==n {print $2}' "$work/results" | median)
    p50=$(awk -v n="$name" '$1==n {print $3}' "$work/results" | milliseconds | median)
    p99=$(awk -v n="$name" '$1==n {print $4}' "$work/results" | milliseconds | median)
    ratio=$(awk -v a="$rps" -v b="$live_rps" 'BEGIN {printf "%.2f×", a/b}')
    echo "| $name | $rps | ${p50} ms | ${p99} ms | $ratio |"
done
