#!/usr/bin/env bash
# run_pytest.sh PYTHON TEST_DIR: the Python package's tests; exit 77 (skipped) without pytest.
set -euo pipefail
if ! "$1" -c 'import pytest' 2>/dev/null; then
    echo "SKIPPED: pytest is not installed for $1 (Debian: python3-pytest)"
    exit 77
fi
exec "$1" -m pytest -q -p no:cacheprovider "$2"
