#!/usr/bin/env bash
# Benchmark: builds a corpus from the fixtures (replicated, one figure changed in each copy so the
# rules fire; Scripts/make-bench-corpus.py), audits it with the release build, and reports
# documents/s, MB/s and peak memory — with two yardsticks over the same files: `grep -c 万元`
# (reading the bytes) and `grep -oE '[0-9]+(\.[0-9]+)?(万元|%)'` (finding the amounts and percentages).
# Usage: Scripts/bench.sh [DOCUMENTS]   (default 1000)   — Scripts/bench-batch.sh for 1k and 10k with JSON Lines.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000}"
swift build -c release >/dev/null
corpus="$(mktemp -d)"
python3 Scripts/make-bench-corpus.py "$corpus" "$n"
bytes=$(cat "$corpus"/*.txt | wc -c)
measure() { python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.time()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.time() - t
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print("%.3f %d" % (wall, rss))
PY
}
read -r gouji_s gouji_kb < <(measure .build/release/gouji audit "$corpus" --format json)
read -r grep1_s _ < <(measure sh -c "grep -c 万元 $corpus/*.txt")
read -r grep2_s _ < <(measure sh -c "grep -oE '[0-9]+(\.[0-9]+)?(万元|%)' $corpus/*.txt")
python3 - "$n" "$bytes" "$gouji_s" "$gouji_kb" "$grep1_s" "$grep2_s" <<'PY'
import sys
n, size, g, kb, g1, g2 = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:])
mb = size / 1e6
print("corpus: %d documents, %.1f MB" % (n, mb))
print("gouji audit: %.2f s, %.1f documents/s, %.2f MB/s, peak RSS %.0f MB" % (g, n / g, mb / g, kb / 1024))
print("grep -c 万元: %.3f s (%.0f MB/s)" % (g1, mb / g1))
print("grep -oE amounts and percentages: %.3f s (%.0f MB/s)" % (g2, mb / g2))
PY
rm -rf "$corpus"
