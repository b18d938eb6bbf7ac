#!/usr/bin/env bash
# Builds msgforge-bench (Release) and compares, in one run on this machine, writing N notes
# (subject, text body, sender, two recipients, a 10 KB attachment) as .msg files in one process:
#   msgforge   msgforge-bench write: compose API, Outlook defaults, Message::write, then
#              fopen/fwrite/fclose (the I/O of fs.writeFileSync); and again with --atomic
#              (Message::write_file: temporary file and rename, no fsync)
#   oxmsg      bench/oxmsg_write.js: @tutao/oxmsg Email(...).msg(), fs.writeFileSync
# then msgforge-bench rewrite (read + unchanged rewrite to memory) over msgforge's files.
# Each prints {"peer","messages","bytes","seconds","errors"} for its best pass; bytes = the
# sizes of the files written. Prints a Markdown table and the machine's load.
# Usage: bench/run_write.sh
# Environment: BUILD_DIR; N (notes, default 2000); REPEAT (msgforge passes, default 10: they are
# short, so more are needed to find a quiet moment on a loaded machine); PEER_REPEAT (oxmsg
# passes, default 3); OUT_DIR (where the files go, default $TMPDIR or /tmp; /dev/shm takes the
# disk out of the comparison).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
n=${N:-2000}
repeat=${REPEAT:-10}
peer_repeat=${PEER_REPEAT:-3}

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSGFORGE_BUILD_BENCH=ON \
    -DMSGFORGE_BUILD_TESTS=OFF -DMSGFORGE_BUILD_TOOLS=OFF >/dev/null
cmake --build "$build" --target msgforge-bench >/dev/null
bench=$build/bench/msgforge-bench
if ! node -e "require('$root/tests/interop/node_modules/@tutao/oxmsg/package.json')" 2>/dev/null; then
    echo "@tutao/oxmsg missing: npm ci --prefix tests/interop" >&2
    exit 1
fi

out=$(mktemp -d -p "${OUT_DIR:-${TMPDIR:-/tmp}}")
trap 'rm -rf "$out"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

ours=$("$bench" write --repeat "$repeat" --n "$n" --out "$out/msgforge")
oxmsg=$(node "$root/bench/oxmsg_write.js" --repeat "$peer_repeat" --n "$n" --out "$out/oxmsg")
atomic=$("$bench" write --repeat "$repeat" --n "$n" --out "$out/msgforge-atomic" --atomic)
rewrite=$("$bench" rewrite --repeat "$repeat" "$out"/msgforge/*.msg)

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

/usr/bin/python3 - "$ours" "$oxmsg" "$atomic" "$rewrite" <<'PY'
import json, sys
rows = [json.loads(a) for a in sys.argv[1:]]
names = ["msgforge write", "@tutao/oxmsg write", "msgforge write --atomic (write_file)",
         "msgforge rewrite (read + write to memory)"]
print("| writer | messages | bytes | seconds (best) | messages/s | MB/s | errors |")
print("|---|---:|---:|---:|---:|---:|---:|")
for name, r in zip(names, rows):
    print("| %s | %d | %d | %.4f | %.0f | %.1f | %d |" % (
        name, r["messages"], r["bytes"], r["seconds"], r["messages"] / r["seconds"],
        r["bytes"] / 1e6 / r["seconds"], r["errors"]))
ours, oxmsg, atomic = rows[0], rows[1], rows[2]
rate = lambda r: r["messages"] / r["seconds"]
print()
print("msgforge writes %.1fx as many messages/s as @tutao/oxmsg (%.1fx with --atomic); "
      "target >= 20x" % (rate(ours) / rate(oxmsg), rate(atomic) / rate(oxmsg)))
PY
echo
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'),"\
     "node $(node --version); load average (1/5/15 min) before $load_before, after $load_after"
