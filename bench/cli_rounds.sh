# Shared by the drivers that time one msgforge command against a peer (run_mime.sh,
# run_records.sh); sourced, not run. The corpus is $1 of the driver (default ../shared/corpus).
# Environment: BUILD_DIR (default build-bench), PEERS (the peers' folder, default
# ../shared/peers), ROUNDS (3), REPEAT (the peer's passes per round, best counts; 3),
# OURS_REPEAT (msgforge's passes per round, 10: they are short), BEFORE (another msgforge
# executable, e.g. one built from an earlier commit, timed in the same rounds as "before: LABEL").

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
build=${BUILD_DIR:-$root/build-bench}
peers=${PEERS:-$root/../shared/peers}
rounds=${ROUNDS:-3}
repeat=${REPEAT:-3}
ours_repeat=${OURS_REPEAT:-10}

# cli_rounds LABEL PEERS ARGS BENCH_CORPUS_ARGS...
# Builds the CLI (Release), then runs ROUNDS rounds of bench-corpus, each timing `msgforge ARGS`
# (bench/time_cli.py, start-up included; ARGS may hold bench-corpus's {files} and {out}) as
# LABEL beside the peers BENCH_CORPUS_ARGS name (--peers ..., --ours ...), and prints each round
# and the medians, spreads and ratios against each peer of PEERS (comma-separated names) as
# Markdown, with the machine's load.
cli_rounds() {
    local label=$1 peers_compared=$2 args=$3
    shift 3
    local cli
    cli=$("$root/bench/build_cli.sh" "$build")
    out=$(mktemp -d)
    trap 'rm -rf "$out"' EXIT
    local timed="/usr/bin/python3 $root/bench/time_cli.py --repeat $ours_repeat --list {list}"
    local before=()
    if [ -n "${BEFORE:-}" ]; then
        before=(--ours "$timed --peer 'before: $label' -- $BEFORE $args")
    fi
    echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
    for round in $(seq 1 "$rounds"); do
        "$peers/bench-corpus" --format json --repeat "$repeat" "$@" \
            --ours "$timed --peer '$label' -- $cli $args" "${before[@]}" "$corpus" \
            >"$out/round$round.json"
    done
    echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    local peer_args=()
    IFS=, read -ra names <<<"$peers_compared"
    for name in "${names[@]}"; do
        peer_args+=(--peer "$name")
    done
    /usr/bin/python3 "$root/bench/rounds.py" --ours "$label" "${peer_args[@]}" "$out"/round*.json
}
