#!/usr/bin/env bash
# Instruction count of an audit, repeatable on a noisy machine (wall time is not): builds the
# release binary, writes a corpus of N documents from the fixtures (Scripts/make-bench-corpus.py,
# one figure changed in each), and runs `gouji audit CORPUS --format json --timeout 0 --jobs 1` (one thread, and SWIFT_DETERMINISTIC_HASHING=1: the count repeats exactly) under
# valgrind's callgrind. Prints the instructions of the whole run, of loading the rules, of
# writing the JSON and of trying to start worker processes (valgrind lets none start: the batch
# then audits in process), and what is left per document and per byte of text.
# Usage: Scripts/bench-instructions.sh [N]   (default 20; needs valgrind)
#        CALLGRIND_OUT=FILE keeps the profile for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20}"
command -v valgrind >/dev/null || { echo "需要 valgrind（apt-get install valgrind）" >&2; exit 2; }
swift build -c release >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Scripts/make-bench-corpus.py "$work/corpus" "$n"
out="${CALLGRIND_OUT:-$work/callgrind.out}"
SWIFT_DETERMINISTIC_HASHING=1 valgrind --tool=callgrind --callgrind-out-file="$out" .build/release/gouji audit "$work/corpus" --format json --timeout 0 --jobs 1 \
  >/dev/null 2>"$work/valgrind.log" || true
bytes=$(cat "$work"/corpus/*.txt | wc -c)
callgrind_annotate --inclusive=yes "$out" 2>/dev/null >"$work/inclusive.txt"
python3 - "$work/inclusive.txt" "$n" "$bytes" <<'PY'
import re, sys
path, n, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rows = []
for line in open(path, encoding="utf-8", errors="replace"):
    m = re.match(r"\s*([\d,]+)\s", line)
    if m:
        rows.append((int(m.group(1).replace(",", "")), line))
def first(pattern):
    return next((count for count, line in rows if re.search(pattern, line)), 0)
total = first(r"PROGRAM TOTALS")
rules = first(r"RuleSetV4load9directory")
report = max(first(r"JSONReporterO6render"), first(r"JSONWriterO6string.*JSONReporterO6Output"))
# A batch of several documents tries to start worker processes, which cannot start under valgrind:
# a fixed cost of the run, left out like loading the rules.
workers = first(r"WorkerPoolC8checkOut")
audits = total - rules - report - workers
print("corpus: %d documents, %d bytes" % (n, size))
print("instructions: %s in all; loading the rules %s, writing the JSON %s, trying to start workers %s" % (f"{total:,}", f"{rules:,}", f"{report:,}", f"{workers:,}"))
print("the audits: %s = %s per document, %.0f per byte" % (f"{audits:,}", f"{audits // n:,}", audits / size))
PY
