#!/usr/bin/env bash
# Two builds of the server, the same routes, one run (docs/BENCHMARKS.md): the release binary of
# this checkout and the one of git revision BEFORE (built in a worktree under /tmp), both serving
# the dev stack, measured with wrk -t1 in interleaved rounds, each against its own liveness.
#
#   BEFORE=efb7410 ROUNDS=5 DURATION=8s bash scripts/bench-compare.sh /api/auth/me /api/matches
#
# BEFORE_BINARY=path uses an already built binary as "before" instead (BEFORE then only labels it).
# BEFORE_ENV / AFTER_ENV ("NAME=value …") set environment variables for one of the two servers.
# Authenticated routes get the ten load-test users' tokens in turn.
set -euo pipefail
cd "$(dirname "$0")/.."

BEFORE=${BEFORE:?set BEFORE to the git revision to compare with}
DURATION=${DURATION:-8s}
ROUNDS=${ROUNDS:-5}
CONNECTIONS=${CONNECTIONS:-64}
routes=("$@")
[ ${#routes[@]} -gt 0 ] || routes=(/api/auth/me /api/matches)
work=$(mktemp -d)
worktree=/tmp/connect-bench-$(git rev-parse --short "$BEFORE")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

swift build -c release --product connect-dev >&2
swift build -c release --product connect >&2
before_binary=${BEFORE_BINARY:-$worktree/.build/release/connect}
if [ ! -x "$before_binary" ]; then
    [ -d "$worktree" ] || git worktree add "$worktree" "$BEFORE" >&2
    (cd "$worktree" && swift build -c release --product connect >&2)
fi
.build/release/connect-dev up >/dev/null

declare -A binary=([before]="$before_binary" [after]=.build/release/connect)
declare -A port=([before]=3201 [after]=3202)
declare -A extra_env=([before]="${BEFORE_ENV:-}" [after]="${AFTER_ENV:-}")
for build in before after; do
    env ${extra_env[$build]} PORT=${port[$build]} LOG_LEVEL=warning LOGIN_RATE_LIMIT_PER_MINUTE=100000 "${binary[$build]}" serve >"$work/$build.log" 2>&1 &
    pids+=($!)
done
for build in before after; do
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:${port[$build]}/api/health/live" >/dev/null && break; sleep 0.1; done
done

# Tokens of the ten load-test users (from the current build; the earlier one reads them too).
{
    echo "local tokens = {"
    for n in $(seq 0 9); do
        curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"loadtest+$n@connectplt.kr\",\"password\":\"Connect!2026\"}" \
            "http://127.0.0.1:${port[after]}/api/auth/login" | python3 -c 'import json,sys; print("  \"" + json.load(sys.stdin)["token"] + "\",")'
    done
    echo "}"
    echo "local i = 0"
    echo "request = function()"
    echo "  i = i % #tokens + 1"
    echo "  return wrk.format(\"GET\", nil, {[\"Authorization\"] = \"Bearer \" .. tokens[i]})"
    echo "end"
} > "$work/auth.lua"

measure() {  # build, route
    out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$work/auth.lua" "http://127.0.0.1:${port[$1]}$2")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    echo "$1 $2 $rps $p50 ${bad:-0}" >> "$work/results"
    echo "$1 $2: $rps req/s, p50 $p50, non-2xx ${bad:-0}" >&2
}
for build in before after; do for route in /api/health/live "${routes[@]}"; do  # warm-up
    wrk -t1 -c"$CONNECTIONS" -d2s -s "$work/auth.lua" "http://127.0.0.1:${port[$build]}$route" >/dev/null
done; done
for round in $(seq 1 "$ROUNDS"); do
    echo "round $round" >&2
    for route in /api/health/live "${routes[@]}"; do
        for build in before after; do measure "$build" "$route"; done
    done
done

source scripts/bench-lib.sh
echo
echo "| route | before ($BEFORE) req/s | after req/s | after / before | before vs its live | after vs its live |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for route in /api/health/live "${routes[@]}"; do
    b=$(awk -v r="$route" '$1=="before" && $2==r {print $3}' "$work/results" | median)
    a=$(awk -v r="$route" '$1=="after" && $2==r {print $3}' "$work/results" | median)
    bl=$(awk '$1=="before" && $2=="/api/health/live" {print $3}' "$work/results" | median)
    al=$(awk '$1=="after" && $2=="/api/health/live" {print $3}' "$work/results" | median)
    awk -v r="$route" -v a="$a" -v b="$b" -v al="$al" -v bl="$bl" \
        'BEGIN {printf "| `%s` | %d | %d | %.2f× | %.2f× | %.2f× |\n", r, b, a, a/b, b/bl, a/al}'
done
