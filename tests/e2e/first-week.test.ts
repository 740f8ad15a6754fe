/**
 * A new team's first week, in a real browser.
 *
 * 1. An empty content root (just `incidents/` and `playbooks/`) builds, and its
 *    site has friendly empty states and a search that answers "no results".
 *    Then the seed post-mortem is imported (undated: a valid draft) and a new
 *    incident scaffolded: the build still passes.
 * 2. The rich fixture, read on a phone (390 px) and a laptop (1280 px), in the
 *    light and the dark theme: record tables are stacked cards on the phone, no
 *    word breaks mid-word, every text (search highlights included) meets WCAG
 *    AA contrast, the favicon is served, the list filters show what the URL
 *    asks for and say so when nothing matches.
 *
 * Screenshots of the home, incident, action-item and search pages at both widths
 * in both themes go to tests/artifacts/first-week/.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { serveStatic, type StaticServer } from '../helpers/serve.ts';
import { buildSite, ROOT, TMP, type BuiltSite } from '../helpers/site.ts';
import { GIT_USER } from '../fixtures/scaffold/harness.ts';

const run = promisify(execFile);
const ARTIFACTS = join(ROOT, 'tests/artifacts/first-week');
const WIDTHS = [390, 1280] as const;
const THEMES = ['light', 'dark'] as const;
const INCIDENT = '/incidents/INC-2024-007/'; // timeline, whys, action items, code, a linked playbook
const PAGES = ['/', '/incidents/', INCIDENT, '/action-items/', '/playbooks/', '/playbooks/postgres-replica-lag/', '/stats/'];

let browser: TestBrowser;
let rich: BuiltSite;
let richServer: StaticServer;

beforeAll(async () => {
  rich = await buildSite('tests/fixtures/site-rich', 'e2e-first-week-rich', { KB_BUILD_DATE: '2025-06-15' });
  richServer = await serveStatic(rich.outDir);
  browser = await launchBrowser();
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await richServer?.close();
});

interface Opened {
  page: Page;
  errors: string[];
}

async function open(server: StaticServer, path: string, width = 1280, theme: 'light' | 'dark' = 'light'): Promise<Opened> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.setViewportSize({ width, height: 860 });
  await page.emulateMedia({ colorScheme: theme });
  await page.goto(server.url + path, { waitUntil: 'load' });
  return { page, errors };
}

/** Run the search page for `query` and wait until its results (or "no results") are shown. */
async function searchFor(server: StaticServer, query: string, width = 1280, theme: 'light' | 'dark' = 'light'): Promise<Opened> {
  const opened = await open(server, `/search/?q=${encodeURIComponent(query)}`, width, theme);
  await opened.page.waitForFunction(
    (q) => {
      if (document.querySelector('[data-kb-results][aria-busy]')) return false;
      const summary = document.querySelector('[data-kb-summary]')?.textContent ?? '';
      if (!summary.includes(q)) return false;
      return /\bno results?\b/i.test(summary) || document.querySelectorAll('.kb-result .kb-result__link').length > 0;
    },
    query,
    { timeout: 30_000 },
  );
  return opened;
}

