# Helpers shared by the benchmark scripts (sourced, not run).

# The median of the numbers on standard input, one per line.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# wrk's latencies on standard input (850.00us, 1.66ms, 2.01s), one per line, as milliseconds.
milliseconds() { awk '{v=$1; if (v ~ /us$/) {sub(/us$/, "", v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v*=1000}; print v}'; }

# Requests/s, p50 and p99 (as printed: 850.00us, 1.66ms, 309µs) from a generator's output on
# standard input, one line: wrk's latency distribution or connect-load's and k6's summary.
generator_figures() {  # generator: wrk-N, connect-load-N or k6
    case $1 in
        wrk-*) awk '/Requests\/sec/ {r=$2} $1=="50%" {m=$2} $1=="99%" {p=$2} END {print r, m, p}' ;;
        *) awk '/http_reqs\.\.\./ {sub("/s", "", $3); r=$3}
                /http_req_duration\.\.\./ {for (i=1; i<=NF; i++) {split($i, kv, "="); if (kv[1]=="med") m=kv[2]; if (kv[1]=="p(99)") p=kv[2]}}
                END {print r, m, p}' ;;
    esac
}

# One measured run of a generator benchmark: calls the script's own `drive RUN SECONDS` (which
# leaves the output in $work/out and `user sys` CPU seconds in $work/cpu), then appends
# "RUN req/s p50 p99 CPU-µs-per-request" to $work/results.
measure() {  # layout/generator, round
    drive "$1" "$DURATION"
    local rps p50 p99 cpu
    read -r rps p50 p99 < <(generator_figures "${1#*/}" < "$work/out")
    [ -n "$rps" ] || { echo "$1 printed no figures:" >&2; cat "$work/out" >&2; exit 1; }
    cpu=$(awk -v r="$rps" -v d="$DURATION" '{printf "%.1f", ($1 + $2) * 1e6 / (r * d)}' "$work/cpu")
    echo "$1 $rps $p50 $p99 $cpu" >> "$work/results"
    echo "round $2 $1: $rps req/s, p50 $p50, p99 $p99, $cpu µs CPU/request" >&2
}

# Column N of RUN's rows in $work/results, as printed (µs → us for milliseconds()).
column() {  # run, field number
    awk -v n="$1" -v f="$2" '$1==n {print $f}' "$work/results" | sed 's/µs$/us/'
}

# The medians over RUN's rounds in $work/results: req/s, p50 (ms), p99 (ms), CPU µs per request.
run_medians() {  # run
    echo "$(column "$1" 2 | median) $(column "$1" 3 | milliseconds | median) $(column "$1" 4 | milliseconds | median) $(column "$1" 5 | median)"
}
