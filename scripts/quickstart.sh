#!/usr/bin/env bash
# Quick start on Debian 12: installs the build tools that are missing (apt-get, through sudo
# when not root), builds msgforge in Release into build-release/, and runs it on the bundled
# example folder tree testdata/cfb/example.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake ninja-build pkg-config catch2 nlohmann-json3-dev libpugixml-dev zlib1g-dev
          clang-format git)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "Run this script as root, or install sudo: it needs apt-get install ${missing[*]}" >&2
            exit 2
        fi
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "${missing[@]}"
fi

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
