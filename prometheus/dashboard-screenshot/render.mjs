// Draws the shipped Grafana dashboard's panels from the query_range answers DashboardScreenshot wrote, with uPlot
// (the library Grafana draws its time-series panels with), in headless Chromium, and saves a PNG screenshot.
// Grafana itself is not installable from the registries this project builds from; this is the closest honest
// rendering: the dashboard JSON as shipped (layout, titles, units, queries, legends), real Prometheus data.
//
// Usage: node render.mjs DASHBOARD_JSON DATA_JSON OUTPUT_PNG [HTML_OUT]
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const [dashboardPath, dataPath, outputPath, htmlPath] = process.argv.slice(2);
if (!outputPath) {
  console.error('usage: node render.mjs DASHBOARD_JSON DATA_JSON OUTPUT_PNG [HTML_OUT]');
  process.exit(2);
}
const WIDTH = 1600;
const dashboard = JSON.parse(readFileSync(dashboardPath, 'utf8'));
const data = JSON.parse(readFileSync(dataPath, 'utf8'));

// A target without an answer means the data file is from another version of the dashboard: say so, draw nothing.
for (const panel of dashboard.panels) {
  for (const target of panel.targets ?? []) {
    if (!(target.expr in data.results)) {
      console.error(`no data for panel "${panel.title}" query ${target.expr}: regenerate the data file`);
      process.exit(1);
    }
  }
}