describe('1. start empty, then import and scaffold', () => {
  const root = join(TMP, 'first-week-root');
  let empty: BuiltSite;
  let server: StaticServer;

  beforeAll(async () => {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, 'incidents'), { recursive: true });
    mkdirSync(join(root, 'playbooks'), { recursive: true });
    empty = await buildSite(root, 'e2e-first-week-empty');
    server = await serveStatic(empty.outDir);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('an empty root builds, with a welcome on the home page and empty states on the lists', async () => {
    const home = await open(server, '/');
    expect(await home.page.locator('main').textContent()).toMatch(/npm run new-incident/);
    expect(await home.page.locator('main [data-empty], main .empty, main .welcome').count()).toBeGreaterThan(0);
    for (const path of ['/incidents/', '/playbooks/', '/action-items/', '/stats/']) {
      const { page, errors } = await open(server, path);
      expect(await page.locator('main').textContent(), path).not.toBe('');
      expect(errors, path).toEqual([]);
      await page.close();
    }
    expect(home.errors).toEqual([]);
    await home.page.close();
  });

  it('the public edition of an empty root tells readers, not authors: no commands', async () => {
    const pub = await buildSite(root, 'e2e-first-week-empty-public', { KB_EDITION: 'public' });
    for (const page of ['index.html', 'playbooks/index.html']) {
      const main = pub.read(page).replace(/^[\s\S]*<main[^>]*>|<\/main>[\s\S]*$/g, '');
      expect(main, page).not.toMatch(/npm run/);
      expect(main, page).toMatch(/class="[^"]*(?:welcome|empty)/);
    }
  });

  it('the empty search answers "no results", without an error', async () => {
    const { page, errors } = await searchFor(server, 'timeout');
    expect(await page.locator('[data-kb-summary]').textContent()).toMatch(/no results/i);
    expect(errors).toEqual([]);
    // a build is not `npm run dev`: no "search needs a build" notice
    expect(await page.locator('[data-dev-search]').count()).toBe(0);
    await page.close();
  });

  it('after importing an undated post-mortem and scaffolding an incident, check and build still pass', async () => {
    cpSync(join(ROOT, 'tests/fixtures/seed-postmortem-ko.md'), join(root, '..', 'first-week-seed.md'));
    const env = { ...process.env, ...GIT_USER, KB_CONTENT_DIR: root, NO_COLOR: '1' };
    const node = join(ROOT, 'node_modules/.bin/node');
    await run(node, [join(ROOT, 'scripts/import.ts'), join(root, '..', 'first-week-seed.md')], { cwd: ROOT, env });
    await run(node, [join(ROOT, 'scripts/new-incident.ts'), '-y', '-t', 'Disk full on db-3'], { cwd: ROOT, env });
    expect(readdirSync(join(root, 'incidents'))).toHaveLength(2);
    const check = await run(node, [join(ROOT, 'scripts/check.ts')], { cwd: ROOT, env });
    expect(check.stdout + check.stderr).toMatch(/warning/);
    const built = await buildSite(root, 'e2e-first-week-drafts');
    // drafts are work in progress: left out of the site, not a failed build
    expect(built.json<{ count: number }>('api/incidents.json').count).toBe(0);
  });
});

