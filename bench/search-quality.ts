/**
 * Search quality on a built bench site: the hand-written queries of
 * `bench/search-queries.json`, each with the playbook that should come first,
 * searched in headless Chromium through the search page's own ranking code
 * (`window.kbSearch`, the function the page's results come from), and scored
 * as top-1 and top-3 hit rates and mean reciprocal rank.
 *
 *   node bench/search-quality.ts <dist-dir>       (npm run bench calls measureSearchQuality)
 *
 * A site built before `kbSearch` existed is searched the way its page searched:
 * Pagefind's API with the ranking the page configured (so "before" figures come
 * from the same harness).
 */
import { readFileSync } from 'node:fs';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { serveStatic } from '../tests/helpers/serve.ts';
import { THEMES } from './taxonomy.ts';

export interface QualityQuery {
  q: string;
  /** The page that should come first (a playbook URL). */
  expect: string;
  kind: string;
  note?: string;
}

export interface QualityScore {
  queries: number;
  /** Share of queries whose expected page is first / in the first three (0–1). */
  top1: number;
  top3: number;
  /** Mean of 1/rank of the expected page (0 when it is not in the first `RANKED`). */
  mrr: number;
}

export interface QualityResult {
  /** The expected page exactly. */
  exact: QualityScore;
  /** Any playbook of the expected page's theme (variants share its symptoms; see search-queries.md). */
  theme: QualityScore;
  byKind: Record<string, QualityScore>;
  /** Queries whose expected page was not first, with what came first. */
  misses: { q: string; kind: string; expect: string; rank: number; top: string[] }[];
  /** Median milliseconds from the call to ranked results (index loading excluded: warm). */
  medianMs: number;
  /** `kbSearch` (the page's ranking) or `pagefind` (a site built before it). */
  via: 'kbSearch' | 'pagefind';
}

/** How many results are ranked per query (MRR counts 1/rank within these). */
export const RANKED = 10;

const QUERIES_FILE = new URL('./search-queries.json', import.meta.url);
/** Queries written by a reviewer who saw only the playbook list, after the first round of tuning; the second round was tuned on them (search-queries.md). */
export const HELDOUT_QUERIES_FILE = new URL('./search-queries-heldout.json', import.meta.url);
/** Queries written by another reviewer who saw only the playbook list, never tuned on: the check that the ranking generalises. */
export const HELDOUT_2_QUERIES_FILE = new URL('./search-queries-heldout-2.json', import.meta.url);

export function loadQualityQueries(file: URL | string = QUERIES_FILE): QualityQuery[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { queries: QualityQuery[] }).queries;
}

/** The failure theme of a playbook URL: `/playbooks/dns-resolution-failure-aws/` → `dns-resolution-failure`. */
export function themeOf(path: string): string | undefined {
  const id = /^\/playbooks\/([^/]+)\/$/.exec(path)?.[1];
  if (!id) return undefined;
  return THEMES.map((t) => t.key)
    .filter((key) => id === key || id.startsWith(`${key}-`))
    .sort((a, b) => b.length - a.length)[0];
}

/** 1-based rank of the first result that `hit` accepts, or 0. */
function rankOf(results: string[], hit: (path: string) => boolean): number {
  const i = results.slice(0, RANKED).findIndex(hit);
  return i + 1;
}

function score(ranks: number[]): QualityScore {
  const n = ranks.length || 1;
  return {
    queries: ranks.length,
    top1: ranks.filter((r) => r === 1).length / n,
    top3: ranks.filter((r) => r >= 1 && r <= 3).length / n,
    mrr: ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / n,
  };
}

