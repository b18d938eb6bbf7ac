#!/usr/bin/env bash
# Installs what the tests need and the machine lacks (scripts/deps.sh test), builds msgforge
# (Debug, warnings as errors, GCC) into build/ and runs the whole test suite.
# MSGFORGE_SANITIZE=1 builds into build-asan/ instead (scripts/configure-asan.sh: clang 14 with
# AddressSanitizer and UBSan, no Python package, the fuzz targets as libFuzzer binaries that
# scripts/fuzz.sh then runs) and runs the tests that drive msgforge's code: not the interop
# tests (what other programs read in files the other tests write too), the lint checks or the
# install test.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${MSGFORGE_SANITIZE:-0}" != 0 ]; then
    scripts/deps.sh test fuzz
    build_dir=build-asan
    scripts/configure-asan.sh
    ctest_args=(--label-exclude 'interop|lint|install')
else
    scripts/deps.sh test
    build_dir=build
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMSGFORGE_WERROR=ON
    ctest_args=()
fi

cmake --build "$build_dir"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" "${ctest_args[@]}"
