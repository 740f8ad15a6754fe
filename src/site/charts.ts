/**
 * Charts as inline SVG strings, rendered at build time (no chart JS in the
 * browser). Text uses `currentColor` and series use CSS classes backed by CSS
 * variables, so a chart follows dark mode and print. Every chart has a
 * `<title>`/`<desc>` (role="img") and every mark a `<title>` tooltip; pages
 * should also print the numbers as a table.
 */

export interface ChartBase {
  /** Unique id on the page (used for aria-labelledby). */
  id: string;
  title: string;
  desc?: string;
}

export interface Series {
  key: string;
  label: string;
  values: (number | undefined)[];
}

const W = 640;
const FONT = 12;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const r = (n: number) => Math.round(n * 10) / 10;

/** Round tick values covering 0..max, at most ~5 steps. */
export function niceTicks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((f) => f * mag).find((s) => s >= raw) ?? 10 * mag;
  const stepInt = Math.max(1, step);
  const ticks: number[] = [];
  for (let v = 0; v < max + stepInt; v += stepInt) ticks.push(v);
  return ticks;
}

function open(c: ChartBase, height: number, cls: string): string {
  const t = `${c.id}-title`;
  const d = `${c.id}-desc`;
  return (
    `<svg class="kb-chart ${cls}" role="img" aria-labelledby="${t}${c.desc ? ` ${d}` : ''}" viewBox="0 0 ${W} ${height}" ` +
    `width="100%" preserveAspectRatio="xMinYMin meet" font-size="${FONT}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${t}">${escapeXml(c.title)}</title>` +
    (c.desc ? `<desc id="${d}">${escapeXml(c.desc)}</desc>` : '')
  );
}

/** Approximate rendered width of a label: Hangul and other wide glyphs take about a full em. */
export function textWidth(text: string, fontSize = FONT): number {
  let em = 0;
  for (const ch of text) em += /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7a3\uff00-\uffef]/u.test(ch) ? 1 : 0.6;
  return em * fontSize;
}

function legend(series: { key: string; label: string }[], y: number, x0 = 48): string {
  let x = x0;
  return series
    .map((s, n) => {
      const out =
        `<g class="kb-chart__legend-item"><rect class="kb-chart__s${n + 1}" x="${x}" y="${y - 10}" width="12" height="12" rx="2" fill="#888"/>` +
        `<text x="${x + 16}" y="${y}" fill="currentColor">${escapeXml(s.label)}</text></g>`;
      x += 28 + textWidth(s.label);
      return out;
    })
    .join('');
}

/** Which x labels to print so they don't overlap. */
function labelEvery(count: number, plotWidth: number, labelWidth = 56): number {
  return Math.max(1, Math.ceil((count * labelWidth) / plotWidth));
}

