#!/usr/bin/env bash
# Builds the PDF fixtures, reproducibly from committed files:
#   Fixtures/office/final-accounts-2024-shuimogou-petition-bureau.pdf
#       seed 003's .docx (Scripts/make-office-fixtures.py) printed by LibreOffice
#       (Debian: apt-get install libreoffice-writer-nogui);
#   Fixtures/hostile/no-text-layer.pdf
#       a valid one-page PDF that draws a rectangle and holds no text (what a scan looks like to pdftotext);
#   Fixtures/real/final-accounts-disclosure-template.txt
#       the blank template's text layer (pdftotext -layout), for the completeness tests.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
soffice --headless --convert-to pdf --outdir "$out" Fixtures/office/final-accounts-2024-shuimogou-petition-bureau.docx >/dev/null 2>&1
cp "$out/final-accounts-2024-shuimogou-petition-bureau.pdf" Fixtures/office/
rm -rf "$out"
python3 - <<'PY'
content = b"0 0 1 rg 100 100 200 200 re f\n"
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
    b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
]
pdf = bytearray(b"%PDF-1.4\n")
offsets = []
for n, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % n + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
for o in offsets:
    pdf += b"%010d 00000 n \n" % o
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
open("Fixtures/hostile/no-text-layer.pdf", "wb").write(pdf)
PY
pdftotext -layout Fixtures/real/final-accounts-disclosure-template.pdf Fixtures/real/final-accounts-disclosure-template.txt
echo "PDF fixtures written"
