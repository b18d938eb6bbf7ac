#!/usr/bin/env bash
# Builds the msgforge CLI (Release) and compares, in one run of the peers' bench-corpus per
# round, the normalised records of every .msg/.oft file of the corpus with their bodies:
#   msgforge records   one process, one thread: `msgforge records FILES... --bodies --threads 1
#                      -o OUT.jsonl` (bench/time_cli.py, start-up and the output file included)
#   extract_msg_records.py
#                      bench/extract_msg_records.py: the same fields with the peers' vendored
#                      extract_msg (file SHA-256, class, subject, people, message id, dates,
#                      body, every attachment's SHA-256, embedded messages), one python process,
#                      the passes' loop timed (start-up and imports left out)
#   xm.py              the peers' own driver of extract_msg (../shared/peers/extract_msg/xm.py
#                      FILES...), one python process timed whole (bench/time_cli.py
#                      --json-lines): class, subject, sender, To, Cc, date, SHA-256 of body,
#                      htmlBody (restored from the RTF with RTFDE when the message stores no
#                      HTML) and rtfBody, every attachment's name and SHA-256, embedded messages;
#                      a file with a field it raises on counts as an error
# ROUNDS rounds one after another (other builds share the machine: the median and the spread
# say how much that moved the figures); prints each round and the medians, spreads and ratios
# against each extract_msg driver as Markdown, with the machine's load.
# Usage: bench/run_records.sh [CORPUS_DIR]
# Environment: as bench/cli_rounds.sh says; XM_REPEAT: xm.py processes per round (default 1:
# one takes about half a minute).
set -euo pipefail

source "$(dirname "$0")/cli_rounds.sh"
xm_repeat=${XM_REPEAT:-1}
cli_rounds 'msgforge records' extract_msg_records.py,xm.py \
    'records {files} --bodies --threads 1 -o {out}/records.jsonl' --peers none \
    --ours "/usr/bin/python3 $root/bench/extract_msg_records.py --repeat {repeat} \
--list {list} --vendor $peers/extract_msg/vendor" \
    --ours "/usr/bin/python3 $root/bench/time_cli.py --json-lines --peer xm.py \
--repeat $xm_repeat --list {list} -- /usr/bin/python3 $peers/extract_msg/xm.py {files}"