describe('2. read it on a phone, at night', () => {
  it('at 390 px, incident, action-item and playbook tables are stacked cards with labelled values', async () => {
    for (const path of ['/incidents/', '/action-items/', INCIDENT, '/playbooks/']) {
      const { page } = await open(richServer, path, 390);
      const cards = await page.evaluate(() => {
        const out: { width: number; label: string; text: string }[] = [];
        for (const table of document.querySelectorAll('table.cards')) {
          if (!(table as HTMLElement).offsetParent) continue;
          for (const cell of table.querySelectorAll('tbody td, tbody th')) {
            const box = cell.getBoundingClientRect();
            if (box.width === 0) continue;
            out.push({
              width: box.width,
              label: getComputedStyle(cell, '::before').content,
              text: (cell.textContent ?? '').trim(),
            });
          }
        }
        return out;
      });
      expect(cards.length, path).toBeGreaterThan(0);
      // one card per row: each value spans the card, not a one-character column
      for (const c of cards) expect(c.width, `${path}: ${c.text}`).toBeGreaterThan(300);
      // every value but the card's title is named by its column
      const labelled = cards.filter((c) => c.label !== 'none' && c.label !== 'normal');
      expect(labelled.length, path).toBeGreaterThan(cards.length / 2);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      await page.close();
    }
  });

  it('the action-item cards name owner, status and due date, and an overdue card is marked', async () => {
    const { page } = await open(richServer, '/action-items/', 390);
    const labels = await page.evaluate(() =>
      [...document.querySelectorAll('table.cards tbody tr:first-child td')].map((td) => getComputedStyle(td, '::before').content),
    );
    expect(labels).toEqual(expect.arrayContaining(['"Owner"', '"Status"', '"Due"']));
    const overdue = page.locator('table.cards tr.action--overdue').first();
    expect(await overdue.evaluate((tr) => getComputedStyle(tr).borderLeftWidth)).toBe('4px');
    await page.close();
  });

  for (const width of WIDTHS) {
    it(`at ${width} px no word breaks mid-word (except one wider than its whole line)`, async () => {
      const broken: string[] = [];
      for (const path of PAGES) {
        const { page } = await open(richServer, path, width);
        broken.push(...(await page.evaluate(wordsBrokenMidWord)).map((w) => `${path}: ${w}`));
        await page.close();
      }
      expect(broken).toEqual([]);
    });
  }

  for (const theme of THEMES) {
    it(`every text meets WCAG AA contrast in the ${theme} theme, search highlights included`, async () => {
      const failures: string[] = [];
      for (const path of PAGES) {
        const { page } = await open(richServer, path, 1280, theme);
        failures.push(...(await page.evaluate(contrastFailures)).map((f) => `${path}: ${f}`));
        await page.close();
      }
      const search = await searchFor(richServer, 'replica', 1280, theme);
      expect(await search.page.locator('.kb-result mark').count()).toBeGreaterThan(0);
      failures.push(...(await search.page.evaluate(contrastFailures)).map((f) => `/search/?q=replica: ${f}`));
      await search.page.close();
      expect(failures).toEqual([]);
    });
  }

  it('serves a favicon that the pages link', async () => {
    const { page } = await open(richServer, INCIDENT);
    const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(href).toBeTruthy();
    const response = await page.request.get(new URL(href!, richServer.url + INCIDENT).href);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^image\//);
    await page.close();
  });

  it('the incident list shows the filter state the URL asks for, and says so when nothing matches', async () => {
    const { page } = await open(richServer, '/incidents/?severity=SEV2');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-incident-row]:not([hidden])').length > 0);
    const shown = await page.$$eval('tr[data-incident-row]:not([hidden])', (rows) => rows.map((r) => r.getAttribute('data-severity')));
    expect(new Set(shown)).toEqual(new Set(['SEV2']));
    expect(await page.locator('select[name="severity"]').inputValue()).toBe('SEV2');
    await page.goto(`${richServer.url}/incidents/?severity=SEV9`);
    await page.waitForFunction(() => {
      const message = document.querySelector<HTMLElement>('[data-filter-empty]');
      return message && !message.hidden;
    });
    expect(await page.locator('tr[data-incident-row]:not([hidden])').count()).toBe(0);
    expect(await page.locator('[data-filter-empty]').textContent()).not.toBe('');
    await page.close();
  });

  it('screenshots: home, incident, action items and search, at 390 and 1280 px, light and dark', async () => {
    for (const width of WIDTHS)
      for (const theme of THEMES)
        for (const [name, path] of [
          ['home', '/'],
          ['incident', INCIDENT],
          ['action-items', '/action-items/'],
          ['search', ''],
        ] as const) {
          const { page } = path ? await open(richServer, path, width, theme) : await searchFor(richServer, 'replica', width, theme);
          await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}-${theme}.png`), fullPage: true });
          await page.close();
        }
    expect(readdirSync(ARTIFACTS).filter((f) => f.endsWith('.png'))).toHaveLength(16);
  });
});

// ---- run inside the page ----

/** Words (in visible text outside code) whose letters land on two lines, unless the word is wider than its block. */
function wordsBrokenMidWord(): string[] {
  const out: string[] = [];
  const walker = document.createTreeWalker(document.querySelector('main') ?? document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('pre, code, svg, .visually-hidden, [hidden], details:not([open]) > :not(summary)')) continue;
    if (!parent.offsetParent && getComputedStyle(parent).position !== 'fixed') continue;
    const text = node.textContent ?? '';
    for (const match of text.matchAll(/\S{2,}/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size < 2) continue;
      // a run of non-space that contains breaking punctuation (a-b, a/b, a,b) may wrap there
      const lines = [...range.getClientRects()].filter((r) => r.width > 0);
      let broken = false;
      // find the character where the second line starts
      for (let i = match.index + 1; i < match.index + match[0].length; i++) {
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = [...range.getClientRects()].find((r) => r.width > 0);
        if (rect && Math.round(rect.top) !== Math.round(lines[0]!.top)) {
          const before = text[i - 1]!;
          broken = !/[-/,.:;_|=&?)\]}\u2013\u2014]/.test(before) && !/[([{]/.test(text[i]!) && !/[\u3131-\uD7A3\u4E00-\u9FFF]/.test(before);
          break;
        }
      }
      if (!broken) continue;
      // the line a word may need: a table cell's is the table's container (a squeezed column is the bug), else its block's
      const cell = parent.closest('td, th');
      const block = (cell ? cell.closest('table')?.parentElement : parent.closest('p, li, dd, dt, h1, h2, h3, h4, div, section')) ?? parent;
      const width = block.getBoundingClientRect().width;
      const wordWidth = lines.reduce((sum, r) => sum + r.width, 0);
      if (wordWidth > width) continue;
      out.push(`"${match[0]}" in <${parent.tagName.toLowerCase()}>`);
    }
  }
  return out;
}

/** Text whose colour against its background is below WCAG AA (4.5:1, or 3:1 for large text). */
function contrastFailures(): string[] {
  type Rgba = [number, number, number, number];
  const parse = (css: string): Rgba => {
    const m = /rgba?\(([^)]+)\)/.exec(css);
    if (!m) return [0, 0, 0, 0];
    const p = m[1]!
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [p[0]!, p[1]!, p[2]!, p[3] ?? 1];
  };
  const over = (top: Rgba, below: Rgba): Rgba => {
    const a = top[3] + below[3] * (1 - top[3]);
    if (a === 0) return [0, 0, 0, 0];
    const mix = (i: number) => (top[i]! * top[3] + below[i]! * below[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const c = [r, g, b].map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
  };
  const background = (el: Element): Rgba => {
    const layers: Rgba[] = [];
    for (let e: Element | null = el; e; e = e.parentElement) layers.push(parse(getComputedStyle(e).backgroundColor));
    let bg: Rgba = parse(getComputedStyle(document.documentElement).backgroundColor);
    if (bg[3] === 0) bg = matchMedia('(prefers-color-scheme: dark)').matches ? [18, 18, 18, 1] : [255, 255, 255, 1];
    for (const layer of layers.reverse()) bg = over(layer, bg);
    return bg;
  };
  const opacity = (el: Element) => {
    let o = 1;
    for (let e: Element | null = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity);
    return o;
  };
  const failures = new Set<string>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    const text = (node.textContent ?? '').trim();
    if (!el || !text || el.closest('svg, script, style, template, noscript')) continue;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (
      box.width < 2 ||
      box.height < 2 ||
      style.visibility === 'hidden' ||
      style.clipPath === 'inset(50%)' ||
      el.closest('.visually-hidden')
    )
      continue;
    if (!el.checkVisibility({ opacityProperty: false, visibilityProperty: true })) continue;
    const bg = background(el);
    const fg = parse(style.color);
    const shown = over([fg[0], fg[1], fg[2], fg[3] * opacity(el)], bg);
    const [hi, lo] = [luminance(shown), luminance(bg)].sort((a, b) => b - a) as [number, number];
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = Number.parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5))
      failures.add(
        `"${text.slice(0, 40)}" <${el.tagName.toLowerCase()} class="${el.className}"> ${ratio.toFixed(2)}:1 (${style.color} on rgb(${bg.slice(0, 3).map(Math.round).join(', ')}))`,
      );
  }
  return [...failures];
}
