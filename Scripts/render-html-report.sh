#!/usr/bin/env bash
# Renders the HTML report of the bundled 决算 fixture to a PNG with headless Chromium (Debian's
# package), so a person can look at what the report shows. Usage: Scripts/render-html-report.sh [OUT.png]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-/tmp/gouji-report.png}"
if ! command -v chromium >/dev/null 2>&1; then
  echo "chromium is not installed; on Debian: apt-get install -y chromium fonts-noto-cjk" >&2
  exit 2
fi
swift build >/dev/null
html="$(mktemp -d)/report.html"
set +e
.build/debug/gouji audit Fixtures/final-accounts-2024-shuimogou-petition-bureau.txt --output "html:$html" >/dev/null
set -e
# The 越级访 finding is on line 135: show the lines around it, with its highlight pinned as a click
# would, so the picture holds the summary, the findings and the sentence with its derivation.
cat >> "$html" <<'JS'
<style>.ln{display:none}#d0l133,#d0l134,#d0l135,#d0l136,#d0l137{display:block}.doc{padding-bottom:160px}</style>
<script>document.querySelectorAll('.hl.error:not(.operand)').forEach(function(e){e.classList.add('pinned')})</script>
JS
chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1000 \
  --virtual-time-budget=3000 --screenshot="$out" "file://$html" 2>/dev/null
echo "$out"
