/**
 * Deploy anywhere: a site whose `site.base_url` has a path
 * (https://acme.github.io/kb/, a GitHub Pages project site) is built once and
 * served under /kb/ only. A crawl from /kb/ follows every link, asset, canonical,
 * redirect target, feed item, sitemap entry and JSON `url`, and finds nothing
 * broken; the search page loads Pagefind from /kb/pagefind/ and its results open.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from './helpers/browser.ts';
import { serveStatic, type StaticServer } from './helpers/serve.ts';
import { buildSite, type BuiltSite, TMP } from './helpers/site.ts';

const PUBLIC = 'https://acme.github.io/kb/';
let site: BuiltSite;
let server: StaticServer;

beforeAll(async () => {
  const root = join(TMP, 'subpath-content');
  rmSync(root, { recursive: true, force: true });
  cpSync('tests/fixtures/site-rich', root, { recursive: true });
  // A body link written root-relative, as authors do: it must get the base path too.
  const seed = join(root, 'incidents/2019-02-15-keypair-permission-denied.md');
  writeFileSync(seed, `${readFileSync(seed, 'utf8')}\nSee [the playbook](/playbooks/ssh-permission-denied-publickey/#diagnosis).\n`);
  // The base URL as GitHub Pages' deploy workflow gives it (.github/workflows/pages.yml): from the
  // environment, without a trailing slash, over the fixture's own `site.base_url`.
  site = await buildSite(root, 'site-subpath', { KB_BUILD_DATE: '2025-06-15', KB_BASE_URL: PUBLIC.replace(/\/$/, '') });
  server = await serveStatic(site.outDir, { prefix: '/kb/' });
});
afterAll(() => server?.close());

/** Every URL a page points at (links, assets, scripts, canonical, refresh targets), resolved against the page. */
function linksOf(html: string, pageUrl: string): string[] {
  const found = [...html.matchAll(/\s(?:href|src|content|action)="([^"]+)"/g)].map((m) =>
    m[1].replace(/&amp;/g, '&').replace(/^0;url=/, ''),
  );
  // Pagefind's bundle folder: the search page loads pagefind.js and its index from it.
  for (const m of html.matchAll(/bundle-path="([^"]+)"/g)) found.push(`${m[1]}pagefind.js`, `${m[1]}pagefind-entry.json`);
  return found.filter((u) => /^(?:\/|\.{1,2}\/|https?:\/\/acme\.github\.io\/|[a-z0-9-]+\/)/i.test(u)).map((u) => new URL(u, pageUrl).href);
}

describe('a site served under a sub-path', () => {
  it('every link, asset, canonical, redirect, feed item, sitemap entry and JSON url resolves (crawl from /kb/)', async () => {
    const local = (u: string) => u.replace(PUBLIC, `${server.url}/kb/`).replace(/#.*$/, '');
    const queue = [`${server.url}/kb/`, `${server.url}/kb/feed.xml`, `${server.url}/kb/sitemap.xml`, `${server.url}/kb/api/incidents.json`];
    const seen = new Set<string>();
    const broken: string[] = [];
    while (queue.length) {
      const u = local(queue.shift()!);
      if (seen.has(u) || !u.startsWith(server.url)) continue;
      seen.add(u);
      const res = await fetch(u);
      if (res.status !== 200) {
        broken.push(`${res.status} ${u.slice(server.url.length)}`);
        continue;
      }
      const type = res.headers.get('content-type') ?? '';
      if (!/html|xml|json/.test(type)) continue;
      const body = await res.text();
      if (type.includes('json')) for (const m of body.matchAll(/"url": "([^"]+)"/g)) queue.push(m[1]);
      else if (type.includes('xml')) for (const m of body.matchAll(/<(?:loc|link)>([^<]+)<\/(?:loc|link)>/g)) queue.push(m[1]);
      else queue.push(...linksOf(body, u));
    }
    expect(broken).toEqual([]);
    expect(seen.size).toBeGreaterThan(60);
    expect(site.read('search/index.html')).toContain('data-kb-bundle="/kb/pagefind/"');
    expect([...seen].some((u) => u.includes('/kb/i/INC-'))).toBe(false); // short links are text, not links
  });

  it('links inside content get the base path too', () => {
    expect(site.read('incidents/INC-2019-001/index.html')).toContain('href="/kb/playbooks/ssh-permission-denied-publickey/#diagnosis"');
    expect(site.read('i/INC-2019-001/index.html')).toContain('url=/kb/incidents/INC-2019-001/');
    expect(site.json<{ incidents: { url: string }[] }>('api/incidents.json').incidents[0].url).toMatch(
      /^https:\/\/acme\.github\.io\/kb\/incidents\//,
    );
  });

  it('search works under /kb/ in Chromium, and a result opens its page', async () => {
    const browser: TestBrowser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on('response', (r) => void (r.status() >= 400 && failed.push(`${r.status()} ${r.url()}`)));
      await page.goto(`${server.url}/kb/search/?q=replica`);
      const first = page.locator('.kb-result .kb-result__link').first();
      await first.waitFor({ timeout: 15_000 });
      const href = await first.getAttribute('href');
      expect(href).toMatch(/^\/kb\/(incidents|playbooks)\//);
      await first.click();
      await page.waitForURL(/\/kb\/(incidents|playbooks)\//);
      expect(failed).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
