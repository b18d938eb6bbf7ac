#!/usr/bin/env bash
# Builds the msgforge CLI (Release) and compares, in one run of the peers' bench-corpus per
# round, converting every .msg/.oft file of the corpus to Internet mail:
#   msgforge convert   one process: `msgforge convert FILES... -o DIR --to eml`, an .eml file per
#                      message written into an empty folder (bench/time_cli.py, start-up included)
#   msgforge eml       msgforge-bench eml: the same conversion in one process, in memory, no file
#                      written, best of OURS_REPEAT passes: measured the way bench-corpus
#                      measures the peer (start-up paid once, the loop only)
#   perl-eom-mime      bench-corpus's msgconvert loop: Email::Outlook::Message->new, every MAPI
#                      property decoded, attachments hashed, to_email_mime->as_string (in memory,
#                      no file written), one perl process
# ROUNDS rounds one after another (other builds share the machine: the median and the spread
# say how much that moved the figures); prints each round and the medians, spreads and ratios
# as Markdown, with the machine's load; the ratios of both msgforge runners to perl-eom-mime.
# Usage: bench/run_mime.sh [CORPUS_DIR]
# Environment: as bench/cli_rounds.sh says.
set -euo pipefail

source "$(dirname "$0")/cli_rounds.sh"
"$root/bench/build_cli.sh" "$build" >/dev/null
cmake --build "$build" --target msgforge-bench >/dev/null
cli_rounds 'msgforge convert' perl-eom-mime 'convert {files} -o {out} --to eml' \
    --peers perl-eom-mime \
    --ours "xargs -d '\\n' -a {list} $build/bench/msgforge-bench eml --repeat $ours_repeat"
echo
/usr/bin/python3 "$root/bench/rounds.py" --ours 'msgforge eml' --peer perl-eom-mime \
    "$out"/round*.json | sed -n '/^msgforge eml:/,$p'
