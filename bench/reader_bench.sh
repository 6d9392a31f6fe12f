#!/usr/bin/env bash
# Reader pages side by side with nginx serving a static copy, in one interleaved wrk run (issue 10).
# On a fresh clone: make .venv/.installed && bench/reader_bench.sh [--seconds 3] [--rounds 3]
# The work is done by bench/reader_bench.py (its docstring says what is measured and how).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
    echo "No virtualenv: run 'make .venv/.installed' first." >&2
    exit 1
fi
.ci/system-packages nginx wrk
exec .venv/bin/python bench/reader_bench.py "$@"
