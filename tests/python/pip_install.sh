#!/usr/bin/env bash
# pip_install.sh PYTHON ROOT BUILD_DIR: `pip install --no-build-isolation ROOT` into a new
# virtual environment made with --system-site-packages (so that Debian's pybind11 and setuptools
# are found without PyPI, as docs/python.md says), the extension built in the CMake tree
# BUILD_DIR (MSGFORGE_BUILD_DIR, so only what changed is rebuilt); then the installed package,
# from outside the source tree, must import and read a .msg. Exit 77 (skipped) without venv or
# pip for PYTHON (Debian: python3-venv, python3-pip).
set -euo pipefail
python=$1
root=$2
build=$3
if ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
    echo "SKIPPED: $python has no venv module with ensurepip (Debian: python3-venv)"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" -m venv --system-site-packages "$tmp/venv"
venv_python=$tmp/venv/bin/python
if ! "$venv_python" -m pip --version >/dev/null 2>&1; then
    echo "SKIPPED: the virtual environment has no pip (Debian: python3-pip)"
    exit 77
fi
cd "$tmp"
env -u PYTHONPATH MSGFORGE_BUILD_DIR="$build" PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$venv_python" -m pip install --no-build-isolation --no-index --quiet "$root"
env -u PYTHONPATH "$venv_python" - "$root" "$tmp/venv" <<'PY'
import pathlib
import sys

import msgforge

root, venv = (pathlib.Path(a).resolve() for a in sys.argv[1:])
package = pathlib.Path(msgforge.__file__).resolve().parent
assert package.is_relative_to(venv), f"msgforge imported from {package}, not the venv"
assert (package / "__init__.pyi").is_file() and (package / "py.typed").is_file()
m = msgforge.read(root / "testdata" / "oms" / "mms.msg")
assert m.message_class == "IPM.Note.Mobile.MMS", m.message_class
assert m.mms.slides, "the MMS has slides"
assert msgforge.read((root / "testdata" / "msg" / "hand_written.msg").read_bytes()).subject
print(f"installed msgforge {msgforge.__version__} in {package} reads {m.subject!r}")
PY
