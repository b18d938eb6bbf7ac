#!/usr/bin/env bash
# Repository checks run by CTest (label lint): lint.sh CHECK SOURCE_DIR
#   layering  each component includes only the headers of the components below it
#   format    clang-format --dry-run --Werror over the tracked *.hpp and *.cpp files
#   raw-bytes no reinterpret_cast or memcpy in the library outside msgforge/base/bytes.hpp (and
#             base/src/sha256.cpp, whose SHA-instruction path loads 16-byte vectors)
#   properties msg/include/msgforge/msg/properties.def is what scripts/gen_properties.py writes
#   html-entities msg/src/html_entities.inc is what scripts/gen_html_entities.py writes
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

# Fails when FILE differs from what SCRIPT writes (SCRIPT --output TMP) from SOURCE; EDIT says
# what to change instead of FILE.
check_generated() {
    local name=$1 file=$2 script=$3 source=$4 edit=$5
    if ! command -v python3 >/dev/null; then
        echo "skipped: python3 is not installed"
        exit 77
    fi
    local fix="run: python3 $script"
    generated=$(mktemp)
    trap 'rm -f "$generated"' EXIT
    if ! python3 "$script" --output "$generated"; then
        echo "$script cannot read $source (above); fix it, then $fix"
        exit 1
    fi
    if ! cmp -s "$file" "$generated"; then
        diff -u "$file" "$generated" | head -n 40 || true
        echo "$file differs from what $script makes of $source;"
        echo "$edit, then $fix"
        exit 1
    fi
    echo "$name: $file is up to date"
}

case "$check" in
layering)
    # Each component includes the public headers of the components below it and no others:
    # base <- cfb <- msg <- oms <- sbr, json (oms), mime (oms) <- render (mime) <- tools.
    # Headers are named msgforge/<component>/... or msgforge/<component>.hpp.
    status=0
    check_layer() {
        local dir=$1 allowed=$2 forbidden
        forbidden=$(printf '%s\n' base cfb msg oms sbr json mime render | grep -vxE "$allowed" | paste -sd'|')
        forbid "^[[:space:]]*#[[:space:]]*include[[:space:]]*[<\"]msgforge/($forbidden)[/.]" \
            "$dir/ may include only the headers of $(echo "$allowed" | tr '|' ' ')" "$dir"
    }
    check_layer base 'base' || status=1
    check_layer cfb 'base|cfb' || status=1
    check_layer msg 'base|cfb|msg' || status=1
    check_layer oms 'base|msg|oms' || status=1
    check_layer sbr 'base|msg|oms|sbr' || status=1
    check_layer json 'base|cfb|msg|oms|json' || status=1
    check_layer mime 'base|cfb|msg|oms|mime' || status=1
    check_layer render 'base|cfb|msg|oms|mime|render' || status=1
    # The headers of base/internal are not installed: only the components that link
    # msgforge_base_internal (oms, sbr, json, mime, render, the tool) use them.
    forbid '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]msgforge/base/(base64|sha256)\.hpp' \
        "base64 and sha256 are internal to base, oms, sbr, json, mime, render and tools" \
        cfb msg base/include || status=1
    [ $status -eq 0 ] && echo "layering: ok"
    exit $status
    ;;
raw-bytes)
    hits=$(sources_in base cfb msg oms sbr json mime render \
        | grep -vxE 'base/include/msgforge/base/bytes.hpp|base/src/sha256.cpp' | sort \
        | xargs -r grep -nHE '\b(reinterpret_cast|memcpy)\b' || true)
    if [ -n "$hits" ]; then
        echo "reinterpret_cast and memcpy belong in base/include/msgforge/base/bytes.hpp only:"
        echo "$hits"
        exit 1
    fi
    echo "raw-bytes: ok"
    ;;
properties)
    check_generated properties msg/include/msgforge/msg/properties.def scripts/gen_properties.py \
        "scripts/properties/*.tsv" "edit the tables, not the .def"
    ;;
html-entities)
    check_generated html-entities msg/src/html_entities.inc scripts/gen_html_entities.py \
        "html.entities.html5" "do not edit the .inc"
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
