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
# The 越级访 finding is on line 135: open the page there with its highlight pinned, as a reader would.
cat >> "$html" <<'JS'
<script>location.hash='#d0l130';document.querySelectorAll('.hl.error').forEach(function(e){e.classList.add('pinned')})</script>
JS
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1200,1400 --screenshot="$out" "file://$html" 2>/dev/null
echo "$out"
