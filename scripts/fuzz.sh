#!/usr/bin/env bash
# Builds the libFuzzer targets (clang 14, ASan and UBSan) into build-fuzz/ and runs each one for
# SECONDS (default 60), as many at once as there are cores, seeded from testdata/ and from
# ../shared/corpus when it is there. Fails on any crash, leak, timeout or out-of-memory; prints
# the executions of each target.
# Crashers land in build-fuzz/artifacts/TARGET/: minimise them (-minimize_crash=1) into
# testdata/regressions/TARGET/, where the normal test suite replays them.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
    -DMSGFORGE_BUILD_TESTS=OFF -DMSGFORGE_BUILD_TOOLS=OFF -DMSGFORGE_BUILD_FUZZ=ON -DMSGFORGE_BUILD_PYTHON=OFF \
    -DMSGFORGE_WERROR=ON "-DCMAKE_CXX_FLAGS=$flags" >/dev/null
cmake --build build-fuzz

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for bin in build-fuzz/tests/fuzz/fuzz_*; do
        targets+=("${bin##*/fuzz_}")
    done
fi

corpus=../shared/corpus

# Runs one target; its log is build-fuzz/TARGET.log, its one-line result build-fuzz/TARGET.result.
run_target() {
    local target=$1
    local work=build-fuzz/corpus/$target
    local artifacts=build-fuzz/artifacts/$target/
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
    local log=build-fuzz/$target.log result=ok
    echo "== fuzz_$target for ${seconds}s (seeds: ${existing[*]})"
    if ! build-fuzz/tests/fuzz/fuzz_"$target" -max_total_time="$seconds" -timeout=10 \
        -rss_limit_mb=2048 -max_len=262144 -print_final_stats=1 "${dict[@]}" \
        -artifact_prefix="$artifacts" "$work" "${existing[@]}" >"$log" 2>&1; then
        result=FAILED
    fi
    local runs
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz_$target: $runs executions in ${seconds}s, $result" >"build-fuzz/$target.result"
}

rm -f build-fuzz/*.result
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
    if ! grep -qs ', ok$' "build-fuzz/$target.result"; then
        status=1
        tail -n 60 "build-fuzz/$target.log"
    fi
done
for target in "${targets[@]}"; do
    cat "build-fuzz/$target.result" 2>/dev/null || echo "fuzz_$target: ended without a result"
done
exit $status
