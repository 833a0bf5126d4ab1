#!/usr/bin/env bash
# CPU by process while something else runs (docs/BENCHMARKS.md): every INTERVAL seconds for
# SECONDS, the share of a core used by the server (`connect`), PostgreSQL, both Redis servers and
# the generator (`connect-load`), and the whole machine's busy and idle time (200 % = 2 cores).
#
#   BUILD=release bash scripts/load.sh capacity-mix & sleep 8; bash scripts/cpu-by-process.sh 190 10
set -euo pipefail
seconds=${1:-60}
interval=${2:-10}
hz=$(getconf CLK_TCK)
ticks() {  # CPU clock ticks used so far by the processes named $1
    local total=0
    for p in $(pgrep -x "$1"); do total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done
    echo "$total"
}
sample() { echo "$(ticks connect) $(ticks postgres) $(ticks redis-server) $(ticks connect-load) $(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat)"; }
printf '%6s %8s %8s %6s %10s %8s %8s\n' time server postgres redis generator busy idle
previous=$(sample)
for ((elapsed = interval; elapsed <= seconds; elapsed += interval)); do
    sleep "$interval"
    current=$(sample)
    python3 - "$elapsed" "$interval" "$hz" "$previous" "$current" <<'PY'
import sys
elapsed, interval, hz = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
before, after = map(int, sys.argv[4].split()), map(int, sys.argv[5].split())
# A process that exits between samples makes its group's difference negative: shown as "-".
shares = [(b - a) * 100 / (interval * hz) for a, b in zip(before, after)]
cells = [f"{s:.0f}%" if s >= 0 else "-" for s in shares]
print(f"{elapsed:5d}s {cells[0]:>8} {cells[1]:>8} {cells[2]:>6} {cells[3]:>10} {cells[4]:>8} {cells[5]:>8}")
PY
    previous=$current
done
