#!/usr/bin/env bash
# Configures build-asan/: clang 14 with AddressSanitizer and UBSan, the libraries and tests
# instrumented for libFuzzer's coverage too (-fsanitize=fuzzer-no-link), so that one build
# serves both the sanitized test suite (scripts/test.sh with MSGFORGE_SANITIZE=1) and the fuzz
# targets (scripts/fuzz.sh). -O0 with line tables only: the build is a third quicker than at
# -O1, which matters more to CI than the tests' and fuzzers' speed; for long fuzzing runs
# reconfigure with "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" (arguments go to cmake, and
# a later -D wins). No Python package: an instrumented extension cannot load into an
# uninstrumented python3.
# Usage: scripts/configure-asan.sh [CMAKE_ARGS...]   (needs scripts/deps.sh build fuzz)
set -euo pipefail
cd "$(dirname "$0")/.."

# A build-asan/ configured with another compiler (g++, as this script once did) starts afresh.
if [ -f build-asan/CMakeCache.txt ] && ! grep -q '^CMAKE_CXX_COMPILER:.*clang++-14$' build-asan/CMakeCache.txt; then
    rm -rf build-asan
fi
sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_COMPILER=clang++-14 \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O0 -gline-tables-only" \
    "-DCMAKE_CXX_FLAGS=$sanitize -fsanitize=fuzzer-no-link" \
    "-DCMAKE_EXE_LINKER_FLAGS=$sanitize" "-DCMAKE_SHARED_LINKER_FLAGS=$sanitize" \
    -DMSGFORGE_BUILD_FUZZ=ON -DMSGFORGE_BUILD_PYTHON=OFF -DMSGFORGE_WERROR=ON "$@"
