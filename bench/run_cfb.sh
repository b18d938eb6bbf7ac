#!/usr/bin/env bash
# Builds msgforge-bench (Release) and compares, in one run on this machine:
#   msgforge   msgforge-bench cfb-read: open, read every stream, touch every byte
#   cat        cat FILES > /dev/null: the bound (page cache warmed first)
#   olefile    bench/olefile_read.py: olefile openstream().read() of every stream, one process
# over every CFB file of the corpus (files that start with the CFB signature), then the write
# of 200 MB in 20,000 streams. Prints a Markdown table for bench/RESULTS.md.
# Bytes counted: stream bytes read for msgforge and olefile, file bytes for cat.
# Usage: bench/run_cfb.sh [CORPUS_DIR]   (env: BUILD_DIR, REPEAT, PYTHON, OUT_DIR)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
build=${BUILD_DIR:-$root/build-bench}
repeat=${REPEAT:-20}
python=${PYTHON:-/usr/bin/python3}
out_dir=${OUT_DIR:-$build}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSGFORGE_BUILD_BENCH=ON \
    -DMSGFORGE_BUILD_TESTS=OFF -DMSGFORGE_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" --target msgforge-bench >/dev/null
bench=$build/bench/msgforge-bench

files=()
while IFS= read -r -d '' f; do
    if [ "$(head -c 8 "$f" | od -An -tx1 | tr -d ' \n')" = d0cf11e0a1b11ae1 ]; then
        files+=("$f")
    fi
done < <(find "$corpus" -type f -print0 | sort -z)
if [ ${#files[@]} -eq 0 ]; then
    echo "no CFB files under $corpus" >&2
    exit 1
fi
file_bytes=$(cat "${files[@]}" | wc -c)

# Warm the page cache, then time cat: best of $repeat.
cat "${files[@]}" >/dev/null
cat_seconds=$("$python" - "$repeat" "${files[@]}" <<'PY'
import subprocess, sys, time
repeat, files = int(sys.argv[1]), sys.argv[2:]
best = None
for _ in range(repeat):
    start = time.perf_counter()
    subprocess.run(["cat"] + files, stdout=subprocess.DEVNULL, check=True)
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(best)
PY
)

ours=$("$bench" cfb-read --repeat "$repeat" "${files[@]}")
theirs=$("$python" "$root/bench/olefile_read.py" --repeat "$(( (repeat + 3) / 4 ))" "${files[@]}")
write=$("$bench" cfb-write --out "$out_dir/bench-write.cfb")
rm -f "$out_dir/bench-write.cfb"

"$python" - "$cat_seconds" "$file_bytes" "${#files[@]}" "$ours" "$theirs" "$write" <<'PY'
import json, sys
cat_s, file_bytes, nfiles = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
ours, theirs, write = (json.loads(a) for a in sys.argv[4:7])

def row(name, files, nbytes, seconds, errors, what):
    return "| %s | %d | %d (%s) | %.4f | %.1f | %.0f | %d |" % (
        name, files, nbytes, what, seconds, nbytes / 1e6 / seconds, files / seconds, errors)

print("| reader | files | bytes counted | seconds (best) | MB/s | files/s | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
print(row("cat > /dev/null (bound)", nfiles, file_bytes, cat_s, 0, "file bytes"))
print(row("msgforge", ours["files"], ours["bytes"], ours["seconds"], ours["errors"],
          "stream bytes"))
print(row("olefile 0.46", theirs["files"], theirs["bytes"], theirs["seconds"], theirs["errors"],
          "stream bytes"))
print()
share = (ours["bytes"] / ours["seconds"]) / (file_bytes / cat_s)
print("msgforge read throughput = %.0f%% of cat's (target >= 50%%); %.1fx olefile's" % (
    100 * share, (ours["bytes"] / ours["seconds"]) / (theirs["bytes"] / theirs["seconds"])))
print("write: %d streams, %d bytes (file %d bytes, v%d) in %.3f s = %.1f MB/s" % (
    write["streams"], write["bytes"], write["file_bytes"], write["version"], write["seconds"],
    write["MB_per_s"]))
PY