const uplotJs = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
const uplotCss = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
// Inline JSON inside <script>: "</" would end the element early.
const json = (v) => JSON.stringify(v).replace(/<\//g, '<\\/');

const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${dashboard.title}</title>
<style>${uplotCss}</style>
<style>
  /* Grafana's dark theme colours. */
  :root { --canvas: #111217; --panel: #181b1f; --border: rgba(204,204,220,0.12); --text: #ccccdc;
          --muted: rgba(204,204,220,0.65); --font: Inter, "Liberation Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; }
  html, body { margin: 0; background: var(--canvas); color: var(--text); font-family: var(--font); }
  #top { display: flex; align-items: center; gap: 12px; padding: 10px 16px; border-bottom: 1px solid var(--border);
         background: var(--panel); font-size: 14px; }
  #top .crumbs { color: var(--muted); } #top .crumbs b { color: var(--text); font-weight: 500; }
  #top .range { margin-left: auto; border: 1px solid var(--border); border-radius: 2px; padding: 4px 10px; }
  #vars { display: flex; gap: 8px; padding: 10px 16px 0; font-size: 12px; }
  .var { display: flex; border: 1px solid var(--border); border-radius: 2px; }
  .var span { padding: 5px 8px; } .var span:first-child { background: #22252b; font-weight: 500; }
  #note { padding: 8px 16px 0; font-size: 12px; color: var(--muted); }
  #grid { position: relative; margin: 8px 16px 16px; }
  .panel { position: absolute; background: var(--panel); border: 1px solid var(--border); border-radius: 2px;
           box-sizing: border-box; display: flex; flex-direction: column; overflow: hidden; }
  .title { height: 32px; line-height: 32px; padding: 0 8px; font-size: 14px; font-weight: 500;
           white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .body { flex: 1; position: relative; padding: 0 8px 6px; display: flex; flex-direction: column; min-height: 0; }
  .chart { flex: 1; min-height: 0; position: relative; }
  .nodata { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
            color: var(--muted); font-size: 14px; }
  .legend { display: flex; flex-wrap: wrap; gap: 2px 16px; padding: 4px 0 0 4px; font-size: 12px; }
  .legend .item { display: flex; align-items: center; gap: 6px; white-space: nowrap; }
  .legend .swatch { width: 14px; height: 4px; border-radius: 2px; }
  .legend .nan { color: var(--muted); }
</style>
<script>${uplotJs}</script>
</head><body>
<div id="top"></div><div id="vars"></div><div id="note"></div><div id="grid"></div>
<script>
const DASHBOARD = ${json(dashboard)};
const DATA = ${json(data)};
const WIDTH = ${WIDTH};
${browserSide.toString()}
browserSide();
</script>
</body></html>`;

// Runs in the page: lays the panels out on Grafana's grid and draws each with uPlot.
function browserSide() {
  // Grafana's classic palette, in its order.
  const PALETTE = ['#73BF69', '#F2CC0C', '#8AB8FF', '#FF780A', '#F2495C', '#5794F2', '#B877D9', '#705DA0',
    '#37872D', '#FADE2A'];
  const FONT = '12px Inter, "Liberation Sans", "DejaVu Sans", Helvetica, Arial, sans-serif';
  const MUTED = 'rgba(204,204,220,0.65)';
  const GRID = 'rgba(240,250,255,0.09)';
  // Grafana's dashboard grid: 24 columns, 30 px rows, 8 px gutters.
  const COLUMNS = 24, ROW = 30, GUTTER = 8;

  const pad = (n) => String(n).padStart(2, '0');
  const clock = (s) => { const d = new Date(s * 1000); return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`; };
  const day = (s) => new Date(s * 1000).toISOString().slice(0, 10);

  // Grafana's unit formatters (fieldConfig.defaults.unit), reduced to the units the dashboard uses. Each returns
  // [scale divisor, suffix] for a magnitude, so that an axis's ticks share one scale.
  const scaled = (factor, suffixes) => (m) => {
    let i = 0;
    while (i < suffixes.length - 1 && Math.abs(m) >= factor ** (i + 1)) i++;
    return [factor ** i, suffixes[i]];
  };
  const UNITS = {
    ops: scaled(1000, [' ops/s', ' K ops/s', ' M ops/s', ' B ops/s']),
    reqps: scaled(1000, [' req/s', ' K req/s', ' M req/s', ' B req/s']),
    Bps: scaled(1000, [' B/s', ' kB/s', ' MB/s', ' GB/s', ' TB/s']),
    short: scaled(1000, ['', ' K', ' Mil', ' Bil', ' Tri']),
    ms: (m) => (Math.abs(m) >= 1000 ? [1000, ' s'] : [1, ' ms']),
    percentunit: () => [0.01, '%'],
  };
  const unitOf = (panel) => UNITS[panel.fieldConfig?.defaults?.unit] ?? UNITS.short;
  // Each tick scaled by its own magnitude (800 ops/s, 1.25 K ops/s), as Grafana's axes do.
  const formatTicks = (unit, ticks) => {
    const finite = ticks.filter((t) => t != null && Number.isFinite(t));
    const step = finite.length > 1 ? Math.abs(finite[1] - finite[0]) : 1;
    return ticks.map((t) => {
      if (t == null) return '';
      const [divisor, suffix] = unit(t);
      // As many decimals as the scaled spacing has (250 per tick in K: 0.25, so 1.25 K, not 1.3 K).
      const spacing = step / divisor;
      let decimals = 0;
      while (decimals < 4 && Math.abs(spacing * 10 ** decimals - Math.round(spacing * 10 ** decimals)) > 1e-6) {
        decimals++;
      }
      return (t / divisor).toFixed(t === 0 ? 0 : decimals) + suffix;
    });
  };

  // {{label}} templates, as Grafana fills in legendFormat.
  const legendName = (target, metric) => {
    if (target.legendFormat) return target.legendFormat.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k) => metric[k] ?? '');
    const { __name__, ...labels } = metric;
    return `${__name__ ?? ''}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(', ')}}`;
  };

  const xs = [];
  for (let t = DATA.start; t <= DATA.end; t += DATA.step) xs.push(t);
  const index = new Map(xs.map((t, i) => [t, i]));

  document.getElementById('top').innerHTML =
    `<span class="crumbs">Home › Dashboards › <b>${DASHBOARD.title}</b></span>`
    + `<span class="range">${day(DATA.start)} ${clock(DATA.start)} to ${clock(DATA.end)} UTC</span>`;
  const vars = DASHBOARD.templating?.list ?? [];
  document.getElementById('vars').innerHTML = vars.map((v) =>
    `<div class="var"><span>${v.label ?? v.name}</span><span>${v.type === 'datasource' ? 'Prometheus'
      : v.name === 'client_id' ? DATA.client_id : 'All'}</span></div>`).join('');
  document.getElementById('note').textContent = 'The shipped dashboard\u2019s panels and queries, answered by a '
    + 'real Prometheus scraping a Samsa producer under load; drawn with uPlot (Grafana\u2019s time-series '
    + 'library) by prometheus/dashboard-screenshot, not by Grafana itself.';

  const grid = document.getElementById('grid');
  const width = WIDTH - 32;
  const column = (width - GUTTER * (COLUMNS - 1)) / COLUMNS;
  let bottom = 0;
  const panels = DASHBOARD.panels.filter((p) => p.type === 'timeseries');
  for (const panel of panels) {
    const g = panel.gridPos;
    const el = document.createElement('div');
    el.className = 'panel';
    el.style.left = `${g.x * (column + GUTTER)}px`;
    el.style.top = `${g.y * (ROW + GUTTER)}px`;
    el.style.width = `${g.w * column + (g.w - 1) * GUTTER}px`;
    el.style.height = `${g.h * ROW + (g.h - 1) * GUTTER}px`;
    bottom = Math.max(bottom, g.y * (ROW + GUTTER) + g.h * ROW + (g.h - 1) * GUTTER);
    el.innerHTML = `<div class="title"></div><div class="body"><div class="chart"></div><div class="legend"></div></div>`;
    el.querySelector('.title').textContent = panel.title;
    grid.appendChild(el);

    // One uPlot series per result series of every target, in the targets' order, as Grafana lists them.
    const series = [];
    for (const target of panel.targets ?? []) {
      for (const r of DATA.results[target.expr].data.result) {
        const ys = new Array(xs.length).fill(null);
        for (const [t, v] of r.values) {
          const i = index.get(Math.round(t));
          const n = Number(v);
          if (i !== undefined && Number.isFinite(n)) ys[i] = n;
        }
        series.push({ name: legendName(target, r.metric), ys });
      }
    }
    const legend = el.querySelector('.legend');
    series.forEach((s, i) => {
      const item = document.createElement('div');
      item.className = 'item';
      const empty = s.ys.every((y) => y == null);
      item.innerHTML = `<span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span><span></span>`;
      item.lastChild.textContent = s.name;
      if (empty) item.lastChild.className = 'nan';
      legend.appendChild(item);
    });
    const chart = el.querySelector('.chart');
    if (series.every((s) => s.ys.every((y) => y == null))) {
      chart.innerHTML = '<div class="nodata">No data</div>';
      continue;
    }
    const unit = unitOf(panel);
    const all = series.flatMap((s) => s.ys).filter((y) => y != null);
    const lo = Math.min(...all), hi = Math.max(...all);
    new uPlot({
      width: chart.clientWidth,
      height: chart.clientHeight,
      legend: { show: false },
      padding: [10, 12, 0, 0],
      cursor: { show: false },
      scales: {
        x: { time: true },
        // A flat line sits at the bottom of a 0..1 axis (or ±10 % around its value), as in Grafana.
        y: { range: () => (lo === hi ? (lo === 0 ? [0, 1] : [lo - Math.abs(lo) * 0.1, hi + Math.abs(hi) * 0.1])
          : uPlot.rangeNum(lo, hi, 0.1, true)) },
      },
      axes: [
        { stroke: MUTED, font: FONT, grid: { stroke: GRID, width: 1 }, ticks: { show: false }, space: 80, size: 26,
          values: (u, ticks) => ticks.map(clock) },
        { stroke: MUTED, font: FONT, grid: { stroke: GRID, width: 1 }, ticks: { show: false }, space: 30,
          size: (u, values) => 14 + Math.max(20, ...(values ?? []).map((v) => measure(v))),
          values: (u, ticks) => formatTicks(unit, ticks) },
      ],
      series: [{}, ...series.map((s, i) => ({ label: s.name, stroke: PALETTE[i % PALETTE.length], width: 1.5,
        points: { show: false } }))],
    }, [xs, ...series.map((s) => s.ys)], chart);
  }
  grid.style.height = `${bottom}px`;
  window.RENDERED = true;

  function measure(text) {
    const ctx = (measure.ctx ??= document.createElement('canvas').getContext('2d'));
    ctx.font = FONT;
    return ctx.measureText(text).width;
  }
}

if (htmlPath) writeFileSync(htmlPath, html);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 }, deviceScaleFactor: 1,
    timezoneId: 'UTC' });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.setContent(html);
  await page.waitForFunction(() => window.RENDERED === true || document.readyState === 'complete');
  if (errors.length) throw errors[0];
  await page.waitForFunction(() => window.RENDERED === true);
  await page.screenshot({ path: outputPath, fullPage: true });
} finally {
  await browser.close();
}
console.log(`wrote ${outputPath}`);
