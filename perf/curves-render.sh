#!/usr/bin/env bash
# Renders the cost curves that perf/curves.sh measured (BENCHMARKS.md, "Cost curves"): OUT_DIR/curves.md, a
# markdown table per sweep, and OUT_DIR/curves.html, one self-contained page with an SVG chart per sweep and
# figure (inline script, nothing fetched). Needs jq.
#
# usage: perf/curves-render.sh OUT_DIR
#
# Ratios are per round: Samsa's run of round n against the other client's run of the same round, which cancels a
# machine that was faster or slower for the whole round (a shared machine); the tables give their median and range.
set -euo pipefail

out=${1:?usage: perf/curves-render.sh OUT_DIR}
[ -s "$out/headline.json" ] || { echo "no $out/headline.json: run perf/curves.sh $out first" >&2; exit 2; }

# One row per point: its sweep and x, each client's medians and runs, the per-round ratios.
rows() {
  local sweep=$1 x label file
  shift
  for spec in "$@"; do
    x=${spec%%:*}; label=${spec#*:}; label=${label%%:*}; file=$out/${spec##*:}.json
    [ -s "$file" ] || continue
    jq --arg sweep "$sweep" --arg x "$x" --arg name "$label" '
      def m(f): ([.[] | f | select(. != null)] | sort) as $v
        | if ($v | length) == 0 then null elif ($v | length) % 2 == 1 then $v[($v | length) / 2 | floor]
          else ($v[($v | length) / 2 - 1] + $v[($v | length) / 2]) / 2 end;
      def fig: {
        rps: m(.recordsPerSec), mbps: m(.mbPerSec),
        cpu: m(.resources.cpuMsPerMillionRecords), cpu2: m(.resources.cpuMsPerMillionRecordsSecondHalf),
        broker: m(.broker.cpuMsPerMillionRecords),
        heapMB: m(.resources.heapPeakBytes | if . == null or . < 0 then null else . / 1048576 end),
        rssMB: m(.resources.rssPeakBytes | if . == null or . < 0 then null else . / 1048576 end),
        allocB: m(.resources.allocatedBytesPerRecord), perBatch: m(.batch.recordsPerBatch),
        perRequest: m(.batch.batchesPerRequest), bufAvg: m(.buffer.averageUtilisation),
        p99: m(.latencyMs.p99), failed: ([.[] | .reliability.failed // 0] | add) };
      def ratios($o; f): [.runs.samsa[] as $s | (.runs[$o] // [])[] | select(.run == $s.run)
        | select(($s | f) != null and (. | f) != null and (. | f) != 0) | ($s | f) / (. | f)] | sort;
      {sweep: $sweep, x: ($x | tonumber), "label": $name, records: .workload.numRecords,
       recordSize: .workload.recordSize, date: .date, rounds: .runsPerClient,
       clients: (.runs | map_values(fig)),
       ratio: {apache: {rps: ratios("apache"; .recordsPerSec), cpu: ratios("apache"; .resources.cpuMsPerMillionRecords),
                        cpu2: ratios("apache"; .resources.cpuMsPerMillionRecordsSecondHalf)},
               kcat: {rps: ratios("kcat"; .recordsPerSec), cpu: ratios("kcat"; .resources.cpuMsPerMillionRecords)}}}
    ' "$file"
  done
}

{
  rows partitions 6:6:headline 1000:1,000:partitions-1000 5000:5,000:partitions-5000 10000:10,000:partitions-10000
  rows size "10:10 B:size-10" "100:100 B:headline" "1000:1 KB:size-1000" "10000:10 KB:size-10000" \
    "100000:100 KB:size-100000"
  rows threads 1:1:headline 2:2:threads-2 4:4:threads-4 8:8:threads-8
  rows compression 0:none:headline 1:lz4:compression-lz4 2:zstd:compression-zstd
} | jq -s '.' > "$out/curves.json"

# Markdown: per sweep, the medians and the per-round ratios (median, and [min-max] over the rounds).
jq -r '
  def f(d): if . == null then "n/a" else (. * pow(10; d) | round / pow(10; d) | tostring) end;
  def k: if . == null then "n/a" elif . >= 1000000 then ((. / 100000 | round / 10 | tostring) + "M")
    elif . >= 10000 then ((. / 1000 | round | tostring) + "k") else (. | round | tostring) end;
  def med: if length == 0 then null elif length % 2 == 1 then .[length / 2 | floor]
           else (.[length / 2 - 1] + .[length / 2]) / 2 end;
  def r: if length == 0 then "n/a" else "\(med | f(2)) [\(.[0] | f(2))-\(.[-1] | f(2))]" end;
  def c($n): .clients[$n] // {};
  def s: if . == null then null else . / 1000 end;
  group_by(.sweep) | sort_by({partitions: 0, size: 1, threads: 2, compression: 3}[.[0].sweep])[] |
  "### \(.[0].sweep)\n",
  "| \(.[0].sweep) | records | records/s samsa / apache / kcat | MB/s samsa / apache / kcat | samsa/apache records/s | samsa/kcat records/s | CPU s/1M samsa / apache / kcat | 2nd half samsa / apache | peak heap MB samsa / apache | peak RSS MB samsa / apache / kcat | batches/request samsa / apache |",
  "|---|---|---|---|---|---|---|---|---|---|---|",
  (sort_by(.x)[] |
    "| \(.label) | \(.records | k) | \(c("samsa").rps | k) / \(c("apache").rps | k) / \(c("kcat").rps | k) | \(c("samsa").mbps | f(1)) / \(c("apache").mbps | f(1)) / \(c("kcat").mbps | f(1)) | \(.ratio.apache.rps | r) | \(.ratio.kcat.rps | r) | \(c("samsa").cpu | s | f(2)) / \(c("apache").cpu | s | f(2)) / \(c("kcat").cpu | s | f(2)) | \(c("samsa").cpu2 | s | f(2)) / \(c("apache").cpu2 | s | f(2)) | \(c("samsa").heapMB | f(0)) / \(c("apache").heapMB | f(0)) | \(c("samsa").rssMB | f(0)) / \(c("apache").rssMB | f(0)) / \(c("kcat").rssMB | f(0)) | \(c("samsa").perRequest | f(1)) / \(c("apache").perRequest | f(1)) |"),
  ""
' "$out/curves.json" > "$out/curves.md"

# HTML: the rows inlined as data, charts drawn by a small script (SVG, categorical x axis).
{
  cat <<'HTML'
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Samsa cost curves</title>
<style>
body { font-family: sans-serif; margin: 2em; color: #222; }
.chart { display: inline-block; margin: 0 1.5em 1.5em 0; vertical-align: top; }
.chart h3 { font-size: 0.95em; margin: 0 0 0.3em 0; }
svg text { font-size: 11px; fill: #333; }
.legend span { margin-right: 1.2em; }
</style></head><body>
<h1>Samsa cost curves</h1>
<p>Medians per point of <code>samsa perf --compare apache,kcat</code> (the threads sweep: apache only; kcat has no
application threads). Ratio charts: Samsa / other, per round, median; above 1 is better for records/s, below 1 for
CPU. See BENCHMARKS.md, "Cost curves", for the method.</p>
<p class="legend"><span style="color:#1f77b4">&#9632; samsa</span><span style="color:#d62728">&#9632; apache</span>
<span style="color:#2ca02c">&#9632; kcat</span><span style="color:#9467bd">&#9632; samsa/apache</span>
<span style="color:#8c564b">&#9632; samsa/kcat</span></p>
<div id="charts"></div>
<script>
const rows =
HTML
  cat "$out/curves.json"
  cat <<'HTML'
;
const colors = {samsa: "#1f77b4", apache: "#d62728", kcat: "#2ca02c", "samsa/apache": "#9467bd", "samsa/kcat": "#8c564b"};
const median = v => { if (!v || !v.length) return null; const s = [...v].sort((a, b) => a - b), n = s.length;
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2; };
// Seconds from milliseconds, keeping a missing figure missing (null / 1000 would be 0).
const sec = v => v == null ? null : v / 1000;
const figures = [
  ["records/s", r => ({samsa: r.clients.samsa?.rps, apache: r.clients.apache?.rps, kcat: r.clients.kcat?.rps})],
  ["MB/s", r => ({samsa: r.clients.samsa?.mbps, apache: r.clients.apache?.mbps, kcat: r.clients.kcat?.mbps})],
  ["Samsa / other, records/s (per round)", r => ({"samsa/apache": median(r.ratio.apache.rps), "samsa/kcat": median(r.ratio.kcat.rps)})],
  ["client CPU s per 1M records", r => ({samsa: sec(r.clients.samsa?.cpu), apache: sec(r.clients.apache?.cpu), kcat: sec(r.clients.kcat?.cpu)})],
  ["client CPU s per 1M records, second half", r => ({samsa: sec(r.clients.samsa?.cpu2), apache: sec(r.clients.apache?.cpu2)})],
  ["peak heap used (MB)", r => ({samsa: r.clients.samsa?.heapMB, apache: r.clients.apache?.heapMB})],
  ["peak RSS (MB)", r => ({samsa: r.clients.samsa?.rssMB, apache: r.clients.apache?.rssMB, kcat: r.clients.kcat?.rssMB})],
];
const svgns = "http://www.w3.org/2000/svg";
function el(name, attrs, parent, text) {
  const e = document.createElementNS(svgns, name);
  for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined) e.textContent = text;
  parent.appendChild(e); return e;
}
function fmt(v) { return v >= 10000 ? Math.round(v / 1000) + "k" : v >= 100 ? Math.round(v) : +v.toPrecision(3); }
// log: a logarithmic y axis (records/s over record sizes spans four orders of magnitude).
function chart(container, title, points, series, log) {
  const W = 360, H = 220, L = 50, R = 10, T = 10, B = 40;
  const div = document.createElement("div"); div.className = "chart";
  const h = document.createElement("h3"); h.textContent = title; div.appendChild(h);
  const svg = el("svg", {width: W, height: H}, div);
  const shown = v => v != null && isFinite(v) && (!log || v > 0);
  const values = points.flatMap(p => Object.values(series(p))).filter(shown);
  if (!values.length) return;
  const max = Math.max(...values) * 1.1, x = i => L + (points.length === 1 ? 0.5 : i / (points.length - 1)) * (W - L - R - 20) + 10;
  const lo = log ? Math.pow(10, Math.floor(Math.log10(Math.min(...values.filter(v => v > 0))))) : 0;
  const hi = log ? Math.pow(10, Math.ceil(Math.log10(max))) : max;
  const y = v => log ? H - B - (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo)) * (H - T - B)
                     : H - B - v / max * (H - T - B);
  el("line", {x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#999"}, svg);
  el("line", {x1: L, y1: T, x2: L, y2: H - B, stroke: "#999"}, svg);
  const ticks = [];
  if (log) for (let v = lo; v <= hi * 1.001; v *= 10) ticks.push(v);
  else for (let k = 0; k <= 4; k++) ticks.push(max * k / 4);
  for (const v of ticks) {
    el("text", {x: L - 4, y: y(v) + 4, "text-anchor": "end"}, svg, fmt(v));
    el("line", {x1: L, y1: y(v), x2: W - R, y2: y(v), stroke: "#eee"}, svg);
  }
  if (title.includes("Samsa / other")) el("line", {x1: L, y1: y(1), x2: W - R, y2: y(1), stroke: "#999", "stroke-dasharray": "4"}, svg);
  points.forEach((p, i) => el("text", {x: x(i), y: H - B + 16, "text-anchor": "middle"}, svg, p.label));
  const names = [...new Set(points.flatMap(p => Object.keys(series(p))))];
  for (const n of names) {
    const pts = points.map((p, i) => [i, series(p)[n]]).filter(([, v]) => shown(v));
    if (!pts.length) continue;
    el("polyline", {points: pts.map(([i, v]) => x(i) + "," + y(v)).join(" "), fill: "none", stroke: colors[n], "stroke-width": 2}, svg);
    for (const [i, v] of pts) el("circle", {cx: x(i), cy: y(v), r: 3, fill: colors[n]}, svg)
      .appendChild(document.createElementNS(svgns, "title")).textContent = n + ": " + fmt(v);
  }
  container.appendChild(div);
}
const root = document.getElementById("charts");
for (const sweep of ["partitions", "size", "threads", "compression"]) {
  const points = rows.filter(r => r.sweep === sweep).sort((a, b) => a.x - b.x);
  if (!points.length) continue;
  const h = document.createElement("h2");
  h.textContent = {partitions: "Partitions", size: "Record size", threads: "Application threads (one producer)",
    compression: "Compression (headline workload)"}[sweep];
  root.appendChild(h);
  const section = document.createElement("div"); root.appendChild(section);
  for (const [title, series] of figures) chart(section, title, points, series,
    sweep === "size" && (title === "records/s" || title.startsWith("client CPU")));
}
</script></body></html>
HTML
} > "$out/curves.html"

echo "Wrote $out/curves.json, $out/curves.md, $out/curves.html"
