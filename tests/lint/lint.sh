#!/usr/bin/env bash
# Repository checks run by CTest (label lint): lint.sh CHECK SOURCE_DIR
#   layering  cfb/ includes nothing from msg or oms, msg/ nothing from oms, oms/ nothing from cfb
#   format    clang-format --dry-run --Werror over the tracked *.hpp and *.cpp files
#   raw-bytes no reinterpret_cast or memcpy in the library outside msgforge/bytes.hpp
#   properties msg/include/msgforge/msg/properties.def is what scripts/gen_properties.py writes
# Exit 0 pass, 1 fail, 77 skipped (CTest SKIP_RETURN_CODE).
set -euo pipefail

check=$1
cd "$2"

sources_in() {
    local dir
    for dir in "$@"; do
        if [ -d "$dir" ]; then
            find "$dir" -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.inc' -o -name '*.def' \)
        fi
    done
}

forbid() {
    local pattern=$1 what=$2
    shift 2
    local hits
    hits=$(sources_in "$@" | sort | xargs -r grep -nHE "$pattern" || true)
    if [ -n "$hits" ]; then
        echo "$what:"
        echo "$hits"
        return 1
    fi
}

case "$check" in
layering)
    status=0
    forbid '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]msgforge/(msg|oms)[/.]' \
        "cfb/ must not include msg or oms headers" cfb || status=1
    forbid '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]msgforge/oms[/.]' \
        "msg/ must not include oms headers" msg || status=1
    forbid '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]msgforge/cfb/' \
        "oms/ must not include cfb headers (it writes through msg::Message)" oms || status=1
    [ $status -eq 0 ] && echo "layering: ok"
    exit $status
    ;;
raw-bytes)
    hits=$(sources_in cfb msg oms | grep -vx 'cfb/include/msgforge/bytes.hpp' | sort \
        | xargs -r grep -nHE '\b(reinterpret_cast|memcpy)\b' || true)
    if [ -n "$hits" ]; then
        echo "reinterpret_cast and memcpy belong in cfb/include/msgforge/bytes.hpp only:"
        echo "$hits"
        exit 1
    fi
    echo "raw-bytes: ok"
    ;;
properties)
    if ! command -v python3 >/dev/null; then
        echo "skipped: python3 is not installed"
        exit 77
    fi
    def=msg/include/msgforge/msg/properties.def
    fix="run: python3 scripts/gen_properties.py"
    generated=$(mktemp)
    trap 'rm -f "$generated"' EXIT
    if ! python3 scripts/gen_properties.py --output "$generated"; then
        echo "scripts/properties/*.tsv cannot be read (above); fix the table, then $fix"
        exit 1
    fi
    if ! cmp -s "$def" "$generated"; then
        diff -u "$def" "$generated" | head -n 40 || true
        echo "$def differs from what scripts/gen_properties.py makes of scripts/properties/*.tsv;"
        echo "edit the tables, not the .def, then $fix"
        exit 1
    fi
    echo "properties: $def is up to date"
    ;;
format)
    if ! command -v clang-format >/dev/null; then
        echo "skipped: clang-format is not installed"
        exit 77
    fi
    if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        echo "skipped: not a git work tree, so there is no list of tracked files"
        exit 77
    fi
    files=()
    while IFS= read -r -d '' f; do
        if [ -f "$f" ]; then
            files+=("$f")
        fi
    done < <(git ls-files -z -- '*.hpp' '*.cpp')
    if [ ${#files[@]} -eq 0 ]; then
        echo "skipped: no tracked *.hpp or *.cpp files"
        exit 77
    fi
    clang-format --dry-run --Werror "${files[@]}"
    echo "format: ${#files[@]} files ok ($(clang-format --version))"
    ;;
*)
    echo "unknown check '$check'" >&2
    exit 2
    ;;
esac
