#!/usr/bin/env bash
# Installs what msgforge needs and this Debian 12 machine lacks, through apt-get (as root, or
# through sudo). Groups:
#   build  compiler, CMake, Ninja, the libraries (pugixml, zlib, nlohmann-json, Catch2, GMime,
#          gumbo) and what the Python package is built with (Python's headers, pybind11)
#   test   build, plus pytest, venv, pip and Dask for the Python package's tests, Chromium for
#          the rendered pages, the independent readers of the interop tests (olefile, gsf, 7-Zip,
#          the Debian packages the extract_msg test peer in ../shared/peers imports,
#          msgconvert, Apache POI with a JDK, Node.js, tnef and ytnef) and their npm packages
#   fuzz   clang 14 with libFuzzer and the sanitizer runtimes
# Usage: scripts/deps.sh GROUP...
set -euo pipefail
cd "$(dirname "$0")/.."

build=(g++ cmake ninja-build pkg-config git clang-format catch2 libpugixml-dev
       nlohmann-json3-dev zlib1g-dev libgmime-3.0-dev libgumbo-dev python3-dev pybind11-dev python3-pybind11)
test=(python3 python3-pytest python3-venv python3-pip python3-dask python3-distributed chromium python3-olefile python3-bs4 python3-lark python3-tzlocal libgsf-bin p7zip-full libemail-outlook-message-perl libemail-address-xs-perl tnef ytnef-tools
      libapache-poi-java default-jdk-headless)
fuzz=(clang-14 libclang-rt-14-dev)

wanted=()
npm_needed=0
for group in "$@"; do
    case "$group" in
        build) wanted+=("${build[@]}") ;;
        test)
            wanted+=("${build[@]}" "${test[@]}")
            npm_needed=1
            ;;
        fuzz) wanted+=("${fuzz[@]}") ;;
        *)
            echo "usage: scripts/deps.sh build|test|fuzz..." >&2
            exit 2
            ;;
    esac
done
# Node.js: a machine whose node already brings npm keeps it; otherwise Debian's.
if [ "$npm_needed" = 1 ] && ! command -v npm >/dev/null; then
    wanted+=(nodejs npm)
fi

missing=()
for p in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null; then
            echo "Run as root, or install sudo: apt-get install ${missing[*]} is needed" >&2
            exit 2
        fi
        sudo=(sudo)
    fi
    echo "Installing: ${missing[*]}"
    for attempt in 1 2 3; do
        if "${sudo[@]}" apt-get update </dev/null; then
            break
        fi
        [ "$attempt" -lt 3 ] || exit 1
        sleep 10
    done
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        "${missing[@]}" </dev/null
fi

if [ "$npm_needed" = 1 ] && [ -f tests/interop/package-lock.json ]; then
    # Only when the lock file changed since the last install.
    stamp=tests/interop/node_modules/.msgforge-lock
    if ! cmp -s tests/interop/package-lock.json "$stamp" 2>/dev/null; then
        (cd tests/interop && npm ci --no-audit --no-fund </dev/null)
        cp tests/interop/package-lock.json "$stamp"
    fi
fi
