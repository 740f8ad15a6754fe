/**
 * Search performance on a built site: the Pagefind index size on disk, what a browser
 * fetches for one query, and the time to the first result in headless Chromium.
 * A benchmark, not a test (timings vary with the machine).
 *
 *   node bench/search-metrics.ts <dist-dir> [query …]     (npm run bench calls measureSearch)
 *
 * Bytes are counted twice: as stored (Pagefind's .pf_* files are already gzipped)
 * and as a gzip-compressing web server would send them (JS, CSS, wasm compressed).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../tests/helpers/browser.ts';
import { serveStatic } from '../tests/helpers/serve.ts';

export interface IndexSize {
  /** Everything under dist/pagefind/, UI bundles included. */
  totalBytes: number;
  files: number;
  /** The index proper: entry, metadata, word index chunks, filters and page fragments. */
  indexBytes: number;
  fragmentBytes: number;
  fragments: number;
  indexChunks: number;
  pages: number;
}

export interface QueryMetrics {
  query: string;
  results: number;
  /** Result paths, best first (first page of results). */
  top: string[];
  /** Requests under /pagefind/ for this query on a fresh page, in order. */
  requests: { path: string; bytes: number; gzipBytes: number }[];
  /** Bytes fetched from /pagefind/: as stored, and as a gzip-compressing server sends them. */
  bytes: number;
  gzipBytes: number;
  /** Of which the index data (.pf_meta, .pf_index, .pf_filter, .pf_fragment, entry json). */
  indexDataBytes: number;
  /** Milliseconds from navigating to /search/?q=… to the first rendered result. */
  coldFirstResultMs: number;
  /** Milliseconds from typing the query into a loaded /search/ page to the first result. */
  typedFirstResultMs: number;
}

export interface SearchMetrics {
  distDir: string;
  index: IndexSize;
  queries: QueryMetrics[];
}

const INDEX_DATA = /\.(pf_meta|pf_index|pf_filter|pf_fragment)$|pagefind-entry\.json$/;

