#!/usr/bin/env bash
# Several hosts on one machine, as network namespaces on one virtual switch (docs/OPERATIONS.md,
# "Kubernetes: what was verified"): what crosses a network without a cluster.
#
#   data   10.77.0.4  PostgreSQL (5432), the Redis cache (6379) and the Redis queue (6380)
#   app1   10.77.0.2  connect serve (INSTANCE_ID=app1)
#   app2   10.77.0.3  connect serve (INSTANCE_ID=app2), sharing the stores of `data`
#   load1  10.77.0.5  connect-load coordinate (port 7000) and segment 1/2
#   load2  10.77.0.6  segment 2/2, started 2 s after segment 1
#
# Both segments drive app1 with a scenario whose thresholds only the union of the two can meet
# (each segment alone sends half). The coordinator starts them together and judges the whole
# run. From load2 the script also checks that the replicas share their state (a registration
# through app1 signs in through app2; a list cached by app1 is a hit on app2).
#
#   sudo bash scripts/netns-hosts.sh OUT_DIR        (binaries from BIN_DIR, default .build/debug)
#
# OUT_DIR receives segment-1.json, segment-2.json, merged.json, report.html, each process's
# output and exit code, and facts.json (the replicas' answers). Everything it starts, and the
# namespaces, are removed on exit. Exit 2 when network namespaces cannot be made (not root, or a
# sandbox without CAP_SYS_ADMIN); 1 when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:?usage: netns-hosts.sh OUT_DIR}
bin=$(cd "${BIN_DIR:-.build/debug}" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
prefix="cn$$"
switch="$prefix-sw"
declare -A address=([data]=10.77.0.4 [app1]=10.77.0.2 [app2]=10.77.0.3 [load1]=10.77.0.5 [load2]=10.77.0.6)
work=$(mktemp -d /tmp/connect-netns.XXXXXX)
chmod 755 "$work"
pids=()

ns() { echo "$prefix-$1"; }
on() { local host=$1; shift; ip netns exec "$(ns "$host")" "$@"; }
# In the background: `exec`, so $! is the program itself and cleanup's kill reaches it.
on_bg() { local host=$1; shift; ( exec ip netns exec "$(ns "$host")" "$@" ) & }
log() { echo "netns-hosts: $*" >&2; }

cleanup() {
    set +e
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
    if [ -f "$work/pg/postmaster.pid" ]; then
        on data runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -m immediate -w stop >/dev/null 2>&1
    fi
    for port in 6379 6380; do on data redis-cli -h "${address[data]}" -p $port SHUTDOWN NOSAVE >/dev/null 2>&1; done
    for host in "${!address[@]}"; do ip netns del "$(ns "$host")" 2>/dev/null; done
    ip netns del "$switch" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

if ! ip netns add "$switch" 2>"$work/netns.err"; then
    log "cannot create network namespaces here: $(cat "$work/netns.err")"
    exit 2
fi
ip -n "$switch" link add br0 type bridge
ip -n "$switch" link set br0 up
for host in "${!address[@]}"; do
    ip netns add "$(ns "$host")"
    ip -n "$switch" link add "p-$host" type veth peer name eth0 netns "$(ns "$host")"
    ip -n "$switch" link set "p-$host" master br0 up
    ip -n "$(ns "$host")" addr add "${address[$host]}/24" dev eth0
    ip -n "$(ns "$host")" link set eth0 up
    ip -n "$(ns "$host")" link set lo up
done
log "hosts: $(for h in "${!address[@]}"; do printf '%s=%s ' "$h" "${address[$h]}"; done)"

# --- data: PostgreSQL and the two Redis instances, reachable from the other hosts only by address.
pg_bin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1)")
[ -x "$pg_bin/pg_ctl" ] || { log "PostgreSQL's pg_ctl not found under /usr/lib/postgresql"; exit 1; }
install -d -o postgres -g postgres -m 700 "$work/pg"
install -o postgres -g postgres -m 600 /dev/null "$work/pg.log"
runuser -u postgres -- "$pg_bin/initdb" -D "$work/pg" -U connect --auth=trust -E UTF8 --locale=C.UTF-8 --no-instructions >"$work/initdb.log"
echo "host all all 10.77.0.0/24 trust" >>"$work/pg/pg_hba.conf"
on data runuser -u postgres -- "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w -t 60 \
    -o "-p 5432 -c listen_addresses=${address[data]} -c unix_socket_directories=''" start >/dev/null
database="postgresql://connect@${address[data]}:5432/connect?sslmode=disable"
on data "$pg_bin/psql" -q "postgresql://connect@${address[data]}:5432/postgres?sslmode=disable" -c "CREATE DATABASE connect"
mkdir -p "$work/cache" "$work/queue"
on data redis-server --port 6379 --bind "${address[data]}" --protected-mode no --daemonize yes --dir "$work/cache" \
    --pidfile "$work/cache/redis.pid" --logfile "$work/cache/redis.log" --save "" --appendonly no
on data redis-server --port 6380 --bind "${address[data]}" --protected-mode no --daemonize yes --dir "$work/queue" \
    --pidfile "$work/queue/redis.pid" --logfile "$work/queue/redis.log" --save "" --appendonly yes
for port in 6379 6380; do
    for _ in $(seq 1 50); do on data redis-cli -h "${address[data]}" -p $port PING 2>/dev/null | grep -q PONG && break; sleep 0.1; done
done
log "data: PostgreSQL and Redis up on ${address[data]}"

# --- app1, app2: migrations once (from app1), then a server on each, sharing the stores.
on app1 env DATABASE_URL="$database" LOG_LEVEL=warning "$bin/connect" migrate >"$out/migrate.out" 2>&1
jwt_secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
for host in app1 app2; do
    on_bg "$host" env HOST="${address[$host]}" PORT=3000 INSTANCE_ID="$host" DATABASE_URL="$database" \
        REDIS_CACHE_URL="redis://${address[data]}:6379" REDIS_QUEUE_URL="redis://${address[data]}:6380" \
        JWT_SECRET="$jwt_secret" LOG_LEVEL=warning LOG_FORMAT=json "$bin/connect" serve >"$out/$host.log" 2>&1
    pids+=($!)
done
for host in app1 app2; do
    for _ in $(seq 1 100); do
        on load2 curl -fs "http://${address[$host]}:3000/api/health/live" >/dev/null 2>&1 && break
        sleep 0.1
    done
done
log "app1, app2: serving"

# --- the replicas share their state, seen from another host.
fetch() {  # fetch NAME METHOD URL [JSON]: writes NAME.status, NAME.headers, NAME.body under $work/facts
    local name=$1 method=$2 url=$3 json=${4:-}
    mkdir -p "$work/facts"
    local args=(-s -o "$work/facts/$name.body" -D "$work/facts/$name.headers" -w '%{http_code}' -X "$method")
    [ -n "$json" ] && args+=(-H 'Content-Type: application/json' --data "$json")
    on load2 curl "${args[@]}" "$url" >"$work/facts/$name.status"
}
fetch health1 GET "http://${address[app1]}:3000/api/health"
fetch health2 GET "http://${address[app2]}:3000/api/health"
fetch register POST "http://${address[app1]}:3000/api/auth/register" \
    '{"email":"netns@connectplt.kr","password":"Netns!2026pass","name":"Netns"}'
fetch login POST "http://${address[app2]}:3000/api/auth/login" '{"email":"netns@connectplt.kr","password":"Netns!2026pass"}'
fetch list1 GET "http://${address[app1]}:3000/api/funding-programs?keyword=netns"
fetch list2 GET "http://${address[app2]}:3000/api/funding-programs?keyword=netns"
python3 - "$work/facts" >"$out/facts.json" <<'EOF'
import json, os, sys
folder = sys.argv[1]
facts = {}
for name in sorted({f.split(".")[0] for f in os.listdir(folder)}):
    read = lambda ext: open(os.path.join(folder, f"{name}.{ext}"), encoding="utf-8", errors="replace").read()
    headers = {}
    for line in read("headers").splitlines()[1:]:
        if ":" in line:
            key, value = line.split(":", 1)
            headers[key.strip().lower()] = value.strip()
    try:
        body = json.loads(read("body"))
    except ValueError:
        body = read("body")
    facts[name] = {"status": int(read("status") or 0), "headers": headers, "body": body}
print(json.dumps(facts, indent=2, ensure_ascii=False))
EOF
log "replicas: checked from load2 (facts.json)"

# --- a distributed run: coordinator and segment 1 on load1, segment 2 on load2, both against app1.
cat >"$out/scenario.yaml" <<EOF
name: netns-reads
description: anonymous reads at 100 iterations/s for 5 s, split over two hosts; only the union meets the count threshold.
baseURL: http://${address[app1]}:3000
executor:
  type: constant-arrival-rate
  rate: 100
  duration: 5s
  preAllocatedVUs: 60
personas:
  - name: reader
    steps:
      - name: programs
        path: /api/funding-programs?page=1&limit=20
      - name: live
        path: /api/health/live
thresholds:
  http_req_failed: ["rate<0.01"]
  # Each segment schedules 250: only the union can reach 300, with room for a loaded machine's drops.
  iterations: ["count>=300"]
  http_req_duration: ["p(95)<5000"]
EOF
on_bg load1 "$bin/connect-load" coordinate --segments 2 --host "${address[load1]}" --port 7000 \
    --summary-json "$out/merged.json" --report "$out/report.html" >"$out/coordinator.out" 2>&1
coordinator=$!
pids+=($coordinator)
# As in the Indexed Job of deploy/kubernetes/load: the segment from JOB_COMPLETION_INDEX.
on_bg load1 env JOB_COMPLETION_INDEX=0 "$bin/connect-load" run "$out/scenario.yaml" --segment auto/2 --coordinator "http://${address[load1]}:7000" \
    --quiet --summary-json "$out/segment-1.json" >"$out/segment-1.out" 2>&1
segment1=$!
pids+=($segment1)
sleep 2
set +e
on load2 env JOB_COMPLETION_INDEX=1 "$bin/connect-load" run "$out/scenario.yaml" --segment auto/2 --coordinator "http://${address[load1]}:7000" \
    --quiet --summary-json "$out/segment-2.json" >"$out/segment-2.out" 2>&1
echo $? >"$out/segment-2.rc"
wait $segment1
echo $? >"$out/segment-1.rc"
wait $coordinator
echo $? >"$out/coordinator.rc"
set -e
log "distributed run: coordinator exit $(cat "$out/coordinator.rc"), segments $(cat "$out/segment-1.rc") and $(cat "$out/segment-2.rc")"
