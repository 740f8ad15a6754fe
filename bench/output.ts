/**
 * What the build wrote: total size, the weight of an incident page with the
 * CSS and JS it loads, the Pagefind bundle, and the bytes one search fetches.
 */
import { createReadStream, type Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { summarize, type Summary } from './measure.ts';

export async function dirSize(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return { bytes: 0, files: 0 };
  }
  for (const e of entries) {
    if (!e.isFile()) continue;
    bytes += (await stat(join(e.parentPath, e.name))).size;
    files++;
  }
  return { bytes, files };
}

/** `href`/`src` of the stylesheets and scripts a page loads (site-relative ones only). */
export function pageAssets(html: string): string[] {
  const assets = new Set<string>();
  for (const tag of html.match(/<link\b[^>]*>/gi) ?? []) {
    if (!/\brel=["']?(stylesheet|modulepreload)\b/i.test(tag)) continue;
    const href = tag.match(/\bhref=["']?([^"'\s>]+)/i)?.[1];
    if (href) assets.add(href);
  }
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) {
    const src = tag.match(/\bsrc=["']?([^"'\s>]+)/i)?.[1];
    if (src) assets.add(src);
  }
  // Static imports inside inline module scripts (Astro hoists small scripts inline).
  for (const m of html.matchAll(/\bimport\s*(?:[^'"();]*?\bfrom\s*)?["'](\/[^"']+\.js)["']/g)) assets.add(m[1]);
  return [...assets].filter((a) => a.startsWith('/') && !a.startsWith('//'));
}

export interface PageWeight {
  html: number;
  css: number;
  js: number;
  total: number;
}

/** A page's HTML plus every CSS and JS file it loads up front (each counted once). */
export async function pageWeight(distDir: string, htmlFile: string, sizeCache = new Map<string, number>()): Promise<PageWeight> {
  const html = await readFile(htmlFile, 'utf8');
  const weight: PageWeight = { html: Buffer.byteLength(html), css: 0, js: 0, total: 0 };
  for (const asset of pageAssets(html)) {
    const path = asset.split(/[?#]/)[0];
    let size = sizeCache.get(path);
    if (size === undefined) {
      size = await stat(join(distDir, path)).then(
        (s) => s.size,
        () => 0,
      );
      sizeCache.set(path, size);
    }
    if (path.endsWith('.css')) weight.css += size;
    else if (/\.m?js$/.test(path)) weight.js += size;
  }
  weight.total = weight.html + weight.css + weight.js;
  return weight;
}

/** Median weight over every incident page (`dist/incidents/<id>/index.html`). */
export async function incidentPageWeights(
  distDir: string,
): Promise<{ pages: number; total?: Summary; html?: Summary; css?: Summary; js?: Summary }> {
  const dir = join(distDir, 'incidents');
  const ids = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const cache = new Map<string, number>();
  const weights: PageWeight[] = [];
  for (const d of ids) {
    if (!d.isDirectory()) continue;
    const file = join(dir, d.name, 'index.html');
    if (
      !(await stat(file).then(
        (s) => s.isFile(),
        () => false,
      ))
    )
      continue;
    // Alias and short-id redirect pages live next to the real ones; they are not incident pages.
    const head = (await readFile(file, 'utf8')).slice(0, 2048);
    if (/http-equiv=["']?refresh/i.test(head)) continue;
    weights.push(await pageWeight(distDir, file, cache));
  }
  return {
    pages: weights.length,
    total: summarize(weights.map((w) => w.total)),
    html: summarize(weights.map((w) => w.html)),
    css: summarize(weights.map((w) => w.css)),
    js: summarize(weights.map((w) => w.js)),
  };
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.pagefind': 'application/wasm',
};

export interface Served {
  path: string;
  bytes: number;
}

/** A loopback static server over `root` that logs every byte it sends. */
export async function serveCounting(root: string): Promise<{ url: string; log: Served[]; close(): Promise<void> }> {
  const log: Served[] = [];
  const base = normalize(root + sep);
  const server = createServer(async (req, res) => {
    const urlPath = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0]);
    let file = normalize(join(root, urlPath));
    if (!file.startsWith(base) && file !== normalize(root)) {
      res.writeHead(403).end();
      return;
    }
    let info = await stat(file).catch(() => undefined);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => undefined);
    }
    if (!info?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    log.push({ path: urlPath, bytes: info.size });
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': info.size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, log, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export interface QueryCost {
  query: string;
  results: number;
  /** Bytes fetched from the moment the search starts: Pagefind's JS, WASM, metadata, index chunks and the shown results' fragments. */
  bytes: number;
  requests: number;
  byKind: Record<string, number>;
  /** Result fragments loaded, as the search UI does for the first page of results. */
  shown: number;
}

/**
 * The bytes one search costs a visitor, measured in a real headless Chromium:
 * open an incident page, then load Pagefind, search, and load the first
 * `show` results' data, counting every byte the server sends meanwhile.
 */
export async function measureQueries(
  distDir: string,
  queries: string[],
  {
    chromiumPath = process.env.KB_CHROMIUM ?? '/usr/bin/chromium',
    show = 5,
    pagePath,
  }: { chromiumPath?: string; show?: number; pagePath?: string } = {},
): Promise<QueryCost[]> {
  const { chromium } = await import('playwright-core');
  const server = await serveCounting(distDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  try {
    const first = pagePath ?? (await firstIncidentPath(distDir));
    const costs: QueryCost[] = [];
    for (const query of queries) {
      // A fresh context per query: nothing cached from the previous one.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url + first, { waitUntil: 'load' });
      await page.waitForTimeout(200);
      server.log.length = 0;
      const outcome = await page.evaluate(
        async ({ q, n, entry }) => {
          // The page's own Pagefind bundle (a URL the browser resolves, not a module of ours).
          const pf = await import(entry);
          await pf.init?.();
          const search = await pf.search(q);
          await Promise.all(search.results.slice(0, n).map((r: { data(): Promise<unknown> }) => r.data()));
          return { results: search.results.length, shown: Math.min(n, search.results.length) };
        },
        { q: query, n: show, entry: '/pagefind/pagefind.js' },
      );
      const byKind: Record<string, number> = {};
      for (const s of server.log) {
        const kind = s.path.includes('/fragment/')
          ? 'fragments'
          : s.path.includes('/index/')
            ? 'index chunks'
            : /\.pagefind$|wasm/.test(s.path)
              ? 'wasm'
              : s.path.endsWith('.js')
                ? 'js'
                : 'metadata';
        byKind[kind] = (byKind[kind] ?? 0) + s.bytes;
      }
      costs.push({ query, ...outcome, bytes: server.log.reduce((t, s) => t + s.bytes, 0), requests: server.log.length, byKind });
      await context.close();
    }
    return costs;
  } finally {
    await browser.close();
    await server.close();
  }
}

async function firstIncidentPath(distDir: string): Promise<string> {
  const ids = (await readdir(join(distDir, 'incidents'), { withFileTypes: true }).catch(() => []))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return ids.length ? `/incidents/${ids[0]}/` : '/';
}
