#!/usr/bin/env bash
# Quick start on Debian 12: installs the build tools that are missing (scripts/deps.sh: apt-get,
# through sudo when not root), builds msgforge in Release into build-release/, installs its Python
# package for the system python3 (cmake --install --component python, under /usr/local), writes an example
# SMS and an example MMS (with the picture testdata/oms/photo.jpg) into build-release/examples/,
# shows both and validates them against MS-OXOSMMS.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh build

# Warnings stay warnings here: a user build must not fail on a newer or older compiler's view.
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DMSGFORGE_BUILD_TESTS=OFF \
    -DMSGFORGE_WERROR=OFF
cmake --build build-release
if [ -d build-release/python ]; then
    sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        sudo=(sudo)
    fi
    "${sudo[@]}" cmake --install build-release --component python
fi

msgforge=build-release/tools/msgforge
examples=build-release/examples
# Echoes the command, quoting the words the shell would split, then runs it.
run() {
    local line="\$" word
    for word in "$@"; do
        if [[ $word =~ ^[A-Za-z0-9_./:=+@,-]+$ ]]; then
            line+=" $word"
        else
            line+=" ${word@Q}"
        fi
    done
    echo "$line"
    "$@"
}
mkdir -p "$examples"
# Fixed times, so every run writes the same bytes.
run "$msgforge" sms --to 'Bob Example <+15559870000>' --from +15551230000 \
    --sent 2026-01-02T03:04:05Z --text 'Running late, see you at 10' -o "$examples/sms.msg"
run "$msgforge" mms --to 'Bob Example <+15559870000>' --from +15551230000 \
    --sent 2026-01-02T03:05:00Z --subject 'At the beach' \
    --slide 'text=Look at this\, Bob!,image=testdata/oms/photo.jpg' \
    --slide 'text=Back at six.,dur=3s' -o "$examples/mms.msg"
run "$msgforge" show "$examples/sms.msg"
run "$msgforge" show "$examples/mms.msg"
run "$msgforge" validate "$examples/sms.msg" "$examples/mms.msg"
if [ -d build-release/python ]; then
    run /usr/bin/python3 -c "import msgforge; m = msgforge.read('$examples/mms.msg'); print(m.subject, '|', [s.text for s in m.mms.slides])"
fi
