#!/usr/bin/env bash
# Copies the .msg/.oft files of a corpus COPIES times into DEST/copy-1 ... DEST/copy-COPIES
# (each keeps the corpus's sub-folders), then writes the sorted list of the copies to
# DEST/files.txt, one path per line. For the drivers that need a folder larger than the corpus.
# Usage: bench/copy_corpus.sh COPIES DEST CORPUS_DIR
set -euo pipefail

copies=$1
dest=$2
corpus=$3
mapfile -d '' files < <(cd "$corpus" && find . -type f \( -iname '*.msg' -o -iname '*.oft' \) \
    -print0 | sort -z)
for i in $(seq 1 "$copies"); do
    mkdir -p "$dest/copy-$i"
    (cd "$corpus" && cp --parents -t "$dest/copy-$i" "${files[@]}")
done
find "$dest" -type f \( -iname '*.msg' -o -iname '*.oft' \) | sort >"$dest/files.txt"
