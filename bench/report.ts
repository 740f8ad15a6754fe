/**
 * The shape of a benchmark result (what `bench/results/<date>-<N>.json` holds)
 * and its markdown rendering.
 */
import type { BuildPhases, RouteGroupTime, Summary } from './measure.ts';
import type { QueryCost } from './output.ts';
import type { PreCommitMeasured } from './pre-commit.ts';
import type { PayloadMetrics } from './search-metrics.ts';
import type { QualityResult } from './search-quality.ts';
import type { SimilarCost } from './similar.ts';

export interface Machine {
  nproc: number;
  memoryBytes: number;
  cpu: string;
  node: string;
  platform: string;
  /** 1-minute load average when the run started: other work on the machine skews the figures. */
  loadAverage: number;
}

export interface Measured {
  /** Why it was not measured (the command does not exist yet, …). */
  skipped?: string;
  ok?: boolean;
  /** First lines of output when a run failed. */
  failure?: string;
  exitCodes?: number[];
  wallMs?: Summary;
  cpuMs?: Summary;
  maxRssBytes?: Summary;
  treeRssBytes?: Summary;
}

export interface BuildMeasured extends Measured {
  phases?: { [K in Exclude<keyof BuildPhases, 'pagefindStreamed'>]?: Summary };
  /** Pagefind indexed the pages while Astro rendered them (see `BuildPhases.pagefindStreamed`). */
  pagefindStreamed?: boolean;
  /** Astro's per-page timings of the first run, summed by route group, slowest first. */
  routes?: RouteGroupTime[];
}

/** The subset of `measureSearch`'s output (bench/search-metrics.ts) the benchmark keeps. */
export interface SearchQueryMetrics {
  query: string;
  results: number;
  top: string[];
  requests: number;
  bytes: number;
  gzipBytes: number;
  indexDataBytes: number;
  coldFirstResultMs: number;
  typedFirstResultMs: number;
}