export function indexSize(distDir: string): IndexSize {
  const root = join(distDir, 'pagefind');
  const files = walk(root);
  let totalBytes = 0;
  let indexBytes = 0;
  let fragmentBytes = 0;
  let fragments = 0;
  let indexChunks = 0;
  for (const file of files) {
    const size = statSync(file).size;
    totalBytes += size;
    if (INDEX_DATA.test(file)) indexBytes += size;
    if (file.endsWith('.pf_fragment')) {
      fragmentBytes += size;
      fragments++;
    }
    if (file.endsWith('.pf_index')) indexChunks++;
  }
  const entry = JSON.parse(readFileSync(join(root, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  const pages = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
  return { totalBytes, files: files.length, indexBytes, fragmentBytes, fragments, indexChunks, pages };
}

export async function measureSearch(distDir: string, queries: string | string[]): Promise<SearchMetrics> {
  const list = Array.isArray(queries) ? queries : [queries];
  const server = await serveStatic(distDir);
  const browser = await launchBrowser();
  const gzipCache = new Map<string, number>();
  const gzipSize = (path: string): number => {
    const file = join(distDir, decodeURIComponent(path.split('?')[0]!));
    if (!gzipCache.has(file)) {
      const data = readFileSync(file);
      // .pf_* files are gzip already; a server does not compress them again.
      gzipCache.set(file, /\.pf_/.test(file) ? data.length : gzipSync(data, { level: 6 }).length);
    }
    return gzipCache.get(file)!;
  };
  try {
    const out: QueryMetrics[] = [];
    for (const query of list) {
      // Cold: a fresh page (and cache-free server) for the saved-search URL.
      const page = await browser.newPage();
      const first = server.requests.length;
      const start = Date.now();
      await page.goto(`${server.url}/search/?q=${encodeURIComponent(query)}`);
      await waitForResult(page, query);
      const coldFirstResultMs = Date.now() - start;
      await page.waitForLoadState('networkidle');
      const requests = server.requests
        .slice(first)
        .filter((r) => r.path.startsWith('/pagefind/') && r.status === 200)
        .map((r) => ({ path: r.path.split('?')[0]!, bytes: r.bytes, gzipBytes: gzipSize(r.path) }));
      const top = await page.$$eval('.kb-result .kb-result__link', (links) =>
        links.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
      );
      const summary = ((await page.locator('[data-kb-summary]').textContent()) ?? '').trim();
      await page.close();

      // Typed: a loaded search page, then the query (includes loading the index).
      const typed = await browser.newPage();
      await typed.goto(`${server.url}/search/`);
      await typed.waitForLoadState('networkidle');
      const input = typed.locator('[data-kb-search-page] input[data-kb-q]');
      await input.click();
      const t0 = Date.now();
      await input.fill(query);
      await waitForResult(typed, query);
      const typedFirstResultMs = Date.now() - t0;
      await typed.close();

      out.push({
        query,
        results: resultCount(summary, query),
        top,
        requests,
        bytes: sum(requests.map((r) => r.bytes)),
        gzipBytes: sum(requests.map((r) => r.gzipBytes)),
        indexDataBytes: sum(requests.filter((r) => INDEX_DATA.test(r.path)).map((r) => r.bytes)),
        coldFirstResultMs,
        typedFirstResultMs,
      });
    }
    return { distDir, index: indexSize(distDir), queries: out };
  } finally {
    await browser.close();
    await server.close();
  }
}

export interface PayloadMetrics {
  /** Everything the browser fetched for /search/?q=<first>: page, scripts, styles, playbook index, Pagefind (gzipped as served). */
  first: { query: string; gzipBytes: number; requests: number; byKind: Record<string, number> };
  /** Each later query typed into the same page: what it fetched on top. */
  later: { query: string; gzipBytes: number; requests: number }[];
  /** Each later query as the first search of a fresh page instead (what it costs a visitor who starts with it). */
  firsts?: { query: string; gzipBytes: number; requests: number }[];
}

/**
 * What one visitor's searches cost on the wire: a fresh /search/?q=… page
 * until its results are on screen and the network is idle (every byte, the
 * HTML included), then each later query typed into the same page.
 */
export async function measurePayload(distDir: string, first: string, later: string[]): Promise<PayloadMetrics> {
  const server = await serveStatic(distDir);
  const browser = await launchBrowser();
  const sizes = gzipSizes(distDir);
  const since = (from: number) => server.requests.slice(from).filter((r) => r.status === 200);
  const kind = (path: string) =>
    /\.pf_index$/.test(path)
      ? 'index chunks'
      : /\.pf_fragment$/.test(path)
        ? 'fragments'
        : /\.pf_filter$/.test(path)
          ? 'filters'
          : /\.pf_meta$|pagefind-entry/.test(path)
            ? 'metadata'
            : /\.pagefind$|\.wasm$/.test(path)
              ? 'wasm'
              : /playbooks\.json$/.test(path)
                ? 'playbook index'
                : /\.js$/.test(path)
                  ? 'js'
                  : /\.css$/.test(path)
                    ? 'css'
                    : 'html';
  try {
    const page = await browser.newPage();
    const start = server.requests.length;
    await page.goto(`${server.url}/search/?q=${encodeURIComponent(first)}`);
    await waitForResult(page, first);
    await page.waitForLoadState('networkidle');
    const got = since(start);
    const byKind: Record<string, number> = {};
    for (const r of got) byKind[kind(r.path)] = (byKind[kind(r.path)] ?? 0) + sizes(r.path);
    const out: PayloadMetrics = {
      first: { query: first, gzipBytes: sum(got.map((r) => sizes(r.path))), requests: got.length, byKind },
      later: [],
    };
    const input = page.locator('[data-kb-search-page] input[data-kb-q]');
    for (const query of later) {
      const from = server.requests.length;
      await input.fill(query);
      await waitForResult(page, query);
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const fetched = since(from);
      out.later.push({ query, gzipBytes: sum(fetched.map((r) => sizes(r.path))), requests: fetched.length });
    }
    await page.close();
    return out;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Bytes a gzip-compressing server sends for a path of the site (Pagefind's .pf_* files are gzip already). */
function gzipSizes(distDir: string): (path: string) => number {
  const cache = new Map<string, number>();
  return (path) => {
    let file = join(distDir, decodeURIComponent(path.split('?')[0]!));
    if (file.endsWith('/')) file = join(file, 'index.html');
    if (!cache.has(file)) {
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch {
        data = readFileSync(join(file, 'index.html'));
      }
      cache.set(file, /\.pf_|\.pagefind$/.test(file) ? data.length : gzipSync(data, { level: 6 }).length);
    }
    return cache.get(file)!;
  };
}

/** Until the results for `query` are on screen (not an earlier listing). */
async function waitForResult(page: import('playwright-core').Page, query: string): Promise<void> {
  await page.waitForFunction(
    (q) =>
      !document.querySelector('[data-kb-results][aria-busy]') &&
      (document.querySelector('[data-kb-summary]')?.textContent ?? '').includes(q) &&
      document.querySelector('.kb-result .kb-result__link') !== null,
    query,
    { timeout: 60_000 },
  );
}

/** The result count in Pagefind's summary, whatever the UI language ("12 results for x", "x에 대한 결과 12건"). */
function resultCount(summary: string, query: string): number {
  return Number(/\d[\d,.]*/.exec(summary.replace(query, ''))?.[0]?.replace(/[,.]/g, '') ?? 0);
}

export function formatSearchMetrics(m: SearchMetrics): string {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  const lines = [
    `Search index (${m.index.pages} pages): ${kb(m.index.indexBytes)} of index data on disk ` +
      `(${m.index.indexChunks} index chunks, ${m.index.fragments} fragments = ${kb(m.index.fragmentBytes)}), ` +
      `${kb(m.index.totalBytes)} with the UI bundles (${m.index.files} files)`,
  ];
  for (const q of m.queries) {
    const byKind = new Map<string, number>();
    for (const r of q.requests) {
      const kind = r.path.match(/\.(pf_\w+|wasm|js|css|json|pagefind)$/)?.[1] ?? 'other';
      byKind.set(kind, (byKind.get(kind) ?? 0) + r.gzipBytes);
    }
    lines.push(
      `"${q.query}": ${q.results} results; fetched ${q.requests.length} files, ${kb(q.gzipBytes)} compressed ` +
        `(${kb(q.bytes)} as stored; index data ${kb(q.indexDataBytes)}); ` +
        [...byKind].map(([k, v]) => `${k} ${kb(v)}`).join(', ') +
        `; first result ${q.coldFirstResultMs} ms from page load, ${q.typedFirstResultMs} ms after typing`,
    );
  }
  return lines.join('\n');
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

if (import.meta.main) {
  const [distDir, ...queries] = process.argv.slice(2);
  if (!distDir) {
    console.error('usage: node bench/search-metrics.ts <dist-dir> [query …]');
    process.exit(2);
  }
  const metrics = await measureSearch(distDir, queries.length ? queries : ['Permission denied (publickey)', 'ssh-agent', '키페어']);
  console.log(formatSearchMetrics(metrics));
  if (process.env.KB_JSON)
    console.log(JSON.stringify({ ...metrics, queries: metrics.queries.map((q) => ({ ...q, requests: q.requests.length })) }, null, 2));
}
