#!/usr/bin/env bash
# Runs one shipped scenario against its own server, with one command:
#   bash scripts/load.sh SCENARIO [connect-load run options…]     e.g.  bash scripts/load.sh ai-load --scale 0.1
# It builds the release binaries, brings the dev stack up (migrated, seeded), starts llm-sim
# (the Anthropic-compatible simulator: log-normal latency, streamed tokens) and `connect serve
# --worker` pointed at it, runs `connect-load run loadtests/SCENARIO.yaml`, stops both, and exits
# with connect-load's code (0 passed, 99 a threshold failed).
#
# The server runs with per-user AI and chat limits far above what 150 VUs over ten users send
# (the original's limits would answer most requests 429 and measure the limiter, not the paths),
# and with the dev stack's cache instance emptied first (cached answers of an earlier run would be hits),
# and with its breaker open period scaled like the scenario's timeline when --scale is given.
# Environment: LOAD_PORT (3300), LLM_SIM_PORT (8090), BUILD (release|debug), LLM_SIM_LATENCY,
# LLM_SIM_TOKENS_PER_SECOND.
set -euo pipefail
cd "$(dirname "$0")/.."

scenario=${1:?usage: scripts/load.sh SCENARIO [connect-load run options]}
shift
BUILD=${BUILD:-release}
LOAD_PORT=${LOAD_PORT:-3300}
LLM_SIM_PORT=${LLM_SIM_PORT:-8090}
LLM_SIM_LATENCY=${LLM_SIM_LATENCY:-lognormal:p50=400ms,p99=2s}
LLM_SIM_TOKENS_PER_SECOND=${LLM_SIM_TOKENS_PER_SECOND:-150}
bin=.build/$BUILD
# Each VU holds a connection: lift a 1,024 soft open-file limit where the hard limit allows.
[ "$(ulimit -n)" = unlimited ] || [ "$(ulimit -n)" -ge 65536 ] || ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

# --scale F also shortens the breaker's open period (30 s × F, at least 1 s).
scale=1
args=("$@")
for i in "${!args[@]}"; do
    case "${args[$i]}" in
        --scale) scale=${args[$((i + 1))]} ;;
        --scale=*) scale=${args[$i]#--scale=} ;;
    esac
done
breaker_open=$(awk -v s="$scale" 'BEGIN { v = int(30 * s + 0.5); print (v < 1 ? 1 : v) }')

if [ "$BUILD" = release ]; then
    bash scripts/install-deps.sh >/dev/null
    # One --product per call: swift build keeps only the last one.
    swift build -c release --product connect-dev
    swift build -c release --product connect
    swift build -c release --product connect-load
fi
"$bin/connect-dev" up >/dev/null
# Each run starts with a cold cache: an earlier run's explanations and chat answers (same seeded
# programs, same day) would otherwise be hits from the first request.
redis-cli -p "${CACHE_PORT:-6380}" FLUSHDB >/dev/null

work=$(mktemp -d)
cleanup() {
    for pid in ${server_pid:-} ${sim_pid:-}; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

"$bin/connect-load" llm-sim --port "$LLM_SIM_PORT" --latency "$LLM_SIM_LATENCY" \
    --tokens-per-second "$LLM_SIM_TOKENS_PER_SECOND" --log-level warning >"$work/llm-sim.log" 2>&1 &
sim_pid=$!
PORT=$LOAD_PORT LOG_LEVEL=warning ANTHROPIC_API_KEY=llm-sim ANTHROPIC_BASE_URL="http://127.0.0.1:$LLM_SIM_PORT" \
    AI_RATE_LIMIT_PER_MINUTE=100000 CHAT_RATE_LIMIT_PER_MINUTE=100000 LOGIN_RATE_LIMIT_PER_MINUTE=100000 REGISTRATION_RATE_LIMIT_PER_HOUR=1000000 \
    AI_UPSTREAM_CALLS_PER_MINUTE=100000 AI_DAILY_BUDGET_KRW=100000000 BREAKER_OPEN_SECONDS="$breaker_open" \
    "$bin/connect" serve --worker >"$work/connect.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$LOAD_PORT/api/health/live" >/dev/null && break; sleep 0.1; done

status=0
"$bin/connect-load" run "$scenario" --base-url "http://127.0.0.1:$LOAD_PORT" \
    -e "LLM_SIM_URL=http://127.0.0.1:$LLM_SIM_PORT" "$@" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 99 ]; then
    echo "--- connect serve log (last 20 lines)"; tail -20 "$work/connect.log"
fi
exit "$status"
