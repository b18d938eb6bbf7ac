#!/usr/bin/env bash
# Builds the msgforge CLI (Release) and measures the peak resident set size (the kernel's
# maximum RSS of the process, bench/time_cli.py) of `msgforge records --bodies`:
#   - over the corpus copied N times and 4N times into a temporary folder, with --threads 1 and
#     --threads 2: memory must not grow with the number of files;
#   - over one generated message holding an attachment of SIZE_MB MB of random bytes (written
#     with `msgforge mms --attach`), and over one without it (the process's own floor): the
#     difference is what hashing the attachment holds; the record's SHA-256 is checked against
#     sha256sum of the attached file.
# Usage: bench/run_memory.sh [CORPUS_DIR]
# Environment: BUILD_DIR (default build-bench), N (copies of the corpus, 2), SIZE_MB (100),
# OUT_DIR (where the files go, default $TMPDIR or /tmp).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
build=${BUILD_DIR:-$root/build-bench}
n=${N:-2}
size_mb=${SIZE_MB:-100}

cli=$("$root/bench/build_cli.sh" "$build")

out=$(mktemp -d -p "${OUT_DIR:-${TMPDIR:-/tmp}}")
trap 'rm -rf "$out"' EXIT
peak() {  # peak RSS in KiB of `msgforge records --bodies LIST_FILE... ARGS...`
    local list=$1
    shift
    /usr/bin/python3 "$root/bench/time_cli.py" --repeat 1 --list "$list" -- "$cli" records \
        '{files}' --bodies -o '{out}/records.jsonl' "$@" |
        /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["peak_rss_kb"])'
}

"$root/bench/copy_corpus.sh" "$n" "$out/small" "$corpus"
"$root/bench/copy_corpus.sh" "$((4 * n))" "$out/large" "$corpus"
echo "| files | --threads 1 peak RSS | --threads 2 peak RSS |"
echo "|---:|---:|---:|"
for set in small large; do
    list=$out/$set/files.txt
    echo "| $(wc -l <"$list") | $(peak "$list" --threads 1) KiB | $(peak "$list" --threads 2) KiB |"
done

head -c "$((size_mb * 1000000))" /dev/urandom >"$out/big.bin"
"$cli" mms --to +15550100 --slide 'text=floor' -o "$out/floor.msg" >/dev/null
"$cli" mms --to +15550100 --slide 'text=big' --attach "$out/big.bin" -o "$out/big.msg" >/dev/null
echo "$out/floor.msg" >"$out/floor.txt"
echo "$out/big.msg" >"$out/big.txt"
floor=$(peak "$out/floor.txt" --threads 1)
big=$(peak "$out/big.txt" --threads 1)
want=$(sha256sum "$out/big.bin" | cut -d' ' -f1)
"$cli" records "$out/big.msg" -o "$out/big.jsonl" 2>/dev/null
grep -q "\"sha256\":\"$want\"" "$out/big.jsonl" || {
    echo "the record of big.msg lacks the attachment's SHA-256 $want" >&2
    exit 1
}
echo
echo "a message with a $size_mb MB attachment ($(stat -c %s "$out/big.msg") bytes): peak RSS" \
    "$big KiB, against $floor KiB for one without it: $(((big - floor) / 1024)) MiB for the" \
    "attachment; its SHA-256 in the record is sha256sum's"
