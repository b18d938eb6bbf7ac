#!/usr/bin/env bash
# Builds the msgforge CLI (Release) and times `msgforge records --bodies` over the corpus copied
# COPIES times into a temporary folder, with --threads 1 and --threads 2 taking turns, ROUNDS
# rounds (bench/time_cli.py: whole process, output written with -o); prints each round, the
# median and spread of each and the speed-up (threads 1 time / threads 2 time), by wall time,
# with the CPU seconds the runs took.
# Usage: bench/run_threads.sh [CORPUS_DIR]
# Environment: BUILD_DIR (default build-bench), COPIES (30), ROUNDS (5), OUT_DIR (where the
# copies go, default $TMPDIR or /tmp).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
build=${BUILD_DIR:-$root/build-bench}
copies=${COPIES:-30}
rounds=${ROUNDS:-5}

cli=$("$root/bench/build_cli.sh" "$build")

out=$(mktemp -d -p "${OUT_DIR:-${TMPDIR:-/tmp}}")
trap 'rm -rf "$out"' EXIT
"$root/bench/copy_corpus.sh" "$copies" "$out/folder" "$corpus"
xargs -d '\n' cat <"$out/folder/files.txt" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
    for threads in 1 2; do
        /usr/bin/python3 "$root/bench/time_cli.py" --peer "threads $threads" --repeat 1 \
            --list "$out/folder/files.txt" -- "$cli" records "$out/folder" --bodies \
            --threads "$threads" -o "{out}/records.jsonl" >>"$out/threads$threads.json"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
/usr/bin/python3 - "$out/threads1.json" "$out/threads2.json" <<'PY'
import json, statistics, sys
one, two = ([json.loads(l) for l in open(p)] for p in sys.argv[1:])
print("| round | files | --threads 1 s | CPU s | --threads 2 s | CPU s | speed-up |")
print("|---:|---:|---:|---:|---:|---:|---:|")
for n, (a, b) in enumerate(zip(one, two), 1):
    print("| %d | %d | %.3f | %.3f | %.3f | %.3f | %.2fx |" % (
        n, a["files"], a["seconds"], a["cpu"][0], b["seconds"], b["cpu"][0],
        a["seconds"] / b["seconds"]))
def spread(v, f="%.3f"):
    return "%s (%s to %s)" % (f % statistics.median(v), f % min(v), f % max(v))
print()
print("--threads 1: %s s; --threads 2: %s s; speed-up %sx (median, lowest to highest)" % (
    spread([r["seconds"] for r in one]), spread([r["seconds"] for r in two]),
    spread([a["seconds"] / b["seconds"] for a, b in zip(one, two)], "%.2f")))
PY