export interface BenchResult {
  version: 1;
  date: string;
  command: string;
  machine: Machine;
  corpus: { incidents: number; playbooks: number; seed: number; files: number; bytes: number; generateMs: number; dir?: string };
  runs: number;
  check?: Measured & { files?: number; filesPerSecond?: number };
  build?: BuildMeasured;
  warmBuild?: BuildMeasured;
  satteri?: BuildMeasured & { note?: string };
  output?: {
    skipped?: string;
    distBytes?: number;
    distFiles?: number;
    incidentPages?: number;
    incidentPage?: { total?: Summary; html?: Summary; css?: Summary; js?: Summary };
    pagefindBytes?: number;
    pagefindFiles?: number;
    /** Pagefind's API alone, from an incident page (bench/output.ts). */
    queries?: QueryCost[];
    /** Through the search page (`measureSearch`). */
    search?: { source: string; index: unknown; queries: SearchQueryMetrics[] };
    /** Search quality of bench/search-queries.json (bench/search-quality.ts). */
    quality?: QualityResult;
    /** The same, for bench/search-queries-heldout.json (written after the first round of tuning, tuned on in the second). */
    heldout?: QualityResult;
    /** The same, for bench/search-queries-heldout-2.json (never tuned on). */
    heldout2?: QualityResult;
    /** First and later searches on /search/, every byte (bench/search-metrics.ts measurePayload). */
    payload?: PayloadMetrics;
    queryError?: string;
  };
  cli?: { newIncident?: Measured; import?: Measured; timeline?: Measured & { messages?: number; added?: number } };
  /** The pre-commit hook on staged incidents (bench/pre-commit.ts). */
  preCommit?: PreCommitMeasured;
  /** similarIncidents over the corpus (bench/similar.ts). */
  similar?: SimilarCost;
  targets?: { name: string; limit: string; value: string; met: boolean }[];
  notes: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** "top-1 86.1%, top-3 91.1%, MRR 0.886" */
export function qualityCell(q: QualityResult | undefined, which: 'exact' | 'theme' = 'exact'): string {
  if (!q) return '–';
  const s = q[which];
  return `top-1 ${pct(s.top1)}, top-3 ${pct(s.top3)}, MRR ${s.mrr.toFixed(3)}`;
}

/** "first 150.2 KB; later 40.1 KB (max 55.0 KB)" */
export function payloadCell(p: PayloadMetrics | undefined): string {
  if (!p) return '–';
  const later = p.later.map((l) => l.gzipBytes).sort((a, b) => a - b);
  const median = later[Math.floor(later.length / 2)];
  return `first ${formatBytes(p.first.gzipBytes)}; later ${formatBytes(median)} (max ${formatBytes(later.at(-1))})`;
}

export const MB = 1024 * 1024;

export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '–';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < MB) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${(bytes / 1024 / MB).toFixed(2)} GB`;
}

const n = (x: number) => x.toLocaleString('en-US');

function range(s: Summary | undefined, f: (x: number) => string): string {
  if (!s) return '–';
  return s.values.length > 1 ? `${f(s.min)} – ${f(s.max)}` : '(1 run)';
}

function row(label: string, m: Measured | undefined, extra = ''): string {
  if (!m) return `| ${label} | not run | | | |`;
  if (m.skipped) return `| ${label} | skipped: ${m.skipped} | | | |`;
  const failed = m.ok === false ? ' ⚠ failed' : '';
  return `| ${label} | ${formatMs(m.wallMs?.median)}${extra}${failed} | ${range(m.wallMs, formatMs)} | ${formatMs(m.cpuMs?.median)} | ${formatBytes(m.maxRssBytes?.median)} / ${formatBytes(m.treeRssBytes?.median)} |`;
}

function phaseRow(label: string, s: Summary | undefined): string | undefined {
  return s ? `| &nbsp;&nbsp;↳ ${label} | ${formatMs(s.median)} | ${range(s, formatMs)} | | |` : undefined;
}

function buildRows(label: string, b: BuildMeasured | undefined): string[] {
  const rows = [row(label, b)];
  if (b?.phases && !b.skipped) {
    const p = b.phases;
    for (const r of [
      phaseRow('npm + Astro start-up', p.beforeAstroMs),
      phaseRow('Astro (without Pagefind)', p.astroMs),
      phaseRow('&nbsp;&nbsp;content sync (read, parse, check, render, validate every file)', p.contentSyncMs),
      phaseRow('&nbsp;&nbsp;rendering pages', p.renderMs),
      phaseRow(
        b.pagefindStreamed ? 'Pagefind after the last page (bundle write; it indexed pages during rendering)' : 'Pagefind (from its log)',
        p.pagefindMs,
      ),
    ]) {
      if (r) rows.push(r);
    }
  }
  return rows;
}

/** The markdown table for one result. */
export function renderMarkdown(r: BenchResult): string {
  const c = r.corpus;
  const out: string[] = [];
  out.push(
    `**${n(c.incidents)} incidents, ${n(c.playbooks)} playbooks** (seed ${c.seed}, ${formatBytes(c.bytes)} of markdown), ${r.runs} run(s) each, ${r.date.slice(0, 10)}.`,
    `Machine: ${r.machine.nproc} cores (${r.machine.cpu}), ${formatBytes(r.machine.memoryBytes)} RAM, Node ${r.machine.node}, load average ${r.machine.loadAverage.toFixed(2)} at start.`,
    '',
    '| step | wall, median | wall, min – max | CPU (user + sys) | peak RSS (largest process / whole tree) |',
    '| --- | --- | --- | --- | --- |',
  );
  const check = r.check;
  out.push(
    row(
      `\`npm run check\` (${n(check?.files ?? c.files)} files)`,
      check,
      check?.filesPerSecond ? ` (${n(Math.round(check.filesPerSecond))} files/s)` : '',
    ),
  );
  out.push(...buildRows('`npm run build`, cold (check + Astro + Pagefind)', r.build));
  if (r.warmBuild) out.push(...buildRows('`npm run build`, warm cache', r.warmBuild));
  if (r.satteri) out.push(...buildRows('`npm run build`, cold, Sätteri processor', r.satteri));
  if (r.cli) {
    if (r.cli.newIncident || r.cli.import) {
      out.push(row('`new-incident --dry-run --yes --title x`', r.cli.newIncident));
      out.push(row('`import` of one file', r.cli.import));
    }
    const t = r.cli.timeline;
    if (t) out.push(row(`\`timeline add\` of a ${n(t.messages ?? 0)}-message Slack export (${n(t.added ?? 0)} items added)`, t));
  }
  const pc = r.preCommit;
  if (pc) out.push(row(`pre-commit hook, ${pc.staged ?? 0} staged incidents (first run, nothing cached: ${formatMs(pc.firstMs)})`, pc));
  const o = r.output;
  if (o) {
    out.push('', '| output | size |', '| --- | --- |');
    if (o.skipped) out.push(`| all | skipped: ${o.skipped} |`);
    else {
      out.push(`| \`dist/\` | ${formatBytes(o.distBytes)} in ${n(o.distFiles ?? 0)} files |`);
      const p = o.incidentPage;
      out.push(
        `| incident page, median of ${n(o.incidentPages ?? 0)} (HTML + CSS + JS) | ${formatBytes(p?.total?.median)} (${formatBytes(p?.html?.median)} + ${formatBytes(p?.css?.median)} + ${formatBytes(p?.js?.median)}) |`,
      );
      out.push(`| Pagefind bundle (\`dist/pagefind/\`) | ${formatBytes(o.pagefindBytes)} in ${n(o.pagefindFiles ?? 0)} files |`);
      for (const q of o.search?.queries ?? []) {
        out.push(
          `| one search for “${q.query}” on /search/ | ${formatBytes(q.bytes)} as stored, ${formatBytes(q.gzipBytes)} gzipped, in ${q.requests} requests (index data ${formatBytes(q.indexDataBytes)}); first result ${formatMs(q.coldFirstResultMs)} after page load, ${formatMs(q.typedFirstResultMs)} after typing |`,
        );
      }
      for (const q of o.queries ?? []) {
        const parts = Object.entries(q.byKind)
          .map(([k, v]) => `${k} ${formatBytes(v)}`)
          .join(', ');
        out.push(
          `| “${q.query}” through Pagefind's API only, from an incident page (${n(q.results)} results, first ${q.shown} loaded) | ${formatBytes(q.bytes)} in ${q.requests} requests (${parts}) |`,
        );
      }
      if (o.quality) {
        out.push(`| search quality, ${o.quality.exact.queries} queries (expected playbook) | ${qualityCell(o.quality)} |`);
        out.push(`| search quality (any playbook of the theme) | ${qualityCell(o.quality, 'theme')} |`);
        for (const [kind, k] of Object.entries(o.quality.byKind))
          out.push(`| &nbsp;&nbsp;↳ ${kind} (${k.queries}) | top-1 ${pct(k.top1)}, top-3 ${pct(k.top3)}, MRR ${k.mrr.toFixed(3)} |`);
      }
      if (o.heldout)
        out.push(
          `| second query set, ${o.heldout.exact.queries} (search-queries-heldout.json: held out in the first round of tuning, tuned on in the second) | ${qualityCell(o.heldout)}; any playbook of the theme: ${qualityCell(o.heldout, 'theme')} |`,
        );
      if (o.heldout2)
        out.push(
          `| **held-out** query set, ${o.heldout2.exact.queries} (search-queries-heldout-2.json: never tuned on) | ${qualityCell(o.heldout2)}; any playbook of the theme: ${qualityCell(o.heldout2, 'theme')} |`,
        );
      if (o.payload) {
        const parts = Object.entries(o.payload.first.byKind)
          .map(([k, v]) => `${k} ${formatBytes(v)}`)
          .join(', ');
        out.push(
          `| first search on /search/ (“${o.payload.first.query}”), everything, gzipped | ${formatBytes(o.payload.first.gzipBytes)} in ${o.payload.first.requests} requests (${parts}) |`,
        );
        for (const l of o.payload.later)
          out.push(`| &nbsp;&nbsp;then “${l.query}” | ${formatBytes(l.gzipBytes)} in ${l.requests} requests |`);
        if (o.payload.firsts?.length)
          out.push(
            `| the others as the first search of a fresh page | ${o.payload.firsts.map((f) => `“${f.query}” ${formatBytes(f.gzipBytes)}`).join(', ')} |`,
          );
      }
      if (o.queryError) out.push(`| one search | not measured: ${o.queryError} |`);
    }
  }
  if (r.similar)
    out.push(
      '',
      `Similar incidents: \`similarIncidents\` over ${n(r.similar.incidents)} incidents in ${formatMs(r.similar.ms)} (${n(r.similar.withMatches)} with a match; reasons: ${Object.entries(
        r.similar.reasons,
      )
        .map(([k, v]) => `${k} ${n(v)}`)
        .join(', ')}).`,
    );
  const routes = r.build?.routes;
  if (routes?.length) {
    out.push('', '| pages (cold build, run 1) | pages | render time, summed per page | per page |', '| --- | --- | --- | --- |');
    for (const g of routes.slice(0, 10)) out.push(`| \`${g.group}\` | ${n(g.pages)} | ${formatMs(g.ms)} | ${formatMs(g.ms / g.pages)} |`);
  }
  if (r.targets?.length) {
    out.push('', '| target | limit | measured | |', '| --- | --- | --- | --- |');
    for (const t of r.targets) out.push(`| ${t.name} | ${t.limit} | ${t.value} | ${t.met ? 'met' : '**missed**'} |`);
  }
  if (r.notes.length) out.push('', ...r.notes.map((x) => `- ${x}`));
  return `${out.join('\n')}\n`;
}

