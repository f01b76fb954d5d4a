#!/usr/bin/env bash
# First paint of a run's report.html opened from disk in headless chromium
# (Debian's; SIGHTLINE_CHROMIUM, default /usr/bin/chromium). Prints the
# benchmark line with fcp-ms (first-contentful-paint, median), load-ms and
# the page's size.
#
#   scripts/firstpaint.sh RUN_DIR [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
run=${1:?usage: scripts/firstpaint.sh RUN_DIR [ITERATIONS]}
n=${2:-5}
export SIGHTLINE_CHROMIUM="${SIGHTLINE_CHROMIUM:-/usr/bin/chromium}"
SIGHTLINE_FIRSTPAINT_RUN="$(cd "$run" && pwd)" \
  go test ./internal/review -run '^$' -bench '^BenchmarkFirstPaint$' -benchtime "${n}x" -v
