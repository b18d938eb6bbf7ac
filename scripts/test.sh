#!/usr/bin/env bash
# Installs what the tests need and the machine lacks (scripts/deps.sh test), builds msgforge
# (Debug, warnings as errors) into build/ and runs the whole test suite.
# MSGFORGE_SANITIZE=1 builds into build-asan/ with AddressSanitizer and UBSan instead, without the
# Python package (an instrumented extension cannot load into an uninstrumented python3), and runs
# the tests that drive msgforge's code: not the interop tests (what other programs read in files
# the other tests write too), the lint checks or the install test.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh test

build_dir=build
flags=()
ctest_args=()
if [ "${MSGFORGE_SANITIZE:-0}" != 0 ]; then
    build_dir=build-asan
    sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    flags=("-DCMAKE_CXX_FLAGS=$sanitize" "-DCMAKE_EXE_LINKER_FLAGS=$sanitize" -DMSGFORGE_BUILD_PYTHON=OFF)
    ctest_args=(--label-exclude 'interop|lint|install')
fi

cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DMSGFORGE_WERROR=ON "${flags[@]}"
cmake --build "$build_dir"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" "${ctest_args[@]}"
