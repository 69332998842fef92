#!/usr/bin/env bash
# Batch benchmark: for each size (default 1,000 and 10,000 documents) builds a corpus from the
# fixtures (Scripts/make-bench-corpus.py), runs `gouji audit DIR --format jsonl` with the release
# build over all cores, and reports documents/s, MB/s and peak RSS (getrusage of the child), checks
# that the last line's counts agree with the lines before it (documents, audited, failed, clean,
# errors, warnings, infos), and times the two grep yardsticks over the same files. CPU seconds
# (user + system) are shown beside the wall time: on a shared machine they say more.
# Usage: Scripts/bench-batch.sh [SIZE…]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
swift build -c release >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for n in "${sizes[@]}"; do
  corpus="$work/corpus-$n"
  python3 Scripts/make-bench-corpus.py "$corpus" "$n"
  python3 - "$corpus" "$n" "$work/out-$n.jsonl" <<'PY'
import glob, json, os, resource, subprocess, sys, time
corpus, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
files = glob.glob(os.path.join(corpus, "*.txt"))
mb = sum(os.path.getsize(f) for f in files) / 1e6

def run(args, **kw):
    before = time.time()
    p = subprocess.Popen(args, **kw)
    _, status, usage = os.wait4(p.pid, 0)
    run.cpu = usage.ru_utime + usage.ru_stime
    return time.time() - before, usage.ru_maxrss, os.waitstatus_to_exitcode(status)

with open(out, "wb") as f:
    wall, kb, code = run([".build/release/gouji", "audit", corpus, "--format", "jsonl"], stdout=f, stderr=subprocess.DEVNULL)
cpu = run.cpu
lines = [json.loads(l) for l in open(out, encoding="utf-8")]
summary, records = lines[-1], lines[:-1]
documents = [r for r in records if "findings" in r]
errors = [r for r in records if "error" in r]
count = lambda s: sum(r["summary"][s] for r in documents)
clean = sum(1 for r in documents if r["summary"]["errors"] == 0)
expected = {"documents": n, "audited": len(documents), "failed": len(errors), "clean": clean,
            "errors": count("errors"), "warnings": count("warnings"), "infos": count("infos")}
ok = all(summary.get(k) == v for k, v in expected.items()) and len(documents) == n and not errors
greps = []
for cmd in (["grep", "-c", "万元"], ["grep", "-oE", r"[0-9]+(\.[0-9]+)?(万元|%)"]):
    g, _, _ = run(cmd + sorted(files), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    greps.append(g)
print("%d documents, %.1f MB, %d cores: gouji audit --format jsonl %.2f s (CPU %.2f s), %.0f documents/s, %.2f MB/s, peak RSS %.0f MB, exit %d"
      % (n, mb, os.cpu_count(), wall, cpu, n / wall, mb / wall, kb / 1024, code))
print("  last line %s: %s" % ("agrees with the lines before it" if ok else "DISAGREES (expected %s)" % expected, json.dumps(summary, sort_keys=True)))
print("  grep -c 万元: %.3f s (%.0f MB/s); grep -oE amounts and percentages: %.3f s (%.0f MB/s)" % (greps[0], mb / greps[0], greps[1], mb / greps[1]))
if not ok:
    sys.exit(1)
PY
  rm -rf "$corpus" "$work/out-$n.jsonl"
done
