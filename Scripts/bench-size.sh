#!/usr/bin/env bash
# Is the cost linear in document size? Builds a corpus of N documents (Scripts/make-bench-corpus.py,
# default 256), audits them one by one on one core (`--jobs 1`), then audits single documents made
# by joining the first K of them (K = 1, 16, 64, N), and compares each with the K separate audits:
# a ratio of 1.0 means a K-times-larger document costs K times as much. CPU seconds (user + system,
# release build, `--timeout 0`, JSON Lines); loading the rules (one run with no document) is
# subtracted from every run.
# Usage: Scripts/bench-size.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-256}"
swift build -c release >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 Scripts/make-bench-corpus.py "$work/corpus" "$n"
python3 - "$work" "$n" <<'PY'
import glob, os, subprocess, sys
work, n = sys.argv[1], int(sys.argv[2])
files = sorted(glob.glob(os.path.join(work, "corpus", "*.txt")))

def cpu(args):
    p = subprocess.Popen([".build/release/gouji", "audit", *args, "--format", "jsonl", "--timeout", "0"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(p.pid, 0)
    return usage.ru_utime + usage.ru_stime

empty = os.path.join(work, "empty-list")
open(empty, "w").write("")
# Loading the rules: an audit of one empty line's worth of text.
blank = os.path.join(work, "blank.txt")
open(blank, "w", encoding="utf-8").write("说明\n")
load = min(cpu([blank]) for _ in range(3))
separate = cpu([os.path.join(work, "corpus"), "--jobs", "1"]) - load
per_document = separate / n
sizes = [os.path.getsize(f) for f in files]
print("%d documents, %.1f MB, one by one on one core: %.2f CPU s (%.1f ms a document, %.2f MB/s); loading the rules %.3f s"
      % (n, sum(sizes) / 1e6, separate, per_document * 1000, sum(sizes) / 1e6 / separate, load))
for k in sorted({1, 16, 64, n}):
    if k > n:
        continue
    joined = os.path.join(work, "joined-%d.txt" % k)
    with open(joined, "wb") as out:
        for f in files[:k]:
            out.write(open(f, "rb").read() + b"\n")
    size = os.path.getsize(joined)
    spent = min(cpu([joined]) for _ in range(2 if k < n else 1)) - load
    expected = sum(sizes[:k]) / sum(sizes) * separate
    print("  one document of %d joined (%.2f MB): %.2f CPU s, %.2f MB/s, %.2f× the %d separate audits"
          % (k, size / 1e6, spent, size / 1e6 / spent, spent / expected, k))
PY