/** Pass/fail against the targets of issue 8 (and issue 16's timeline import), for the sizes they are set for. */
export function evaluateTargets(r: BenchResult): BenchResult['targets'] {
  const targets: NonNullable<BenchResult['targets']> = [];
  const N = r.corpus.incidents;
  const build = r.build?.wallMs?.median;
  if (N >= 10_000 && build !== undefined) {
    targets.push({ name: `full build, ${n(N)} incidents`, limit: '60 s', value: formatMs(build), met: build < 60_000 });
    const rss = Math.max(r.build?.maxRssBytes?.median ?? 0, r.build?.treeRssBytes?.median ?? 0);
    targets.push({ name: `build peak RSS, ${n(N)} incidents`, limit: '2.5 GB', value: formatBytes(rss), met: rss < 2.5 * 1024 * MB });
  }
  if (N >= 1_000 && N < 10_000 && build !== undefined)
    targets.push({ name: `full build, ${n(N)} incidents`, limit: '10 s', value: formatMs(build), met: build < 10_000 });
  const timeline = r.cli?.timeline;
  if (timeline?.wallMs && timeline.ok)
    targets.push({
      name: `timeline add, ${n(timeline.messages ?? 0)}-message Slack export`,
      limit: '5 s',
      value: formatMs(timeline.wallMs.median),
      met: timeline.wallMs.median < 5_000,
    });
  const check = r.check?.wallMs?.median;
  if (N >= 10_000 && check !== undefined)
    targets.push({ name: `npm run check, ${n(N)} incidents`, limit: '10 s', value: formatMs(check), met: check < 10_000 });
  // Issue 19: search quality at 1,000 and 10,000, and what a visitor's searches fetch at 10,000.
  const quality = r.output?.quality?.exact;
  if (N >= 1_000 && quality) {
    targets.push({ name: `search top-3, ${n(N)} incidents`, limit: '95%', value: pct(quality.top3), met: quality.top3 >= 0.95 });
    targets.push({ name: `search top-1, ${n(N)} incidents`, limit: '85%', value: pct(quality.top1), met: quality.top1 >= 0.85 });
  }
  const payload = r.output?.payload;
  if (N >= 10_000 && payload) {
    targets.push({
      name: `first search on /search/, ${n(N)} incidents, gzipped`,
      limit: '150 KB',
      value: formatBytes(payload.first.gzipBytes),
      met: payload.first.gzipBytes <= 150 * 1024,
    });
    if (payload.firsts?.length) {
      const worstFirst = Math.max(payload.first.gzipBytes, ...payload.firsts.map((f) => f.gzipBytes));
      targets.push({
        name: `first search on /search/, the costliest of the ${payload.firsts.length + 1} bench queries, ${n(N)} incidents, gzipped`,
        limit: '150 KB',
        value: formatBytes(worstFirst),
        met: worstFirst <= 150 * 1024,
      });
    }
    const worst = Math.max(0, ...payload.later.map((l) => l.gzipBytes));
    targets.push({
      name: `each later search, ${n(N)} incidents, gzipped`,
      limit: '60 KB',
      value: formatBytes(worst),
      met: worst <= 60 * 1024,
    });
  }
  return targets;
}

