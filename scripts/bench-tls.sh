#!/usr/bin/env bash
# Generator speed over HTTPS (docs/BENCHMARKS.md): wrk and connect-load bench drive the same
# nginx `return 200` on https (TLS 1.3, an ECDSA P-256 certificate made for the run, trusted with
# --cacert) with the same keep-alive connections, interleaved over several rounds in one run;
# medians of requests/s, p50, p99 and the generator's CPU time per request. Layouts as in
# bench-harness.sh: pinned (nginx, one worker, on CPU 0, the generator with one thread on CPU 1)
# and shared (no pinning, nginx with one worker per core, generators with two threads).
# Needs: .build/release/connect-load, wrk, nginx (with http_ssl, as nginx-light), openssl, taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bench-lib.sh

DURATION=${DURATION:-8}   # seconds
ROUNDS=${ROUNDS:-5}
CONNECTIONS=${CONNECTIONS:-64}
PORT=${PORT:-3443}
CONNECT_LOAD=.build/release/connect-load
url="https://localhost:$PORT/"
work=$(mktemp -d)
all_cpus="0-$(($(nproc --all) - 1))"

cleanup() {
    [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

# A CA and a server certificate for localhost, made for this run.
openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca.key" 2>/dev/null
openssl req -x509 -new -key "$work/ca.key" -subj "/CN=bench CA" -days 1 -out "$work/ca.pem" 2>/dev/null
openssl ecparam -name prime256v1 -genkey -noout -out "$work/server.key" 2>/dev/null
openssl req -new -key "$work/server.key" -subj "/CN=localhost" -out "$work/server.csr" 2>/dev/null
printf 'subjectAltName=DNS:localhost\n' > "$work/san.ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -days 1 \
    -extfile "$work/san.ext" -out "$work/server.pem" 2>/dev/null

start_nginx() {  # worker count
    [ -f "$work/nginx.pid" ] && { kill "$(cat "$work/nginx.pid")"; sleep 0.5; }
    cat > "$work/nginx.conf" <<NGINX
worker_processes $1;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work; uwsgi_temp_path $work; scgi_temp_path $work;
    server {
        listen 127.0.0.1:$PORT ssl;
        ssl_certificate $work/server.pem;
        ssl_certificate_key $work/server.key;
        ssl_protocols TLSv1.2 TLSv1.3;
        keepalive_requests 1000000;
        location / { default_type application/json; return 200 '{"status":"ok"}'; }
    }
}
NGINX
    nginx -c "$work/nginx.conf"
    for _ in $(seq 1 50); do curl -fs --cacert "$work/ca.pem" "$url" >/dev/null && return; sleep 0.1; done
    curl -fsS --cacert "$work/ca.pem" "$url" >/dev/null
}

runs=(pinned/wrk-1 pinned/connect-load-1 shared/wrk-2 shared/connect-load-2)
if [ "$(nproc)" -lt 2 ]; then runs=(shared/wrk-2 shared/connect-load-2); fi

# Runs one generator for $2 seconds; output in $work/out, CPU seconds (user sys) in $work/cpu.
drive() {  # layout/generator, seconds
    local TIMEFORMAT='%U %S' layout=${1%%/*} generator=${1#*/} pin=()
    [ "$layout" = pinned ] && pin=(taskset -c 1)
    case $generator in
        wrk-*) { time "${pin[@]}" wrk -t"${generator#wrk-}" -c"$CONNECTIONS" -d"$2s" --latency "$url" >"$work/out" 2>&1; } 2>"$work/cpu" ;;
        connect-load-*)
            { time "${pin[@]}" "$CONNECT_LOAD" bench "$url" --cacert "$work/ca.pem" --connections "$CONNECTIONS" --duration "$2s" \
                --threads "${generator#connect-load-}" >"$work/out" 2>&1; } 2>"$work/cpu" ;;
    esac
}

# Each layout with its own nginx: one worker pinned to CPU 0, or one per core unpinned.
layout_nginx() {  # layout
    if [ "$1" = pinned ]; then
        start_nginx 1
        master=$(cat "$work/nginx.pid")
        for pid in "$master" $(pgrep -P "$master"); do taskset -a -p -c 0 "$pid" >/dev/null; done
    else
        start_nginx auto
    fi
}

for layout in pinned shared; do
    selected=()
    for run in "${runs[@]}"; do [ "${run%%/*}" = "$layout" ] && selected+=("$run"); done
    [ ${#selected[@]} -gt 0 ] || continue
    layout_nginx "$layout"
    for run in "${selected[@]}"; do drive "$run" 2; done  # warm-up
    for round in $(seq 1 "$ROUNDS"); do
        for run in "${selected[@]}"; do
            measure "$run" "$round"
        done
    done
done

echo
echo "| layout | generator | median req/s | median p50 | median p99 | CPU per request | vs wrk |"
echo "| --- | --- | ---: | ---: | ---: | ---: | --- |"
for run in "${runs[@]}"; do
    layout=${run%%/*} generator=${run#*/}
    read -r rps p50 p99 cpu < <(run_medians "$run")
    case $generator in
        wrk-*) ratio="reference"; label="wrk -t${generator#wrk-}" ;;
        connect-load-*)
            reference="$layout/wrk-${generator#connect-load-}"
            ratio=$(awk -v a="$rps" -v b="$(column "$reference" 2 | median)" -v r="wrk -t${generator#connect-load-}" \
                'BEGIN {printf "**%.2f× %s** (target ≥ 0.8)", a/b, r}')
            label="connect-load bench --threads ${generator#connect-load-}" ;;
    esac
    echo "| $layout | $label | $(printf %.0f "$rps") | ${p50} ms | ${p99} ms | ${cpu} µs | $ratio |"
done
