#!/usr/bin/env bash
# Regenerates docs/images/grafana-dashboard.png: an embedded broker, a Samsa producer under steady load served by
# SamsaPrometheus.serve, Debian's prometheus scraping it every second, then every query of the shipped Grafana
# dashboard through query_range, drawn panel by panel with uPlot in headless Chromium (render.mjs). Grafana itself
# is not installable from the registries this project builds from, hence this previewer.
#
# Needs: JDK 17 and Maven, node 20 and npm, and the Debian packages prometheus and chromium.
# Usage: prometheus/dashboard-screenshot/render.sh [Maven options, e.g. -o]
#   LOAD_SECONDS=90   seconds of load shown (after a one-minute warm-up that fills the rate windows)
#   REUSE_DATA=1      redraw from the last run's data (prometheus/target/dashboard-screenshot/data.json)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dashboard="$root/prometheus/src/main/resources/grafana/samsa-producer-dashboard.json"
work="$root/prometheus/target/dashboard-screenshot"
png="$root/docs/images/grafana-dashboard.png"

needs() { echo "render.sh needs $1" >&2; exit 2; }
for tool in java mvn node npm; do command -v "$tool" >/dev/null || needs "$tool"; done
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || needs "Chromium (apt-get install chromium, or CHROMIUM=path)"
command -v prometheus >/dev/null || [ -x /usr/bin/prometheus ] || needs "Prometheus (apt-get install prometheus)"

if [ "${REUSE_DATA:-}" != 1 ]; then
  cd "$root"
  # The prometheus module's test classes and their classpath, sibling modules from this reactor's target
  # directories: nothing is installed into the local repository.
  mvn -B -q -Dstyle.color=never "$@" -pl prometheus -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/dashboard-screenshot.classpath
  mkdir -p "$work"
  java -cp "prometheus/target/test-classes:prometheus/target/classes:$(cat prometheus/target/dashboard-screenshot.classpath)" \
    io.samsa.prometheus.DashboardScreenshot "$dashboard" "$work/data.json" "${LOAD_SECONDS:-90}"
fi

cd "$here"
if [ ! -d node_modules/uplot ] || [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund
fi
mkdir -p "$(dirname "$png")"
node render.mjs "$dashboard" "$work/data.json" "$png" "$work/dashboard.html"
