/**
 * End to end, in a real browser: build the search fixture (the Korean seed incident,
 * the SSH playbook, one more Korean and three English incidents), serve dist/ on a
 * loopback port, and drive Debian's Chromium through search, filters, links,
 * keyboard shortcuts, the incident list filters and the redirects.
 */
import { appendFileSync, cpSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { serveStatic, type StaticServer } from '../helpers/serve.ts';
import { buildSite, ROOT, type BuiltSite } from '../helpers/site.ts';

const PLAYBOOK = '/playbooks/ssh-permission-denied-publickey/';
const SEED = '/incidents/INC-2019-001/';
const KO_PERMISSIONS = '/incidents/INC-2023-004/';
const BASTION = '/incidents/INC-2024-012/';
const CHECKOUT = '/incidents/INC-2024-007/'; // English, SEV2; links the SSH playbook, so it matches `ssh`
const ERROR = 'Permission denied (publickey,gssapi-keyex,gssapi-with-mic)';
const ARTIFACTS = join(ROOT, 'tests/artifacts');

let site: BuiltSite;
let server: StaticServer;
let browser: TestBrowser;

beforeAll(async () => {
  site = await buildSite('tests/fixtures/search', 'e2e-search');
  server = await serveStatic(site.outDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path: string, from: StaticServer = server): Promise<Page> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(from.url + path);
  (page as Page & { errors: string[] }).errors = errors;
  return page;
}

/** Result paths in order, once Pagefind has answered for `query` and loaded the top results. */
async function results(page: Page, query: string): Promise<string[]> {
  const firstPage = 5;
  await page.waitForFunction(
    ([q, firstPage]) => {
      if (document.querySelector('[data-kb-results][aria-busy]')) return false;
      const summary = document.querySelector('[data-kb-summary]')?.textContent ?? '';
      if (!summary.includes(q)) return false;
      const total = Number(/(\d+)\s+result/.exec(summary)?.[1] ?? (/\bno results?\b/i.test(summary) ? 0 : NaN));
      if (Number.isNaN(total)) return false;
      // Results render one by one as their data arrives: wait for the whole first page (5), not just
      // the first few, or a slow fragment makes the list look short.
      return document.querySelectorAll('.kb-result .kb-result__link').length >= Math.min(total, firstPage);
    },
    [query, firstPage] as const,
    { timeout: 20_000 },
  );
  // The summary can name the new query while the list still changes (the previous results going, the
  // new ones arriving one by one, a relaxed search replacing a strict one): read it until it holds still.
  const read = () =>
    page.$$eval('.kb-result .kb-result__link', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
  let shown = await read();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(250);
    const again = await read();
    if (again.join() === shown.join()) break;
    shown = again;
  }
  return shown;
}

/** Type into the search page's field, as a person would. */
async function typeQuery(page: Page, query: string): Promise<string[]> {
  const input = page.locator('[data-kb-search-page] input[data-kb-q]');
  await input.click();
  // fill() sends one input event with the whole text, as an IME does when it commits Hangul.
  await input.fill(query);
  return results(page, query);
}

describe('search index', () => {
  it('is one index for Korean and English pages, built from the content area only', () => {
    const entry = site.json<{ languages: Record<string, { page_count: number }> }>('/pagefind/pagefind-entry.json');
    expect(Object.keys(entry.languages)).toEqual(['en']);
    // 5 incidents + 1 playbook carry data-pagefind-body; lists, tags, stats and redirects do not.
    expect(entry.languages.en!.page_count).toBe(6);
    expect(site.read('/incidents/INC-2019-001/index.html')).toMatch(/<html lang="ko"/);
    // The pages reached Pagefind from the build-time middleware while Astro rendered, not from disk afterwards.
    expect(stripVTControlCharacters(site.stdout)).toMatch(/\[kb:pagefind\] Indexed 6 pages while they were rendered/);
  });
});

describe('search page', () => {
  it('finds the SSH playbook first and the seed incident next for the pasted error string', async () => {
    const page = await open('/search/');
    const found = await typeQuery(page, ERROR);
    expect(found.slice(0, 2)).toEqual([PLAYBOOK, SEED]);
    const facts = await page.locator('.kb-result').nth(1).locator('.kb-result__facts').textContent();
    // Results show type, id, severity and date.
    expect(facts).toMatch(/Incident/i);
    expect(facts).toContain('INC-2019-001');
    expect(facts).toContain('SEV3');
    expect(facts).toContain('2019-02-15');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'search-results.png'), fullPage: true });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('finds the incidents whose root cause was ssh-agent for `ssh-agent`', async () => {
    const page = await open('/search/');
    const found = await typeQuery(page, 'ssh-agent');
    expect(found[0]).toBe(SEED);
    expect(found).toEqual(expect.arrayContaining([SEED, PLAYBOOK, BASTION]));
    await page.close();
  });

  it('finds 키페어 in pages that write 키페어가 and 키 페어 (spaced), from an English UI', async () => {
    const page = await open('/search/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const found = await typeQuery(page, '키페어');
    expect(found.slice(0, 2).sort()).toEqual([SEED, KO_PERMISSIONS].sort());
    await page.close();
  });

  it('finds 권한이 for the stem 권한, best match first', async () => {
    const page = await open('/search/');
    const found = await typeQuery(page, '권한');
    expect(found[0]).toBe(KO_PERMISSIONS);
    expect(found).toContain(PLAYBOOK); // "…내용과 권한을 점검한다"
    await page.close();
  });

  it('puts the playbook first for part of its symptom, ahead of the incidents that quote it', async () => {
    const page = await open('/search/');
    // "debug1: No more authentication methods to try." is a symptom of the playbook; the seed incident quotes it too.
    expect((await typeQuery(page, 'No more authentication methods'))[0]).toBe(PLAYBOOK);
    // A whole log line that contains a symptom, host and all.
    expect((await typeQuery(page, 'centos@10.0.45.159: Permission denied (publickey).'))[0]).toBe(PLAYBOOK);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('finds the English playbook for a Korean question that shares none of its words, through the glossary', async () => {
    const page = await open('/search/');
    // 접근 → permission, 거절 → denied, 키 → publickey/keypair: no word of the query is on the playbook page as written.
    expect((await typeQuery(page, '키로 들어가려니 접근 거절됨'))[0]).toBe(PLAYBOOK);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('normalises Korean at query time: 키페어가 and 권한이 find what 키페어 and 권한 find', async () => {
    const page = await open('/search/');
    const search = (q: string) =>
      page.evaluate(async (q) => (await window.kbSearch!(q)).map((r) => new URL(r.url, location.href).pathname), q);
    await page.waitForFunction(() => typeof window.kbSearch === 'function');
    expect(await search('키페어가')).toEqual(await search('키페어'));
    expect(await search('권한이')).toEqual(await search('권한'));
    expect((await typeQuery(page, '키페어가')).slice(0, 2).sort()).toEqual([SEED, KO_PERMISSIONS].sort());
    await page.close();
  });

  it('loads no filter chunk, and no worker, until the filters are used', async () => {
    const before = server.requests.length;
    const page = await open(`/search/?q=${encodeURIComponent(ERROR)}`);
    await results(page, ERROR);
    await page.waitForLoadState('networkidle');
    const fetched = server.requests.slice(before).map((r) => r.path);
    expect(fetched.some((p) => p.includes('/pagefind/index/'))).toBe(true);
    expect(fetched.filter((p) => p.endsWith('.pf_filter') || p.endsWith('pagefind-worker.js'))).toEqual([]);
    expect(fetched).toContain('/search/playbooks.json');
    await page.close();
  });

  it('narrows the results with a severity filter, and keeps it in the URL', async () => {
    const page = await open('/search/');
    const all = await typeQuery(page, 'ssh');
    expect(all.sort()).toEqual([SEED, PLAYBOOK, KO_PERMISSIONS, BASTION, CHECKOUT].sort());

    const severity = page.locator('[data-kb-filter="severity"]');
    await severity.locator('summary').click();
    await severity.getByRole('checkbox', { name: /SEV2/ }).check();
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('severity').includes('SEV2'));
    await page.keyboard.press('Escape');
    expect(await severity.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await severity.locator('[data-kb-filter-chosen]').textContent()).toBe('SEV2');
    const narrowed = await results(page, 'ssh');
    expect(narrowed.sort()).toEqual([BASTION, KO_PERMISSIONS, CHECKOUT].sort());
    expect(new URL(page.url()).search).toBe('?q=ssh&severity=SEV2');
    await page.close();
  });

  it('runs a saved search from the URL: query, filters and order', async () => {
    const page = await open('/search/?q=ssh&type=incident&sort=date:desc');
    const found = await results(page, 'ssh');
    expect(found).not.toContain(PLAYBOOK);
    expect(found).toEqual([BASTION, CHECKOUT, KO_PERMISSIONS, SEED]);
    expect(await page.locator('[data-kb-search-page] input[data-kb-q]').inputValue()).toBe('ssh');
    expect(await page.locator('select[data-kb-sort]').inputValue()).toBe('date:desc');

    // Filters without a query list everything that matches them.
    await page.goto(`${server.url}/search/?severity=SEV1`);
    await page.waitForFunction(() => document.querySelectorAll('.kb-result .kb-result__link').length > 0);
    const sev1 = await page.$$eval('.kb-result .kb-result__link', (links) =>
      links.map((a) => new URL((a as HTMLAnchorElement).href).pathname),
    );
    expect(sev1).toEqual(['/incidents/INC-2022-001/']);
    await page.close();
  });

  it('opens a result, and a section link lands on the section', async () => {
    const page = await open(`/search/?q=${encodeURIComponent(ERROR)}`);
    await results(page, ERROR);
    await Promise.all([page.waitForURL(server.url + PLAYBOOK), page.locator('.kb-result .kb-result__link').first().click()]);
    expect(await page.locator('h1').first().textContent()).toContain('Permission denied (publickey)');

    await page.goto(`${server.url}/search/?q=ssh-agent`);
    await results(page, 'ssh-agent');
    const section = page.locator('.kb-result').first().locator('a.kb-result__section').first();
    const href = (await section.getAttribute('href'))!;
    expect(href).toMatch(new RegExp(`^${SEED}#[a-z0-9-]+$`));
    await Promise.all([page.waitForURL(server.url + href), section.click()]);
    const id = decodeURIComponent(href.split('#')[1]!);
    const inView = await page.evaluate((id) => {
      const el = document.getElementById(id);
      if (!el) return false;
      const box = el.getBoundingClientRect();
      return box.top >= -1 && box.top < window.innerHeight / 2;
    }, id);
    expect(inView).toBe(true);
    await page.close();
  });

  it('is keyboard-accessible: arrow down from the field to the results, Enter opens one', async () => {
    const page = await open('/search/');
    await typeQuery(page, ERROR);
    await page.keyboard.press('ArrowDown');
    const focused = await page.evaluate(() => (document.activeElement as HTMLAnchorElement | null)?.getAttribute('href'));
    expect(focused).toBe(PLAYBOOK);
    await Promise.all([page.waitForURL(server.url + PLAYBOOK), page.keyboard.press('Enter')]);
    await page.close();
  });

  it('says that search needs JavaScript, and links to the incident list, when scripts are off', async () => {
    const noJs = await launchBrowser({ javaScript: false });
    try {
      const page = await noJs.newPage();
      await page.goto(`${server.url}/search/`);
      const notice = page.locator('[data-kb-noscript]');
      await expect(notice.isVisible()).resolves.toBe(true);
      expect(await notice.textContent()).toMatch(/JavaScript/);
      expect(await notice.locator('a').getAttribute('href')).toBe('/incidents/');
      expect(await page.locator('[data-kb-search-page]').isVisible()).toBe(false);
    } finally {
      await noJs.close();
    }
  });
});

describe('header search box', () => {
  it('is focused by / and by Ctrl-K on any page, and submits to the search page', async () => {
    const page = await open(SEED);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kb-q');
    // The slash was a shortcut, not typed text.
    expect(await page.inputValue('#kb-q')).toBe('');

    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await page.keyboard.press('Control+k');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('kb-q');

    await page.keyboard.insertText('ssh-agent');
    await Promise.all([page.waitForURL(/\/search\/\?q=ssh-agent$/), page.keyboard.press('Enter')]);
    expect((await results(page, 'ssh-agent'))[0]).toBe(SEED);
    await page.close();
  });

  it('leaves / alone in another field, and focuses the page field on /search/', async () => {
    const page = await open('/search/?q=ssh');
    await results(page, 'ssh');
    await page.locator('select[data-kb-sort]').focus();
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SELECT');
    await page.evaluate(() => (document.activeElement as HTMLElement).blur());
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.matches('[data-kb-search-page] input[data-kb-q]') ?? false)).toBe(true);
    expect(await page.locator('#kb-q').count()).toBe(0);
    await page.close();
  });
});

describe('older incidents: a second index, searched when asked', () => {
  // The same content with `search.recent_incidents: 2`: the first index holds the playbook and the
  // two newest incidents (INC-2024-012, INC-2024-007); the archive the three older ones.
  const OLDER = ['/incidents/INC-2023-004/', '/incidents/INC-2022-001/', SEED];
  let tiered: BuiltSite;
  let tieredServer: StaticServer;
  beforeAll(async () => {
    const content = join(tmpdir(), 'search-tiered');
    cpSync(join(ROOT, 'tests/fixtures/search'), content, { recursive: true });
    appendFileSync(join(content, 'kb.config.yaml'), '\nsearch:\n  recent_incidents: 2\n');
    tiered = await buildSite(content, 'e2e-search-tiered');
    tieredServer = await serveStatic(tiered.outDir);
  });
  afterAll(async () => {
    await tieredServer?.close();
  });
  const archiveRequests = (from: number) => tieredServer.requests.slice(from).filter((r) => r.path.includes('/pagefind/archive/'));

  it("writes the older incidents to /pagefind/archive/, index data with its own script and wasm, without Pagefind's UI", () => {
    const pages = (p: string) =>
      Object.values(tiered.json<{ languages: Record<string, { page_count: number }> }>(p).languages)[0]?.page_count;
    expect(pages('/pagefind/pagefind-entry.json')).toBe(3);
    expect(pages('/pagefind/archive/pagefind-entry.json')).toBe(3);
    expect(tiered.read('/pagefind/archive/pagefind.js')).toContain('createInstance');
    expect(() => tiered.read('/pagefind/archive/pagefind-component-ui.js')).toThrow();
    expect(tiered.read('/incidents/INC-2019-001/index.html')).toContain('data-kb-index="archive"');
    expect(tiered.read('/incidents/INC-2024-012/index.html')).not.toContain('data-kb-index');
  });

  it('searches the playbooks and the newest incidents first, and the older ones at one click', async () => {
    const before = tieredServer.requests.length;
    const page = await open('/search/?q=ssh', tieredServer);
    const recent = await results(page, 'ssh');
    expect(recent.sort()).toEqual([PLAYBOOK, BASTION, CHECKOUT].sort());
    await page.waitForLoadState('networkidle');
    expect(archiveRequests(before)).toEqual([]);
    expect(await page.locator('[data-kb-scope]').textContent()).toMatch(
      /2 newest incidents[\s\S]*3 older incidents \(started on or before 2023-06-12\)/,
    );

    // After the last result of the first index: "More results from older incidents".
    await page.locator('button[data-kb-older-end]').click();
    await page.waitForURL(/older=1/);
    const all = await results(page, 'ssh');
    expect(all.sort()).toEqual([PLAYBOOK, BASTION, CHECKOUT, SEED, KO_PERMISSIONS].sort());
    expect(new URL(page.url()).search).toBe('?q=ssh&older=1');
    expect(await page.locator('[data-kb-scope]').textContent()).toMatch(/every incident/);
    expect(archiveRequests(before).length).toBeGreaterThan(0);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('searches the older incidents by itself when the newest have no incident for the query', async () => {
    const page = await open('/search/', tieredServer);
    // Only the two Korean incidents, both archived, say 키페어 or 권한.
    const found = await typeQuery(page, '키페어');
    expect(found).toContain(SEED);
    expect(new URL(page.url()).searchParams.get('older')).toBe('1');
    await page.close();
  });

  it('orders by date across both indexes, and lists by filter from both', async () => {
    const page = await open('/search/?q=ssh&type=incident&sort=date:asc', tieredServer);
    expect(await results(page, 'ssh')).toEqual([SEED, KO_PERMISSIONS, CHECKOUT, BASTION]);
    await page.goto(`${tieredServer.url}/search/?q=ssh&type=incident&sort=date:desc`);
    expect(await results(page, 'ssh')).toEqual([BASTION, CHECKOUT, KO_PERMISSIONS, SEED]);
    await page.goto(`${tieredServer.url}/search/?severity=SEV1`);
    await page.waitForFunction(() => document.querySelectorAll('.kb-result .kb-result__link').length > 0);
    expect(
      await page.$$eval('.kb-result .kb-result__link', (links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname)),
    ).toEqual([OLDER[1]]);
    // The facets count both indexes.
    await page.locator('[data-kb-filter="year"] summary').click();
    await page.getByRole('checkbox', { name: /2019/ }).waitFor();
    await page.close();
  });
});

describe('incidents like this one', () => {
  it('lists earlier incidents that share the playbook, with the reason, on the page and in its API record', async () => {
    const page = await open(KO_PERMISSIONS);
    const item = page.locator('#similar ~ .kb-similar [data-similar="INC-2019-001"]');
    await expect(item.count()).resolves.toBe(1);
    expect(await item.locator('[data-similar-reason]').textContent()).toMatch(/same|같은/);
    expect(await item.locator('a[data-similar-link]').getAttribute('href')).toBe(SEED);
    // Only the past: the seed incident (2019) lists nothing from after it.
    expect(site.read('/incidents/INC-2019-001/index.html')).not.toContain('data-similar=');
    const api = site.json<{ similar: { id: string; reason: { kind: string } }[] }>('/api/incidents/INC-2023-004.json');
    expect(api.similar.map((m) => m.id)).toContain('INC-2019-001');
    await page.close();
  });
});

describe('incident list filters (site contract)', () => {
  it('filters the rows from the URL: /incidents/?severity=SEV2&service=ssh', async () => {
    const page = await open('/incidents/?severity=SEV2&service=ssh');
    await page.waitForFunction(() => document.querySelectorAll('[data-incident-row][hidden]').length > 0);
    const visible = await page.$$eval('[data-incident-row]:not([hidden])', (rows) => [
      ...new Set(rows.map((r) => (r as HTMLElement).dataset.id)),
    ]);
    expect(visible.sort()).toEqual(['INC-2023-004', 'INC-2024-012']);
    const hidden = await page.$$eval('[data-incident-row][hidden]', (rows) => rows.map((r) => (r as HTMLElement).dataset.severity));
    expect(hidden.length).toBeGreaterThan(0);
    await page.close();
  });
});

describe('redirects', () => {
  it.each([
    ['/i/INC-2019-001/', SEED],
    ['/i/INC-2023-004/', KO_PERMISSIONS],
    ['/incidents/2019-02-15-keypair-permission-denied/', SEED],
    ['/i/deploy-key-permissions/', KO_PERMISSIONS],
  ])('%s lands on %s', async (from, to) => {
    const page = await open(from);
    await page.waitForURL(server.url + to);
    expect(await page.locator('h1').first().textContent()).not.toBe('');
    await page.close();
  });
});
