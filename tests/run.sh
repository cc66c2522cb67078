#!/usr/bin/env bash
# Installs everything the tests need and runs every test.
# The README's test command and .ci/run both call exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'

# Debian's Chromium and its driver for the graph-browser tests, with CJK fonts so Chinese
# labels render as glyphs (nothing is downloaded by a tool; skipped once installed).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] || [ ! -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
fi

# A real Neo4j 5.26 on 127.0.0.1 for the store contract suite (jars from Maven
# Central, cached in ~/.m2), stopped however the tests end.
export NEO4J_STATE_DIR="${NEO4J_STATE_DIR:-$(mktemp -d)}"
trap 'tools/neo4j.sh stop >/dev/null 2>&1 || true' EXIT
tools/neo4j.sh start >/dev/null
eval "$(tools/neo4j.sh env)"
export DUTYGRAPH_REQUIRE_NEO4J=1

.venv/bin/python -m pytest "$@"
