#!/usr/bin/env bash
# Builds msgforge-bench (Release) and compares, in one run on this machine, full reads of every
# .msg/.oft file of the corpus:
#   msgforge    msgforge-bench read: every property, attachment bytes, embedded messages, bodies
#   msgreader   tests/interop/msg_msgreader_summary.js --bench: @kenjiuno/msgreader, one node
#               process; getFileData() plus getAttachment() content of every attachment
#   poi         tests/interop/msg_poi_summary.java --bench: Apache POI HSMF, one JVM; every
#               chunk, property value, attachment and embedded message (first pass = warm-up)
# Each prints {"peer","files","bytes","seconds","errors"} for its best pass; bytes = file sizes.
# Usage: bench/run_msg.sh [CORPUS_DIR]   (env: BUILD_DIR, REPEAT, PEER_REPEAT, POI_CLASSPATH)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus}
build=${BUILD_DIR:-$root/build-bench}
repeat=${REPEAT:-20}
peer_repeat=${PEER_REPEAT:-5}
poi_jars=${POI_CLASSPATH:-/usr/share/java/poi.jar:/usr/share/java/poi-scratchpad.jar:/usr/share/java/commons-collections4.jar:/usr/share/java/commons-math3.jar:/usr/share/java/commons-codec.jar:/usr/share/java/commons-logging.jar}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSGFORGE_BUILD_BENCH=ON \
    -DMSGFORGE_BUILD_TESTS=OFF -DMSGFORGE_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" --target msgforge-bench >/dev/null
bench=$build/bench/msgforge-bench

files=()
while IFS= read -r -d '' f; do
    files+=("$f")
done < <(find "$corpus" -type f \( -iname '*.msg' -o -iname '*.oft' \) -print0 | sort -z)
if [ ${#files[@]} -eq 0 ]; then
    echo "no .msg/.oft files under $corpus" >&2
    exit 1
fi
cat "${files[@]}" >/dev/null

classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -nowarn -encoding UTF-8 -cp "$poi_jars" -d "$classes" "$root/tests/interop/msg_poi_summary.java"

ours=$("$bench" read --repeat "$repeat" "${files[@]}")
msgreader=$(node "$root/tests/interop/msg_msgreader_summary.js" --bench "$peer_repeat" "${files[@]}")
poi=$(java -cp "$classes:$poi_jars" MsgPoiSummary --bench "$((peer_repeat + 1))" "${files[@]}")

/usr/bin/python3 - "$ours" "$msgreader" "$poi" <<'PY'
import json, sys
rows = [json.loads(a) for a in sys.argv[1:]]
print("| reader | files | bytes (file sizes) | seconds (best) | MB/s | files/s | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    print("| %s | %d | %d | %.4f | %.1f | %.0f | %d |" % (
        r["peer"], r["files"], r["bytes"], r["seconds"], r["bytes"] / 1e6 / r["seconds"],
        r["files"] / r["seconds"], r["errors"]))
ours, peers = rows[0], rows[1:]
fastest = min(peers, key=lambda r: r["seconds"])
print()
print("msgforge is %.1fx the fastest peer (%s); target >= 20x" % (
    fastest["seconds"] / ours["seconds"], fastest["peer"]))
PY
