#!/usr/bin/env bash
# Opens Gouji's CSV of the bundled 决算 fixture in LibreOffice (headless): CSV → .xlsx → CSV, then
# checks that every cell read back equals the one written — the Chinese included. Needs Debian's
# libreoffice-calc-nogui. Usage: Scripts/check-csv-in-libreoffice.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v soffice >/dev/null 2>&1 || { echo "LibreOffice is not installed; on Debian: apt-get install -y libreoffice-calc-nogui" >&2; exit 2; }
swift build >/dev/null
dir="$(mktemp -d)"
set +e
.build/debug/gouji audit Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt --output "csv:$dir/findings.csv" >/dev/null
set -e
# Open the CSV as a spreadsheet would (UTF-8, comma-separated; the 14 columns as text, so that a
# figure like 100.00% keeps its digits), save as .xlsx, then export that to CSV.
types="$(python3 -c 'print("/".join("%d/2" % i for i in range(1, 15)))')"
soffice --headless --infilter="CSV:44,34,76,1,$types" --convert-to xlsx --outdir "$dir" "$dir/findings.csv" >/dev/null 2>&1
mkdir -p "$dir/back"
soffice --headless --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false" --outdir "$dir/back" "$dir/findings.xlsx" >/dev/null 2>&1
python3 - "$dir/findings.csv" "$dir/back/findings.csv" <<'PY'
import csv, sys
def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.reader(f)]
written, read = rows(sys.argv[1]), rows(sys.argv[2])
assert len(written) == len(read), (len(written), len(read))
for i, (a, b) in enumerate(zip(written, read)):
    a = [c for c in a]; b = [c for c in b][:len(a)]
    assert a == b, (i, [(x, y) for x, y in zip(a, b) if x != y][:3])
print("identical: %d rows, %d cells, e.g. %s" % (len(read), sum(len(r) for r in read), read[1][2]))
PY
