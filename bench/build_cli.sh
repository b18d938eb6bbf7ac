#!/usr/bin/env bash
# Configures BUILD_DIR as a Release build with the benchmarks, builds the msgforge CLI in it and
# prints the CLI's path: the first step of the bench/run_*.sh drivers that time the CLI.
# Usage: bench/build_cli.sh BUILD_DIR
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cmake -S "$root" -B "$1" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSGFORGE_BUILD_BENCH=ON \
    -DMSGFORGE_BUILD_TOOLS=ON >/dev/null
cmake --build "$1" --target msgforge >/dev/null
echo "$1/tools/msgforge"
