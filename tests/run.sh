#!/usr/bin/env bash
# Installs everything the tests need into .venv and runs every test.
# The README's test command and .ci/run both call exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/python -m pytest "$@"
