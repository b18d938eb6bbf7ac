#!/usr/bin/env bash
# Builds the msgforge CLI (Release) and compares, in one run of the peers' bench-corpus per
# round, converting every .msg/.oft file of the corpus to Internet mail:
#   msgforge convert   one process: `msgforge convert FILES... -o DIR --to eml`, an .eml file per
#                      message written into an empty folder (bench/time_cli.py, start-up included)
#   perl-eom-mime      bench-corpus's msgconvert loop: Email::Outlook::Message->new, every MAPI
#                      property decoded, attachments hashed, to_email_mime->as_string (in memory,
#                      no file written), one perl process
# ROUNDS rounds one after another (other builds share the machine: the median and the spread
# say how much that moved the figures); prints each round and the medians, spreads and ratios
# as Markdown, with the machine's load.
# Usage: bench/run_mime.sh [CORPUS_DIR]
# Environment: BUILD_DIR (default build-bench), PEERS (the peers' folder, default
# ../shared/peers), ROUNDS (3), REPEAT (passes per round of each runner, best counts; 3),
# OURS_REPEAT (msgforge's passes per round, 10: they are short), BEFORE (another msgforge
# executable, e.g. one built from an earlier commit, timed in the same rounds as
# "before: msgforge convert").
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
    before=(--ours "/usr/bin/python3 $root/bench/time_cli.py --peer 'before: msgforge convert' \
--repeat $ours_repeat --list {list} -- $BEFORE convert {files} -o {out} --to eml")
fi
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$rounds"); do
    "$peers/bench-corpus" --format json --repeat "$repeat" --peers perl-eom-mime \
        --ours "/usr/bin/python3 $root/bench/time_cli.py --peer 'msgforge convert' \
--repeat $ours_repeat --list {list} -- $cli convert {files} -o {out} --to eml" \
        "${before[@]}" "$corpus" >"$out/round$round.json"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
/usr/bin/python3 "$root/bench/rounds.py" --ours 'msgforge convert' --peer perl-eom-mime \
    "$out"/round*.json
