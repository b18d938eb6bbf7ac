#!/usr/bin/env bash
# Quick start on Debian 12: installs the build tools that are missing (scripts/deps.sh: apt-get,
# through sudo when not root), builds msgforge in Release into build-release/, and runs it on the bundled
# example folder tree testdata/cfb/example.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build

# Warnings stay warnings here: a user build must not fail on a newer or older compiler's view.
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSGFORGE_BUILD_TESTS=OFF \
    -DMSGFORGE_WERROR=OFF
cmake --build build-release

msgforge=build-release/tools/msgforge
run() {
    echo "\$ $*"
    "$@"
}
run "$msgforge" cfb pack testdata/cfb/example -o build-release/example.cfb
run "$msgforge" cfb ls build-release/example.cfb
