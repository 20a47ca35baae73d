#!/usr/bin/env bash
# Render a report page offline in headless Chromium and save a PNG screenshot.
#
#   scripts/screenshot_report.sh reports/01-nps-overview.html [out.png] [WIDTHxHEIGHT]
#
# Needs Debian's `chromium` package (apt-get install -y chromium). Network access is
# cut off inside the browser (an unroutable proxy, no background networking), so a
# page that depended on a CDN would render without its scripts/styles: what you see
# is what a reader with no network sees. Default output: <page>.png next to the page;
# default window 1280x2000.
set -euo pipefail

page="${1:?usage: $0 PAGE.html [OUT.png] [WIDTHxHEIGHT]}"
out="${2:-${page%.html}.png}"
size="${3:-1280x2000}"
browser="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [[ -z "$browser" ]]; then
    echo "chromium not found: install Debian's chromium package (apt-get install -y chromium)" >&2
    exit 3
fi
if [[ ! -f "$page" ]]; then
    echo "no such page: $page" >&2
    exit 2
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
page_abs="$(cd "$(dirname "$page")" && pwd)/$(basename "$page")"
out_abs="$(cd "$(dirname "$out")" && pwd)/$(basename "$out")"

"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --hide-scrollbars \
    --proxy-server="http://127.0.0.1:9" --proxy-bypass-list="<-loopback>" \
    --user-data-dir="$profile" \
    --screenshot="$out_abs" --window-size="${size/x/,}" \
    "file://$page_abs" >/dev/null 2>&1 || true

if [[ ! -s "$out_abs" ]]; then
    echo "chromium did not write a screenshot to $out_abs" >&2
    exit 1
fi
echo "$out_abs"
