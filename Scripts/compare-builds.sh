#!/usr/bin/env bash
# Checks that a change left every output byte for byte as it was: runs two builds of gouji on the
# same inputs and compares what they print. For work that must not change behaviour (speed work).
#   - a bench corpus (Scripts/make-bench-corpus.py, N documents): --format jsonl --sorted, and json;
#   - the fixtures folder in every format, and with --waivers, --baseline and --previous;
#   - `extract --format json` of every top-level and derived fixture, `explain` of two rules;
#   - `rules test` (every rule's examples, with the robustness check).
# Usage: Scripts/compare-builds.sh OLD_BINARY NEW_BINARY [N]   (default 200 documents)
# Exit 0 when every output is identical; otherwise lists the outputs that differ and exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "用法：Scripts/compare-builds.sh 旧的gouji 新的gouji [文档数]" >&2; exit 2; }
old="$(realpath "$1")"
new="$(realpath "$2")"
n="${3:-200}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Scripts/make-bench-corpus.py "$work/corpus" "$n" >/dev/null
export GOUJI_TODAY=2026-12-02
top=(Fixtures/*.txt Fixtures/derived/*.txt)
fixture=Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt
previous=Fixtures/derived/final-accounts-2023-shuimogou-previous-year-one-changed.txt

# A waiver list and a baseline, both from the old build's findings, so that they match something.
"$old" audit Fixtures --format json --timeout 0 >"$work/baseline.json" 2>/dev/null || true
python3 - "$work/baseline.json" >"$work/waivers.txt" <<'PY'
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
print("# compare-builds")
for f in findings[:: max(1, len(findings) // 6)][:6]:
    print("waive %s %s\n  reason 核实\n  by 比较脚本\n  expires 2099-12-31" % (f["rule"], f["fingerprint"]))
PY

run() {
    local b="$1" o="$2"
    mkdir -p "$o"
    # Exit statuses are part of the output: 1 and 2 are expected here, so they are recorded, not fatal.
    set +e
    {
        "$b" audit "$work/corpus" --format jsonl --sorted --timeout 0 >"$o/corpus.jsonl" 2>"$o/corpus.err"; echo "corpus.jsonl $?"
        "$b" audit "$work/corpus" --format json --timeout 0 >"$o/corpus.json" 2>/dev/null; echo "corpus.json $?"
        for f in text json jsonl csv markdown sarif html; do
            "$b" audit Fixtures --format "$f" --sorted --timeout 0 >"$o/fixtures.$f" 2>"$o/fixtures.$f.err"; echo "fixtures.$f $?"
        done
        "$b" audit Fixtures --format json --waivers "$work/waivers.txt" --timeout 0 >"$o/waivers.json" 2>&1; echo "waivers $?"
        "$b" audit Fixtures --format json --baseline "$work/baseline.json" --timeout 0 >"$o/baseline.json" 2>&1; echo "baseline $?"
        "$b" audit "$fixture" --format json --previous "$previous" >"$o/previous.json" 2>&1; echo "previous $?"
        for f in "${top[@]}"; do
            "$b" extract "$f" --format json >"$o/extract.$(basename "$f").json" 2>&1; echo "extract $f $?"
        done
        "$b" explain "$fixture" --rule JS-01 >"$o/explain.JS-01.txt" 2>&1; echo "explain JS-01 $?"
        "$b" explain "$fixture" --rule GEN-02 >"$o/explain.GEN-02.txt" 2>&1; echo "explain GEN-02 $?"
        "$b" rules test --rules Rules >"$o/rules-test.txt" 2>&1; echo "rules test $?"
    } >"$o/exit-statuses.txt"
    set -e
}
run "$old" "$work/old"
run "$new" "$work/new"
if diff -rq "$work/old" "$work/new" >"$work/diff.txt"; then
    echo "identical: $(ls "$work/old" | wc -l) outputs, corpus of $n documents ($(cat "$work/old/corpus.jsonl" | wc -l) JSON lines)"
else
    echo "DIFFERENT:"
    sed "s|$work/||g" "$work/diff.txt"
    for f in $(diff -rq "$work/old" "$work/new" | awk '{print $2}'); do
        echo "--- $(basename "$f"): first difference"
        diff "$f" "${f/\/old\//\/new\/}" | head -6 | cut -c1-300
    done
    exit 1
fi
