#!/usr/bin/env bash
# Builds the msgforge CLI (Release) and compares, in one run of the peers' bench-corpus per
# round, the normalised records of every .msg/.oft file of the corpus with their bodies:
#   msgforge records   one process, one thread: `msgforge records FILES... --bodies --threads 1
#                      -o OUT.jsonl` (bench/time_cli.py, start-up and the output file included)
#   extract_msg        bench/extract_msg_records.py: the same fields with the peers' vendored
#                      extract_msg (file SHA-256, class, subject, people, message id, dates,
#                      body, every attachment's SHA-256, embedded messages), one python process
# ROUNDS rounds one after another (other builds share the machine: the median and the spread
# say how much that moved the figures); prints each round and the medians, spreads and ratios
# as Markdown, with the machine's load.
# Usage: bench/run_records.sh [CORPUS_DIR]
# Environment: BUILD_DIR (default build-bench), PEERS (the peers' folder, default
# ../shared/peers), ROUNDS (3), REPEAT (extract_msg's passes per round, best counts; 3),
# OURS_REPEAT (msgforge's passes per round, 10: they are short), BEFORE (another msgforge
# executable, e.g. one built from an earlier commit, timed in the same rounds as
# "before: msgforge records").
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
build=${BUILD_DIR:-$root/build-bench}
peers=${PEERS:-$root/../shared/peers}
rounds=${ROUNDS:-3}
repeat=${REPEAT:-3}
ours_repeat=${OURS_REPEAT:-10}

cli=$("$root/bench/build_cli.sh" "$build")

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
before=()
if [ -n "${BEFORE:-}" ]; then
    before=(--ours "/usr/bin/python3 $root/bench/time_cli.py --peer 'before: msgforge records' \
--repeat $ours_repeat --list {list} -- $BEFORE records {files} --bodies --threads 1 \
-o {out}/records.jsonl")
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
    "$peers/bench-corpus" --format json --repeat "$repeat" --peers none \
        --ours "/usr/bin/python3 $root/bench/extract_msg_records.py --repeat {repeat} \
--list {list} --vendor $peers/extract_msg/vendor" \
        --ours "/usr/bin/python3 $root/bench/time_cli.py --peer 'msgforge records' \
--repeat $ours_repeat --list {list} -- $cli records {files} --bodies --threads 1 \
-o {out}/records.jsonl" \
        "${before[@]}" "$corpus" >"$out/round$round.json"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
/usr/bin/python3 "$root/bench/rounds.py" --ours 'msgforge records' --peer extract_msg \
    "$out"/round*.json
