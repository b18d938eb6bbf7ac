#!/usr/bin/env bash
# Builds msgforge and sbr-generate (Release), generates a synthetic "SMS Backup & Restore"
# archive (default 100,000 SMS and 5,000 MMS; the image parts padded so that the archive is
# about 1 GB) and times `msgforge import sbr` of it into an empty folder, then a re-run (every
# file skipped) and `msgforge export sbr` of the result. Prints messages per second and peak
# memory (maximum resident set size, GNU time) as a Markdown table for bench/RESULTS.md.
# Usage: bench/run_sbr.sh
# Environment: BUILD_DIR; SMS, MMS, PADDING (bytes added to each image, default 600000);
# THREADS (default: the cores); OUT_DIR (where the archive and the files go, default $TMPDIR
# or /tmp).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
sms=${SMS:-100000}
mms=${MMS:-5000}
padding=${PADDING:-600000}
threads=${THREADS:-$(nproc)}
out_dir=${OUT_DIR:-${TMPDIR:-/tmp}}/msgforge-sbr-bench
time_bin=/usr/bin/time
if [ ! -x "$time_bin" ]; then
    echo "GNU time missing: apt-get install time" >&2
    exit 1
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSGFORGE_BUILD_BENCH=ON \
    -DMSGFORGE_BUILD_TESTS=OFF -DMSGFORGE_BUILD_TOOLS=ON >/dev/null
cmake --build "$build" --target msgforge-cli sbr-generate >/dev/null
msgforge=$build/tools/msgforge

rm -rf "$out_dir"
mkdir -p "$out_dir"
archive=$out_dir/backup.xml
"$build/bench/sbr-generate" --sms "$sms" --mms "$mms" --jpeg "$root/testdata/oms/photo.jpg" \
    --padding "$padding" --out "$archive"
archive_bytes=$(stat -c %s "$archive")

# One run: "seconds peak_kb summary".
run() {
    local log=$out_dir/time.log
    "$time_bin" -f '%e %M' -o "$log" "$@" >"$out_dir/summary.txt"
    echo "$(cat "$log") $(cat "$out_dir/summary.txt")"
}

messages=$((sms + mms))
row() {
    local name=$1 seconds=$2 kb=$3
    awk -v n="$name" -v m="$messages" -v s="$seconds" -v kb="$kb" -v b="$archive_bytes" \
        'BEGIN { printf "| %s | %d | %.1f | %.0f | %.0f | %.0f |\n", n, m, s, m / s, \
                 b / s / 1e6, kb / 1024 }'
}

read -r s1 kb1 summary1 < <(run "$msgforge" import sbr "$archive" -o "$out_dir/msg" \
    --threads "$threads" --quiet)
read -r s2 kb2 summary2 < <(run "$msgforge" import sbr "$archive" -o "$out_dir/msg" \
    --threads "$threads" --quiet)
read -r s3 kb3 summary3 < <(run "$msgforge" export sbr "$out_dir/msg" -o "$out_dir/export.xml")
msg_bytes=$(du -sb "$out_dir/msg" | cut -f1)

echo "archive: $archive_bytes bytes, $sms SMS + $mms MMS; .msg files: $msg_bytes bytes;" \
    "threads: $threads; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "import: $summary1"
echo "re-run: $summary2"
echo "export: $summary3"
echo
echo "| run | messages | seconds | messages/s | archive MB/s | peak RSS (MB) |"
echo "|---|---:|---:|---:|---:|---:|"
row "import sbr" "$s1" "$kb1"
row "import sbr again (all skipped)" "$s2" "$kb2"
row "export sbr" "$s3" "$kb3"
rm -rf "$out_dir"
