/**
 * Content is untrusted input. The hostile fixture (tests/fixtures/hostile/)
 * carries an injection payload in every string field of the frontmatter, every
 * body position and every URL position a markdown file has. Built into a site,
 * served on loopback and opened page by page in Chromium: no script runs (no
 * dialog opens, no page error from a payload), no link or image source uses a
 * scheme other than http(s), mailto or a relative URL, no element carries an
 * event handler, the feed and JSON parse with the payloads as plain text, and
 * the output scan finds no secret. The sentences marked "Kept:" prove that
 * sanitising removed markup, not content.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanOutput } from '../../src/build/output-gate.ts';
import { launchBrowser, type TestBrowser } from '../helpers/browser.ts';
import { serveStatic, type StaticServer } from '../helpers/serve.ts';
import { buildSite, type BuiltSite } from '../helpers/site.ts';

let site: BuiltSite;
let server: StaticServer;
let browser: TestBrowser;
let pages: string[];

beforeAll(async () => {
  site = await buildSite('tests/fixtures/hostile', 'e2e-hostile');
  server = await serveStatic(site.outDir);
  browser = await launchBrowser();
  pages = readdirSync(site.outDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html') && !f.startsWith('pagefind'))
    .map((f) => `/${f.replace(/index\.html$/, '')}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Visit {
  dialogs: string[];
  errors: string[];
  unsafeUrls: string[];
  handlers: string[];
  forbidden: string[];
}

async function visit(path: string): Promise<Visit & { page: Page }> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server.url + path, { waitUntil: 'load' });
  // Give onload/onerror handlers and timers a moment to fire if anything slipped through.
  await page.waitForTimeout(50);
  const found = await page.evaluate(() => {
    const safe = (url: string) => {
      // biome-ignore lint/suspicious/noControlCharactersInRegex: browsers drop control characters inside a scheme
      const squeezed = url.replace(/[\u0000-\u0020\u007f]+/g, '');
      const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(squeezed)?.[1]?.toLowerCase();
      return scheme === undefined || scheme === 'http' || scheme === 'https' || scheme === 'mailto';
    };
    const unsafeUrls: string[] = [];
    for (const [sel, attr] of [
      ['a[href]', 'href'],
      ['area[href]', 'href'],
      ['img[src]', 'src'],
      ['iframe[src]', 'src'],
      ['object[data]', 'data'],
      ['embed[src]', 'src'],
      ['form[action]', 'action'],
      ['q[cite]', 'cite'],
      ['blockquote[cite]', 'cite'],
      ['link[href]', 'href'],
    ] as const)
      for (const el of document.querySelectorAll(sel)) {
        const v = el.getAttribute(attr) ?? '';
        if (!safe(v)) unsafeUrls.push(`${el.tagName.toLowerCase()} ${attr}=${v}`);
      }
    const handlers: string[] = [];
    for (const el of document.querySelectorAll('*'))
      for (const a of el.getAttributeNames()) if (a.startsWith('on')) handlers.push(`${el.tagName.toLowerCase()} ${a}`);
    // Anywhere: frames, plugins, a base URL, a refresh. In the rendered content (where markdown lands): forms, styles, scripts.
    const content = '.incident-body, .playbook-body';
    const forbidden = [
      ...document.querySelectorAll(
        `iframe, object, embed, base, meta[http-equiv], :is(${content}) :is(form, style, script, input:not([type="checkbox"]), button)`,
      ),
    ].map((el) => el.outerHTML.slice(0, 80));
    return { unsafeUrls, handlers, forbidden };
  });
  return { page, dialogs, errors, ...found };
}

describe('a hostile content root, built and opened in Chromium', () => {
  it('builds (sanitising, not failing) and has pages to try', () => {
    expect(pages.length).toBeGreaterThan(20);
    expect(pages).toContain('/incidents/INC-2024-901/');
    expect(pages).toContain('/playbooks/xss-playbook/');
  });

  it('on every page: no dialog, no unsafe URL, no event handler, no frame or base, no form or script in the content', async () => {
    const report: Record<string, Partial<Visit>> = {};
    for (const path of pages) {
      // Redirect pages (ours: a meta refresh to the canonical page) navigate away at once: check their target instead.
      const html = site.read(path.endsWith('/') ? `${path}index.html` : path);
      if (html.includes('data-kb-redirect')) {
        const target = /href="([^"]+)" data-kb-redirect/.exec(html)?.[1] ?? '';
        if (!target.startsWith('/')) report[path] = { unsafeUrls: [`redirect to ${target}`] };
        continue;
      }
      const v = await visit(path);
      await v.page.close();
      const bad = { dialogs: v.dialogs, errors: v.errors, unsafeUrls: v.unsafeUrls, handlers: v.handlers, forbidden: v.forbidden };
      if (Object.values(bad).some((x) => x.length)) report[path] = bad;
    }
    expect(report).toEqual({});
  }, 300_000);

  it('keeps the content: payload text stays visible as text, allowed markup stays markup', async () => {
    const v = await visit('/incidents/INC-2024-901/');
    const text = (await v.page.locator('main').textContent()) ?? '';
    expect(text).toContain('Kept: this overview sentence survives sanitising.');
    expect(text).toContain('Kept: inside details.');
    expect(text).toContain(`Incident <script>alert('title')</script> & "quotes" </title>`);
    expect(text).toContain(`<script>alert('inline-code')</script>`); // inline code shows the payload as text
    expect(await v.page.locator('main details summary').count()).toBeGreaterThan(0);
    expect(await v.page.locator('#timeline').count()).toBe(1);
    await v.page.close();
    const pb = await visit('/playbooks/xss-playbook/');
    expect(await pb.page.locator('main').textContent()).toContain(`echo "<script>alert('pb-code')</script>"`);
    await pb.page.close();
  });

  it('the feed, the sitemap and the JSON API parse, with every payload as plain text', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}/`);
    const feed = await page.evaluate(async () => {
      const xml = new DOMParser().parseFromString(await (await fetch('/feed.xml')).text(), 'application/xml');
      return {
        error: xml.querySelector('parsererror')?.textContent ?? null,
        titles: [...xml.querySelectorAll('item > title')].map((t) => t.textContent),
        descriptions: [...xml.querySelectorAll('item > description')].map((t) => t.textContent),
        scripts: xml.querySelectorAll('script').length,
      };
    });
    expect(feed.error).toBeNull();
    expect(feed.scripts).toBe(0);
    expect(feed.titles.join('\n')).toContain(`<script>alert('title')</script>`);
    expect(feed.descriptions.join('\n')).toContain(`<img src=x onerror=alert('summary')>`);
    const sitemap = await page.evaluate(async () => {
      const xml = new DOMParser().parseFromString(await (await fetch('/sitemap.xml')).text(), 'application/xml');
      return xml.querySelector('parsererror')?.textContent ?? null;
    });
    expect(sitemap).toBeNull();
    await page.close();
    const api = site.json<{ title: string; action_items: { ticket?: string }[] }>('api/incidents/INC-2024-901.json');
    expect(api.title).toBe(`Incident <script>alert('title')</script> & "quotes" </title>`);
    // In JSON the payload is data; `</script>` cannot end a script block because the API is never inlined in HTML.
    expect(readFileSync(join(site.outDir, 'api/incidents/INC-2024-901.json'), 'utf8')).toContain('alert');
  });

  it('the output scan finds no secret in the built site, Pagefind fragments included', () => {
    expect(scanOutput(site.outDir)).toEqual([]);
    const fragments = readdirSync(join(site.outDir, 'pagefind/fragment'));
    expect(fragments.length).toBeGreaterThan(1);
    expect(relative(site.outDir, join(site.outDir, 'pagefind'))).toBe('pagefind');
  });
});
