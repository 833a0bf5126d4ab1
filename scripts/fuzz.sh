#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer, with AddressSanitizer) of what Connect parses by hand:
# the load client's HTTP/1.1 response parser (against NIOHTTP1's decoder), scenario files, the
# JSON reader and paths, RESP replies, PostgreSQL text values, the strict JSON check.
#
#   bash scripts/fuzz.sh                      # every target for FUZZ_SECONDS (300) each, random seeds
#   bash scripts/fuzz.sh --quick              # every target, a fixed seed and FUZZ_RUNS (20000) inputs: make test
#   bash scripts/fuzz.sh http-response ...    # only these targets
#
# Each target starts from Fuzz/corpus/<target> and grows a working corpus in .build-fuzz/corpus.
# An input that breaks an invariant is copied to Fuzz/regressions/<target>/ (commit it: the
# regression tests replay every file there) and the script exits 1.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
quick=false
targets=()
for argument in "$@"; do
    case "$argument" in
        --quick) quick=true ;;
        *) targets+=("$argument") ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(http-response scenario json-path resp postgres-text strict-json)
seconds="${FUZZ_SECONDS:-300}"
runs="${FUZZ_RUNS:-20000}"

# A build of its own: every module instrumented for coverage and AddressSanitizer.
# SwiftPM also links the package's build-plugin executable (swift-openapi-generator) with these
# flags; libFuzzer's main makes that link fail inside gold ("internal error in format_file_lineno")
# while the build itself succeeds and connect-fuzz does not use it: those three lines are dropped.
swift build --product connect-fuzz --scratch-path .build-fuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING 2>&1 \
    | grep -v -e "Cannot export local symbol" -e "^error: link command failed with exit code 1" \
        -e "^/usr/bin/ld.gold: internal error in format_file_lineno" -e "^clang: error: linker command failed with exit code 1" >&2
fuzzer=.build-fuzz/debug/connect-fuzz

found=0
for target in "${targets[@]}"; do
    corpus=".build-fuzz/corpus/$target"
    crashes=".build-fuzz/crashes/$target"
    mkdir -p "$corpus" "$crashes"
    if $quick; then
        limits=(-seed=1 -runs="$runs")
    else
        limits=(-max_total_time="$seconds")
    fi
    echo "fuzz: $target (${limits[*]})"
    status=0
    CONNECT_FUZZ_TARGET="$target" "$fuzzer" "${limits[@]}" -timeout=10 -rss_limit_mb=4096 -max_len=16384 \
        -artifact_prefix="$crashes/" -print_final_stats=1 "$corpus" "Fuzz/corpus/$target" \
        > ".build-fuzz/$target.log" 2>&1 || status=$?
    grep -E "^stat::number_of_executed_units|^Done|^#[0-9]+ +DONE" ".build-fuzz/$target.log" | tail -2 | sed "s/^/  /"
    if [ "$status" -ne 0 ]; then
        found=1
        grep -E "Fatal error|ERROR: " ".build-fuzz/$target.log" | head -3 | sed "s/^/  /"
        mkdir -p "Fuzz/regressions/$target"
        for artifact in "$crashes"/*; do
            [ -e "$artifact" ] || continue
            cp "$artifact" "Fuzz/regressions/$target/"
            echo "  kept Fuzz/regressions/$target/$(basename "$artifact"); replay: .build/debug/connect-fuzz $target $artifact"
            rm "$artifact"
        done
    fi
done
exit "$found"