/** One row per corpus size (the latest result for each), for the README. */
export function renderSummary(results: BenchResult[]): string {
  const latest = new Map<number, BenchResult>();
  for (const r of results) {
    const prev = latest.get(r.corpus.incidents);
    if (!prev || prev.date < r.date) latest.set(r.corpus.incidents, r);
  }
  const rows = [...latest.values()].sort((a, b) => a.corpus.incidents - b.corpus.incidents);
  const cell = (m: Measured | undefined) =>
    !m
      ? '–'
      : m.skipped
        ? 'skipped'
        : `${formatMs(m.wallMs?.median)} (CPU ${formatMs(m.cpuMs?.median)}, ${formatBytes(m.maxRssBytes?.median)})${m.ok === false ? ' ⚠ failed' : ''}`;
  const phase = (b: BuildMeasured | undefined, k: Exclude<keyof BuildPhases, 'pagefindStreamed'>) => formatMs(b?.phases?.[k]?.median);
  const header = ['', ...rows.map((r) => `${n(r.corpus.incidents)} incidents`)];
  const lines: string[][] = [
    ['playbooks, markdown', ...rows.map((r) => `${n(r.corpus.playbooks)}, ${formatBytes(r.corpus.bytes)}`)],
    ['runs; load average at start', ...rows.map((r) => `${r.runs}; ${r.machine.loadAverage.toFixed(1)}`)],
    ['`npm run check`: wall (CPU, peak RSS)', ...rows.map((r) => cell(r.check))],
    ['`npm run build`, cold: wall (CPU, peak RSS)', ...rows.map((r) => cell(r.build))],
    ['&nbsp;&nbsp;↳ npm + start-up', ...rows.map((r) => phase(r.build, 'beforeAstroMs'))],
    ['&nbsp;&nbsp;↳ Astro: content sync', ...rows.map((r) => phase(r.build, 'contentSyncMs'))],
    ['&nbsp;&nbsp;↳ Astro: rendering pages', ...rows.map((r) => phase(r.build, 'renderMs'))],
    ['&nbsp;&nbsp;↳ Pagefind', ...rows.map((r) => phase(r.build, 'pagefindMs'))],
    ['`npm run build`, warm cache', ...rows.map((r) => cell(r.warmBuild))],
    ['`npm run build`, cold, Sätteri (no remark plugins)', ...rows.map((r) => cell(r.satteri))],
    ['&nbsp;&nbsp;↳ Astro: content sync', ...rows.map((r) => phase(r.satteri, 'contentSyncMs'))],
    [
      '`dist/`',
      ...rows.map((r) => (r.output?.distBytes ? `${formatBytes(r.output.distBytes)}, ${n(r.output.distFiles ?? 0)} files` : '–')),
    ],
    ['incident page (HTML + CSS + JS), median', ...rows.map((r) => formatBytes(r.output?.incidentPage?.total?.median))],
    ['Pagefind bundle', ...rows.map((r) => formatBytes(r.output?.pagefindBytes))],
    [
      'one search on /search/: fetched (gzipped)',
      ...rows.map((r) => {
        const q = r.output?.search?.queries[0];
        return q ? `${formatBytes(q.bytes)} (${formatBytes(q.gzipBytes)}), “${q.query}”` : '–';
      }),
    ],
    [
      'same search via Pagefind API only',
      ...rows.map((r) => {
        const q = r.output?.queries?.[0];
        return q ? `${formatBytes(q.bytes)}, ${n(q.results)} results` : '–';
      }),
    ],
    ['search quality, expected playbook (top-1, top-3, MRR)', ...rows.map((r) => qualityCell(r.output?.quality))],
    ['search quality, any playbook of the theme', ...rows.map((r) => qualityCell(r.output?.quality, 'theme'))],
    ['/search/: first search, later searches (gzipped, everything)', ...rows.map((r) => payloadCell(r.output?.payload))],
    ['similar incidents, whole corpus', ...rows.map((r) => (r.similar ? formatMs(r.similar.ms) : '–'))],
    ['`new-incident --dry-run`', ...rows.map((r) => cell(r.cli?.newIncident))],
    ['`import` of one file', ...rows.map((r) => cell(r.cli?.import))],
    ['`timeline add`, 5,000-message Slack export', ...rows.map((r) => cell(r.cli?.timeline))],
    ['pre-commit hook, 3 staged incidents', ...rows.map((r) => cell(r.preCommit))],
  ];
  return (
    [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...lines.map((l) => `| ${l.join(' | ')} |`)].join('\n') +
    '\n'
  );
}
