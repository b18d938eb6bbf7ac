#!/usr/bin/env bash
# Builds the libFuzzer targets in build-asan/ (scripts/configure-asan.sh: clang 14, ASan and
# UBSan, the build the sanitized test suite uses too) and runs each one for SECONDS (default 60),
# as many at once as there are cores, seeded from testdata/regressions/TARGET, testdata/ and
# ../shared/corpus when it is there. Fails on any crash, leak, timeout or out-of-memory; prints
# the executions of each target. Work files, logs and results go to build-asan/fuzz/.
# Crashers land in build-asan/fuzz/artifacts/TARGET/: minimise them (-minimize_crash=1) into
# testdata/regressions/TARGET/, where the normal test suite replays them.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true

scripts/configure-asan.sh >/dev/null
cmake --build build-asan --target fuzz
bin=build-asan/tests/fuzz
out=build-asan/fuzz
mkdir -p "$out"

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for binary in "$bin"/fuzz_*; do
        if [ -x "$binary" ]; then
            targets+=("${binary##*/fuzz_}")
        fi
    done
fi

corpus=../shared/corpus
# A GLib or GMime function that refuses its arguments logs a critical warning and returns: a bug
# of ours that must stop the run like a crash.
export G_DEBUG=fatal-criticals

# Runs one target; its log is $out/TARGET.log, its one-line result $out/TARGET.result.
run_target() {
    local target=$1
    local work=$out/corpus/$target
    local artifacts=$out/artifacts/$target/
    mkdir -p "$work" "$artifacts"
    local seeds=("testdata/regressions/$target")
    local dict=()
    case "$target" in
        cfb | msg)
            seeds+=(testdata/msg testdata/cfb)
            [ -d "$corpus" ] && seeds+=("$corpus")
            dict=(-dict=tests/fuzz/cfb.dict)
            ;;
        rtf | rtf_deencap)
            seeds+=(testdata/rtf)
            dict=(-dict=tests/fuzz/rtf.dict)
            ;;
        build_json)
            seeds+=(testdata/json)
            ;;
        oms_view)
            seeds+=(testdata/oms testdata/msg)
            dict=(-dict=tests/fuzz/cfb.dict)
            ;;
        smil)
            seeds+=(testdata/oms/smil)
            dict=(-dict=tests/fuzz/smil.dict)
            ;;
        sbr)
            seeds+=(testdata/oms/sbr)
            dict=(-dict=tests/fuzz/sbr.dict)
            ;;
        mime)
            seeds+=(testdata/mime)
            [ -d "$corpus" ] && seeds+=("$corpus/eml")
            ;;
        tnef)
            seeds+=(testdata/tnef "$corpus/eml/tnef" "$corpus/eml/ytnef" "$corpus/eml/poi"
                "$corpus/eml/mimekit")
            dict=(-dict=tests/fuzz/tnef.dict)
            ;;
        sanitize)
            seeds+=(testdata/render)
            dict=(-dict=tests/fuzz/html.dict)
            ;;
        *)
            [ -d "testdata/$target" ] && seeds+=("testdata/$target")
            ;;
    esac
    local existing=()
    for s in "${seeds[@]}"; do
        [ -d "$s" ] && existing+=("$s")
    done
    local log=$out/$target.log result=ok
    echo "== fuzz_$target for ${seconds}s (seeds: ${existing[*]})"
    if ! "$bin/fuzz_$target" -max_total_time="$seconds" -timeout=30 \
        -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 "${dict[@]}" \
        -artifact_prefix="$artifacts" "$work" "${existing[@]}" >"$log" 2>&1; then
        result=FAILED
    fi
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz_$target: $runs executions in ${seconds}s, $result" >"$out/$target.result"
}

rm -f "$out"/*.result
jobs=$(nproc)
for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n || true
    done
    run_target "$target" &
done
wait

status=0
for target in "${targets[@]}"; do
    if ! grep -qs ', ok$' "$out/$target.result"; then
        status=1
        tail -n 60 "$out/$target.log"
    fi
done
for target in "${targets[@]}"; do
    cat "$out/$target.result" 2>/dev/null || echo "fuzz_$target: ended without a result"
done
exit $status