/** Vertical bars per label; several series stacked (default) or side by side. */
export function barChart(c: ChartBase & { labels: string[]; series: Series[]; mode?: 'stacked' | 'grouped'; height?: number }): string {
  const H = c.height ?? 260;
  const left = 44;
  const right = 12;
  const top = 34;
  const bottom = 36;
  const pw = W - left - right;
  const ph = H - top - bottom;
  const stacked = (c.mode ?? 'stacked') === 'stacked';
  const n = c.labels.length;
  const totals = c.labels.map((_, i) => c.series.reduce((s, x) => s + (x.values[i] ?? 0), 0));
  const max = stacked ? Math.max(0, ...totals) : Math.max(0, ...c.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const ticks = niceTicks(max);
  const top0 = ticks[ticks.length - 1] || 1;
  const y = (v: number) => top + ph - (v / top0) * ph;
  const slot = n ? pw / n : pw;
  const barW = Math.max(1, Math.min(48, slot * 0.7));
  const every = labelEvery(n, pw);
  let out = open(c, H, `kb-chart--bars kb-chart--${stacked ? 'stacked' : 'grouped'}`);
  out += legend(c.series, 14);
  out += ticks
    .map(
      (t) =>
        `<line class="kb-chart__grid" x1="${left}" x2="${W - right}" y1="${r(y(t))}" y2="${r(y(t))}" stroke="currentColor" stroke-opacity="0.15"/>` +
        `<text x="${left - 6}" y="${r(y(t)) + 4}" text-anchor="end" fill="currentColor">${t}</text>`,
    )
    .join('');
  c.labels.forEach((label, i) => {
    const x0 = left + i * slot + (slot - barW) / 2;
    let acc = 0;
    c.series.forEach((s, k) => {
      const v = s.values[i] ?? 0;
      if (!v) return;
      const w = stacked ? barW : barW / c.series.length;
      const x = stacked ? x0 : x0 + k * w;
      const y1 = y(stacked ? acc + v : v);
      const y0 = y(stacked ? acc : 0);
      out +=
        `<rect class="kb-chart__bar kb-chart__s${k + 1}" data-series="${escapeXml(s.key)}" x="${r(x)}" y="${r(y1)}" width="${r(w)}" height="${r(y0 - y1)}" fill="#888">` +
        `<title>${escapeXml(`${label} · ${s.label}: ${v}`)}</title></rect>`;
      if (stacked) acc += v;
    });
    const total = totals[i];
    if (stacked && total > 0)
      out += `<text class="kb-chart__value" x="${r(x0 + barW / 2)}" y="${r(y(total)) - 3}" text-anchor="middle" fill="currentColor">${total}</text>`;
    if (i % every === 0)
      out += `<text x="${r(x0 + barW / 2)}" y="${H - bottom + 16}" text-anchor="middle" fill="currentColor">${escapeXml(label)}</text>`;
  });
  out += `<line class="kb-chart__axis" x1="${left}" x2="${W - right}" y1="${top + ph}" y2="${top + ph}" stroke="currentColor"/>`;
  return `${out}</svg>`;
}

/** One horizontal bar per item, labelled with its value: for categories and services. */
export function horizontalBarChart(c: ChartBase & { items: { label: string; value: number }[] }): string {
  const rowH = 24;
  const labelW = 170;
  const H = Math.max(1, c.items.length) * rowH + 12;
  const pw = W - labelW - 48;
  const max = Math.max(1, ...c.items.map((i) => i.value));
  let out = open(c, H, 'kb-chart--hbars');
  c.items.forEach((item, i) => {
    const yy = 6 + i * rowH;
    const w = (item.value / max) * pw;
    const label = item.label.length > 24 ? `${item.label.slice(0, 23)}…` : item.label;
    out +=
      `<text x="${labelW - 8}" y="${yy + 15}" text-anchor="end" fill="currentColor">${escapeXml(label)}</text>` +
      `<rect class="kb-chart__bar kb-chart__s1" x="${labelW}" y="${yy + 3}" width="${r(Math.max(w, 1))}" height="${rowH - 8}" fill="#888">` +
      `<title>${escapeXml(`${item.label}: ${item.value}`)}</title></rect>` +
      `<text class="kb-chart__value" x="${r(labelW + w + 6)}" y="${yy + 15}" fill="currentColor">${item.value}</text>`;
  });
  return `${out}</svg>`;
}

const DURATION_TICKS_MIN = [0, 5, 15, 60, 240, 1440, 10080, 43200];

/**
 * Durations (ms) per point in time order, one line per series, on a
 * log(1 + minutes) scale so that 2 minutes and 2 days both stay readable.
 */
export function durationChart(
  c: ChartBase & { labels: string[]; series: Series[]; format: (ms: number) => string; height?: number },
): string {
  const H = c.height ?? 260;
  const left = 56;
  const right = 12;
  const top = 34;
  const bottom = 36;
  const pw = W - left - right;
  const ph = H - top - bottom;
  const scale = (ms: number) => Math.log10(1 + Math.max(0, ms) / 60_000);
  const maxMs = Math.max(60_000, ...c.series.flatMap((s) => s.values.filter((v): v is number => v !== undefined)));
  const ticks = DURATION_TICKS_MIN.filter((_m, i) => i === 0 || DURATION_TICKS_MIN[i - 1] * 60_000 < maxMs).map((m) => m * 60_000);
  const topV = scale(Math.max(maxMs, ticks[ticks.length - 1]));
  const y = (ms: number) => top + ph - (scale(ms) / (topV || 1)) * ph;
  const n = c.labels.length;
  const x = (i: number) => left + (n <= 1 ? pw / 2 : (i / (n - 1)) * pw);
  const every = labelEvery(n, pw, 64);
  let out = open(c, H, 'kb-chart--durations');
  out += legend(c.series, 14, left);
  out += ticks
    .map(
      (t) =>
        `<line class="kb-chart__grid" x1="${left}" x2="${W - right}" y1="${r(y(t))}" y2="${r(y(t))}" stroke="currentColor" stroke-opacity="0.15"/>` +
        `<text x="${left - 6}" y="${r(y(t)) + 4}" text-anchor="end" fill="currentColor">${escapeXml(c.format(t))}</text>`,
    )
    .join('');
  c.series.forEach((s, k) => {
    const pts = s.values.map((v, i) => (v === undefined ? undefined : ([x(i), y(v), v] as const)));
    const d = pts
      .filter((p) => p !== undefined)
      .map((p, i) => `${i ? 'L' : 'M'}${r(p[0])} ${r(p[1])}`)
      .join(' ');
    if (d) out += `<path class="kb-chart__line kb-chart__stroke${k + 1}" d="${d}" fill="none" stroke="#888" stroke-width="2"/>`;
    pts.forEach((p, i) => {
      if (!p) return;
      const shape =
        k % 2 === 0
          ? `<circle class="kb-chart__point kb-chart__s${k + 1}" cx="${r(p[0])}" cy="${r(p[1])}" r="4" fill="#888">`
          : `<rect class="kb-chart__point kb-chart__s${k + 1}" x="${r(p[0]) - 4}" y="${r(p[1]) - 4}" width="8" height="8" fill="#888">`;
      out += `${shape}<title>${escapeXml(`${c.labels[i]} · ${s.label}: ${c.format(p[2])}`)}</title>${k % 2 === 0 ? '</circle>' : '</rect>'}`;
    });
  });
  c.labels.forEach((label, i) => {
    // The first and last labels are anchored inward so they are never clipped.
    const anchor = n > 1 && i === 0 ? 'start' : n > 1 && i === n - 1 ? 'end' : 'middle';
    if (i % every === 0 || (i === n - 1 && n > 1 && (n - 1) % every >= every / 2))
      out += `<text x="${r(x(i))}" y="${H - bottom + 16}" text-anchor="${anchor}" fill="currentColor">${escapeXml(label)}</text>`;
  });
  out += `<line class="kb-chart__axis" x1="${left}" x2="${W - right}" y1="${top + ph}" y2="${top + ph}" stroke="currentColor"/>`;
  return `${out}</svg>`;
}
