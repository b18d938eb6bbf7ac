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
# Environment: as bench/cli_rounds.sh says.
set -euo pipefail

source "$(dirname "$0")/cli_rounds.sh"
cli_rounds 'msgforge records' extract_msg \
    'records {files} --bodies --threads 1 -o {out}/records.jsonl' --peers none \
    --ours "/usr/bin/python3 $root/bench/extract_msg_records.py --repeat {repeat} \
--list {list} --vendor $peers/extract_msg/vendor"
