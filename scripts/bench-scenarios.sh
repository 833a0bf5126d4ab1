#!/usr/bin/env bash
# The Phase 2 scenarios at full length (docs/BENCHMARKS.md) and the two capacity searches: smoke
# (30 s), circuit-breaker (3.5 min), ai-load (13 min), mixed-traffic (27 min), the seed chat API's
# chat-load (5 min), capacity (reads,
# 5 min) and capacity-mix (the real mix, 3 min), each through scripts/load.sh (release
# server with its worker, llm-sim upstream, dev stack), with --baseline phase2. Summaries, HTML
# reports and the text output go to .build/phase2/. SCENARIOS="smoke ai-load" picks some;
# SCALE=0.1 compresses them (for a quick look; the recorded figures are at full length).
set -uo pipefail
cd "$(dirname "$0")/.."

SCENARIOS=${SCENARIOS:-smoke circuit-breaker ai-load mixed-traffic chat-load capacity capacity-mix}
SCALE=${SCALE:-1}
out=.build/phase2
mkdir -p "$out"
# One --product per call: swift build keeps only the last one.
swift build -c release --product connect-dev >/dev/null
swift build -c release --product connect >/dev/null
swift build -c release --product connect-load >/dev/null

failed=0
for scenario in $SCENARIOS; do
    echo "=== $scenario (scale $SCALE)"
    BUILD=release bash scripts/load.sh "$scenario" --scale "$SCALE" --baseline phase2 \
        --summary-json "$out/$scenario.json" --report "$out/$scenario.html" > "$out/$scenario.txt" 2>&1
    status=$?
    grep -E "✓|✗|http_reqs\.\.\.|http_req_duration\.\.\.|http_req_failed\.\.\.|capacity:" "$out/$scenario.txt" | head -20
    sed -n '/BASELINE phase2/,/note:/p' "$out/$scenario.txt"
    echo "exit $status; full output in $out/$scenario.txt, report in $out/$scenario.html"
    [ "$status" -eq 0 ] || failed=1
done
exit $failed
