#!/usr/bin/env bash
# Health benchmark (docs/BENCHMARKS.md): wrk -t1 -c64 against nginx returning a fixed JSON body,
# connect's /api/health/live and /api/health, interleaved over several rounds in one run.
# Needs: a release build (.build/release/connect), the dev stack (connect-dev up), wrk, nginx.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
ROUNDS=${ROUNDS:-3}
CONNECTIONS=${CONNECTIONS:-64}
CONNECT_PORT=${CONNECT_PORT:-3100}
NGINX_PORT=${NGINX_PORT:-8089}
CONNECT=.build/release/connect
work=$(mktemp -d)

cleanup() {
    [ -n "${server_pid:-}" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

.build/release/connect-dev up >/dev/null  # the dev stack (make release builds connect-dev)

cat > "$work/nginx.conf" <<NGINX
worker_processes auto;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { default_type application/json; return 200 '{"status":"ok"}'; }
    }
}
NGINX
nginx -c "$work/nginx.conf"

PORT=$CONNECT_PORT LOG_LEVEL=warning "$CONNECT" serve >"$work/connect.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$CONNECT_PORT/api/health/live" >/dev/null && break; sleep 0.1; done
curl -fs "http://127.0.0.1:$CONNECT_PORT/api/health" >/dev/null

declare -A urls=(
    [nginx]="http://127.0.0.1:$NGINX_PORT/"
    [live]="http://127.0.0.1:$CONNECT_PORT/api/health/live"
    [health]="http://127.0.0.1:$CONNECT_PORT/api/health"
)
order=(nginx live health)
for name in "${order[@]}"; do wrk -t1 -c"$CONNECTIONS" -d2s "${urls[$name]}" >/dev/null; done  # warm-up

for round in $(seq 1 "$ROUNDS"); do
    for name in "${order[@]}"; do
        out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "${urls[$name]}")
        rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
        p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
        errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out" | tr '\n' ' ')
        echo "$name $rps $p99 $errors" >> "$work/results"
        echo "round $round $name: $rps req/s, p99 $p99 ${errors}" >&2
    done
done

source scripts/bench-lib.sh
echo
echo "| endpoint | median req/s | median p99 | ratio |"
echo "| --- | ---: | ---: | --- |"
nginx_rps=$(awk '$1=="nginx" {print $2}' "$work/results" | median)
live_rps=$(awk '$1=="live" {print $2}' "$work/results" | median)
for name in "${order[@]}"; do
    rps=$(awk -v n="$name" '$1==n {print $2}' "$work/results" | median)
    p99=$(awk -v n="$name" '$1==n {print $3}' "$work/results" | milliseconds | median)
    case $name in
        nginx) ratio="reference" ;;
        live) ratio=$(awk -v a="$rps" -v b="$nginx_rps" 'BEGIN {printf "%.2f× nginx (target ≥ 0.6)", a/b}') ;;
        health) ratio=$(awk -v a="$rps" -v b="$live_rps" 'BEGIN {printf "%.2f× live (target ≥ 0.5)", a/b}') ;;
    esac
    echo "| $name | $rps | ${p99} ms | $ratio |"
done