/** Pure: the scores of ranked result paths (one list per query, in query order). */
export function scoreQuality(queries: QualityQuery[], results: string[][]): Omit<QualityResult, 'medianMs' | 'via'> {
  const exact: number[] = [];
  const theme: number[] = [];
  const kinds = new Map<string, number[]>();
  const misses: QualityResult['misses'] = [];
  queries.forEach((query, i) => {
    const found = results[i] ?? [];
    const r = rankOf(found, (p) => p === query.expect);
    const wanted = themeOf(query.expect);
    exact.push(r);
    theme.push(rankOf(found, (p) => wanted !== undefined && themeOf(p) === wanted));
    kinds.set(query.kind, [...(kinds.get(query.kind) ?? []), r]);
    if (r !== 1) misses.push({ q: query.q, kind: query.kind, expect: query.expect, rank: r, top: found.slice(0, 3) });
  });
  return {
    exact: score(exact),
    theme: score(theme),
    byKind: Object.fromEntries([...kinds].map(([k, ranks]) => [k, score(ranks)])),
    misses,
  };
}

/** Search every query on the built site in `distDir`, through its /search/ page, and score the results. */
export async function measureSearchQuality(distDir: string, queries = loadQualityQueries()): Promise<QualityResult> {
  const server = await serveStatic(distDir);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/search/`);
    await page.waitForLoadState('networkidle');
    const out = await page.evaluate(
      async ({ list, ranked }) => {
        type Ranked = { url: string }[];
        const w = window as unknown as {
          kbSearch?: (q: string) => Promise<Ranked>;
          PagefindComponents?: {
            getInstanceManager(): {
              getInstance(name: string): {
                triggerLoad(): Promise<void>;
                __pagefind__: { search(q: string): Promise<{ results: { data(): Promise<{ url: string }> }[] }> };
              };
            };
          };
        };
        let search: (q: string) => Promise<string[]>;
        let via: 'kbSearch' | 'pagefind';
        if (w.kbSearch) {
          const own = w.kbSearch;
          via = 'kbSearch';
          search = async (q) => (await own(q)).slice(0, ranked).map((r) => new URL(r.url, location.href).pathname);
        } else {
          // Before kbSearch: the Component UI's own Pagefind instance, configured by the page.
          const instance = w.PagefindComponents!.getInstanceManager().getInstance('default');
          await instance.triggerLoad();
          via = 'pagefind';
          search = async (q) => {
            const { results } = await instance.__pagefind__.search(q);
            const data = await Promise.all(results.slice(0, ranked).map((r) => r.data()));
            return data.map((d) => new URL(d.url, location.href).pathname);
          };
        }
        // One warm-up search loads the index metadata, so the timings below are per query.
        await search('warm up');
        const results: string[][] = [];
        const times: number[] = [];
        for (const q of list) {
          const t0 = performance.now();
          results.push(await search(q));
          times.push(performance.now() - t0);
        }
        return { results, times, via };
      },
      { list: queries.map((q) => q.q), ranked: RANKED },
    );
    await page.close();
    const times = [...out.times].sort((a, b) => a - b);
    return { ...scoreQuality(queries, out.results), medianMs: times[Math.floor(times.length / 2)] ?? 0, via: out.via };
  } finally {
    await browser.close();
    await server.close();
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatQuality(r: QualityResult): string {
  const line = (label: string, s: QualityScore) =>
    `${label}: top-1 ${pct(s.top1)}, top-3 ${pct(s.top3)}, MRR ${s.mrr.toFixed(3)} (${s.queries} queries)`;
  return [
    `Search quality via ${r.via} (median ${r.medianMs.toFixed(0)} ms a query)`,
    line('expected playbook', r.exact),
    line('any playbook of its theme', r.theme),
    ...Object.entries(r.byKind).map(([k, s]) => line(`  ${k}`, s)),
    ...r.misses.map((m) => `  miss (rank ${m.rank || '>10'}) ${m.kind}: "${m.q}" → ${m.top.join(' ')}`),
  ].join('\n');
}

if (import.meta.main) {
  const [distDir] = process.argv.slice(2);
  if (!distDir) {
    console.error('usage: node bench/search-quality.ts <dist-dir>');
    process.exit(2);
  }
  const result = await measureSearchQuality(distDir);
  console.log(formatQuality(result));
  if (process.env.KB_JSON) console.log(JSON.stringify(result, null, 2));
}
