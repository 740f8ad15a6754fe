import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuiltSite } from './helpers/site.ts';
import { chromiumAvailable, launchBrowser, type TestBrowser } from './helpers/browser.ts';
import { serveStatic, type StaticServer } from './helpers/serve.ts';

// One production build of the rich fixture, with the build date pinned so
// "overdue", "stale" and "this quarter" are reproducible.
let site: BuiltSite;
beforeAll(async () => {
  site = await buildSite('tests/fixtures/site-rich', 'site-rich', { KB_BUILD_DATE: '2025-06-15' });
}, 180_000);

const PUBLISHED = ['INC-2019-001', 'INC-2022-004', 'INC-2023-002', 'INC-2024-007', 'INC-2025-003'];
const rows = (html: string) => [...html.matchAll(/<tr data-incident-row [^>]*>/g)].map((m) => m[0]);
const attr = (tag: string, name: string) => tag.match(new RegExp(`${name}="([^"]*)"`))?.[1];

describe('incident pages', () => {
  it('header: id, severity, status badge with completeness, dates in the incident zone, derived durations', () => {
    const html = site.read('incidents/INC-2023-002/index.html');
    expect(html).toContain('<span class="incident-id">INC-2023-002</span>');
    expect(html).toContain('badge--sev1');
    // America/New_York, summer: EDT (-04:00); mitigation crosses midnight
    expect(html).toContain('<time datetime="2023-08-14T22:10:00.000-04:00">Aug 14, 2023, 22:10 EDT</time>');
    expect(html).toContain('<time datetime="2023-08-15T00:05:00.000-04:00">');
    expect(html).toMatch(/data-duration="detect" data-ms="1800000">30m</);
    expect(html).toMatch(/data-duration="mitigate" data-ms="6900000">1h 55m</);
    expect(html).toMatch(/data-duration="resolve" data-ms="12000000">3h 20m</);
    expect(html).toContain('data-impact="users">52,000<');
    expect(html).toContain('data-impact="requests">1,250,000<');
    // a partial incident: only started and resolved
    const dns = site.read('incidents/INC-2022-004/index.html');
    expect(dns).toMatch(/data-duration="detect">—</);
    expect(dns).toMatch(/data-duration="resolve" data-ms="3900000">1h 5m</);
  });

  it('review incidents show an "in review" badge with their completeness; published ones none', () => {
    const seed = site.read('incidents/INC-2019-001/index.html');
    expect(seed).toMatch(/data-status-badge="review">In review/);
    expect(seed).toMatch(/data-completeness="(\d+)\/10"/);
    const [, filled] = seed.match(/data-completeness="(\d+)\/10"/)!;
    expect(Number(filled)).toBeLessThan(10);
    expect(site.read('incidents/INC-2023-002/index.html')).not.toContain('data-status-badge');
  });

  it('renders the body with stable anchors (Korean headings too), timeline markers and the whys chain', () => {
    const ko = site.read('incidents/INC-2019-001/index.html');
    expect(ko).toMatch(/<html lang="ko"/);
    expect(ko).toMatch(/<h2 id="timeline"[^>]*>시간 분석\(Timeline\)/);
    for (const id of ['summary', 'timeline', 'immediate-action', 'root-cause', 'five-whys', 'action-items', 'monitoring']) {
      expect(ko).toContain(`id="${id}"`);
      expect(ko).toContain(`href="#${id}"`);
    }
    // UI chrome stays in the UI language (en) on a Korean page
    expect(ko).toMatch(/<header class="site-header" lang="en"/);
    const en = site.read('incidents/INC-2023-002/index.html');
    expect(en).toMatch(/<html lang="en"/);
    expect(en).toContain('kb-timeline__entry--mitigated');
    expect(en).toContain('<ol class="kb-whys">');
    // structured sections get copy-link anchors too
    for (const id of ['root-cause-factors', 'playbooks', 'playbooks-missing', 'related', 'tags']) {
      expect(en).toContain(`<h2 id="${id}">`);
      expect(en).toContain(`data-kb-anchor="${id}"`);
    }
    // lessons and action items from frontmatter sit in the body's own sections, keeping their old anchors
    expect(en).toMatch(/<section class="kb-section kb-section--lessons"[^>]*>(?:(?!<\/section>)[\s\S])*id="lessons-learned"/);
    expect(en).toMatch(/<section class="kb-section kb-section--action-items"[^>]*>(?:(?!<\/section>)[\s\S])*id="action-item-list"/);
    // every id on the page is unique
    const ids = [...en.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(new Set(ids).size);
  });

  it('action items table: owner, kind, status, due, ticket, overdue highlighted relative to the build date', () => {
    const html = site.read('incidents/INC-2023-002/index.html');
    const trs = [...html.matchAll(/<tr class="([^"]*)" data-action-row[^>]*>([\s\S]*?)<\/tr>/g)];
    expect(trs).toHaveLength(3);
    const [alert, move, rewrite] = trs;
    expect(alert[1]).not.toContain('action--overdue'); // due 2099
    expect(move[1]).toContain('action--overdue'); // in-progress, due 2020
    expect(move[2]).toContain('badge--overdue');
    expect(move[2]).toContain('href="https://tracker.example.com/OPS-202"');
    expect(move[2]).toContain('href="/action-items/owner/data-team/"');
    expect(rewrite[1]).toContain('action--closed'); // wont-fix, no due: never overdue
    // the done item of INC-2024-007 is not overdue, its open one is
    const checkout = site.read('incidents/INC-2024-007/index.html');
    expect(checkout.match(/action--overdue/g)).toHaveLength(1);
  });

  it('playbooks used / missing or wrong, related incidents in both directions, tags, edit link', () => {
    const html = site.read('incidents/INC-2023-002/index.html');
    expect(html).toMatch(/<a href="\/playbooks\/postgres-replica-lag\/" data-playbook-link>/);
    expect(html).toContain('No playbook existed');
    expect(html).toContain('The failover step named a retired host.');
    expect(html).toMatch(/href="\/incidents\/INC-2024-007\/" data-related-link/);
    // INC-2024-007 lists INC-2023-002 although only INC-2023-002 declared the link
    const checkout = site.read('incidents/INC-2024-007/index.html');
    expect(checkout).toMatch(/href="\/incidents\/INC-2023-002\/" data-related-link/);
    expect(checkout).toMatch(/href="\/incidents\/INC-2019-001\/" data-related-link/);
    expect(html).toContain('href="/tags/kaesi/" rel="tag">캐시</a>');
    expect(html).toContain(
      'href="https://git.example.test/acme/kb/edit/main/tests/fixtures/site-rich/incidents/2023-08-14-replica-lag.md" data-edit-link',
    );
    // the Pagefind body is the article only
    expect(html.match(/data-pagefind-body/g)).toHaveLength(1);
  });

  it('ships no client JS except the small copy-link enhancement (and search)', () => {
    const html = site.read('incidents/INC-2023-002/index.html');
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    const inline = scripts.filter((s) => !/\ssrc=/.test(s[0])).map((s) => s[1]);
    expect(inline.some((s) => s.includes('kb-anchor') && s.includes('clipboard'))).toBe(true);
    expect(inline.every((s) => s.length < 2000)).toBe(true);
  });
});

describe('playbook pages', () => {
  it('symptoms in code, owner, stale badge after playbook_stale_days, computed backlinks', () => {
    const pg = site.read('playbooks/postgres-replica-lag/index.html');
    expect(pg).toContain('<code lang="en">canceling statement due to conflict with recovery</code>');
    expect(pg).toContain('data-owner>dba-team<');
    expect(pg).toMatch(/class="badge badge--stale" data-stale/);
    expect(pg).toMatch(/data-age-days="1983"/);
    const usedBy = pg.match(/<ul class="kb-used-by"[^>]*>([\s\S]*?)<\/ul>/)![1];
    expect(usedBy).toContain('href="/incidents/INC-2023-002/"');
    expect(usedBy).toContain('href="/incidents/INC-2025-003/"');
    const reported = pg.match(/<ul class="kb-reported-by"[^>]*>([\s\S]*?)<\/ul>/)![1];
    expect(reported).toContain('href="/incidents/INC-2023-002/"');
    expect(reported).toContain('The failover step named a retired host.');
    expect(pg).toContain('id="diagnosis"');
    const ssh = site.read('playbooks/ssh-permission-denied-publickey/index.html');
    expect(ssh).not.toContain('data-stale');
    expect(ssh).toContain('href="/incidents/INC-2019-001/"');
    expect(ssh).toContain('href="/incidents/INC-2024-007/"');
  });
});

describe('links that never break', () => {
  const redirectTo = (path: string, to: string) => {
    const html = site.read(path);
    expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${to}">`);
    expect(html).toContain(`<link rel="canonical" href="https://kb.example.test${to}">`);
    expect(html).toMatch(new RegExp(`<a href="${to}" data-kb-redirect>`));
    expect(html).toContain('<meta name="robots" content="noindex">');
  };
  it('/i/<id>/ for every incident', () => {
    for (const id of PUBLISHED) redirectTo(`i/${id}/index.html`, `/incidents/${id}/`);
  });
  it('every alias: incidents (old slug, old id) and playbooks', () => {
    redirectTo('incidents/2019-02-15-keypair-permission-denied/index.html', '/incidents/INC-2019-001/');
    redirectTo('incidents/checkout-latency-2024/index.html', '/incidents/INC-2024-007/');
    redirectTo('incidents/INC-2024-900/index.html', '/incidents/INC-2024-007/');
    redirectTo('i/checkout-latency-2024/index.html', '/incidents/INC-2024-007/');
    redirectTo('playbooks/pg-replica-lag/index.html', '/playbooks/postgres-replica-lag/');
  });
  it('canonical pages declare themselves canonical', () => {
    expect(site.read('incidents/INC-2024-007/index.html')).toContain(
      '<link rel="canonical" href="https://kb.example.test/incidents/INC-2024-007/">',
    );
  });
});

describe('drafts', () => {
  it('are left out of a production build: no page, no row, no JSON, no feed item, no redirect, no facet', () => {
    expect(site.exists('incidents/INC-2025-009/index.html')).toBe(false);
    expect(site.exists('i/INC-2025-009/index.html')).toBe(false);
    expect(site.exists('api/incidents/INC-2025-009.json')).toBe(false);
    expect(site.exists('tags/draft-only-tag/index.html')).toBe(false);
    expect(site.exists('incidents/status/draft/index.html')).toBe(false);
    expect(site.read('incidents/index.html')).not.toContain('INC-2025-009');
    expect(site.read('feed.xml')).not.toContain('INC-2025-009');
    expect(site.read('sitemap.xml')).not.toContain('INC-2025-009');
  });
});

describe('lists', () => {
  it('incident list rows carry the filter data attributes, newest first', () => {
    const list = site.read('incidents/index.html');
    const r = rows(list);
    expect(r.map((t) => attr(t, 'data-id'))).toEqual(['INC-2025-003', 'INC-2024-007', 'INC-2023-002', 'INC-2022-004', 'INC-2019-001']);
    const seed = r.find((t) => attr(t, 'data-id') === 'INC-2019-001')!;
    expect(attr(seed, 'data-severity')).toBe('SEV3');
    expect(attr(seed, 'data-service')).toBe('ec2 ssh');
    expect(attr(seed, 'data-tag')).toBe('aws ec2 ssh keypair');
    expect(attr(seed, 'data-status')).toBe('review');
    expect(attr(seed, 'data-category')).toBe('human-process');
    expect(attr(seed, 'data-year')).toBe('2019');
    // progressive enhancement: a hidden form and the inline filter script, on /incidents/ only
    expect(list).toContain('data-filter-root');
    expect(list).toMatch(/<form class="filter-form" data-filter-form hidden>/);
    expect(list).toContain('history.replaceState');
    expect(site.read('incidents/severity/sev2/index.html')).not.toContain('history.replaceState');
  });

  it('pre-rendered facet pages for every filter, linked from the list', () => {
    const list = site.read('incidents/index.html');
    const ids = (p: string) => rows(site.read(p)).map((t) => attr(t, 'data-id'));
    expect(ids('incidents/severity/sev2/index.html')).toEqual(['INC-2025-003', 'INC-2024-007']);
    expect(ids('incidents/severity/sev4/index.html')).toEqual([]);
    expect(ids('incidents/status/review/index.html')).toEqual(['INC-2019-001']);
    expect(ids('incidents/year/2019/index.html')).toEqual(['INC-2019-001']);
    expect(ids('services/postgres/index.html')).toEqual(['INC-2024-007', 'INC-2023-002']);
    expect(ids('tags/kaesi/index.html')).toEqual(['INC-2023-002']);
    expect(ids('categories/capacity/index.html')).toEqual(['INC-2023-002']);
    expect(ids('incidents/sort/severity/index.html')[0]).toBe('INC-2023-002');
    for (const href of [
      '/incidents/severity/sev2/',
      '/incidents/status/review/',
      '/incidents/year/2019/',
      '/services/postgres/',
      '/tags/kaesi/',
      '/categories/capacity/',
      '/incidents/sort/severity/',
    ]) {
      expect(list).toContain(`href="${href}"`);
    }
    expect(site.read('tags/index.html')).toContain('href="/tags/kaesi/">캐시</a>');
  });

  it('action items page: every item, overdue first, with status/owner facets and filter attributes', () => {
    const html = site.read('action-items/index.html');
    const trs = [...html.matchAll(/<tr class="([^"]*)" data-action-row data-status="([^"]*)" data-owner="([^"]*)"/g)];
    expect(trs).toHaveLength(6);
    expect(trs.map((m) => m[1].includes('action--overdue'))).toEqual([true, true, false, false, false, false]);
    expect(trs[0][3]).toBe('data-team'); // due 2020 before 2024-04-01
    expect(trs[1][3]).toBe('sre-team');
    expect(html).toContain('href="/action-items/status/open/"');
    expect(html).toContain('href="/action-items/owner/mina/"');
    expect(html).toContain('history.replaceState');
    const open = site.read('action-items/status/open/index.html');
    expect(open.match(/data-action-row/g)).toHaveLength(2);
  });

  it('home: recent incidents, open action items overdue first, headline figures', () => {
    const home = site.read('index.html');
    expect(home).toMatch(/data-figure="quarter">\s*<dt>Incidents this quarter<span class="muted"> \(2025-Q2\)<\/span><\/dt>\s*<dd>1<\/dd>/);
    // medians over TTD 5m, 7m, 30m, 0m (seed) and TTR 1h, 1h 8m, 3h 20m, 1h 5m, 52m
    expect(home).toMatch(/data-figure="ttd">[\s\S]*?<dd>6m<\/dd>/);
    expect(home).toMatch(/data-figure="ttr">[\s\S]*?<dd>1h 5m<\/dd>/);
    const open = home.match(/id="open-actions"[\s\S]*?<\/table>/)![0];
    expect(open.indexOf('action--overdue')).toBeLessThan(open.indexOf('Alert when replica lag'));
    expect(open).not.toContain('Lower the TTL'); // done
    expect(home).toContain('class="kb-searchbox"');
    expect(rows(home).length).toBe(5);
  });
});

describe('stats', () => {
  it('renders every chart as inline SVG with titles, and its numbers as a table', () => {
    const html = site.read('stats/index.html');
    for (const id of ['per-month', 'durations', 'by-category', 'by-service', 'actions']) {
      expect(html).toMatch(
        new RegExp(`data-chart="${id}"[\\s\\S]*?<svg class="kb-chart[^"]*" role="img" aria-labelledby="chart-${id}-title"`),
      );
    }
    // 75 months (2019-02..2025-05) are too many bars: grouped by year
    expect(html).toContain('Incidents per year by severity');
    expect(html).toContain('<title>2023 · SEV1: 1</title>');
    expect(html).toContain('<title>2024 · Opened: 2</title>');
    expect(html).toContain('<title>capacity: 1</title>');
    expect(html).not.toMatch(/<script[^>]*src=/);
  });
});

describe('JSON, feed, sitemap', () => {
  it('/api/incidents.json: published incidents with metadata and derived durations', () => {
    const j = site.json<{ count: number; incidents: Record<string, any>[] }>('api/incidents.json');
    expect(j.count).toBe(5);
    expect(j.incidents.map((i) => i.id)).toEqual(['INC-2025-003', 'INC-2024-007', 'INC-2023-002', 'INC-2022-004', 'INC-2019-001']);
    const rl = j.incidents.find((i) => i.id === 'INC-2023-002')!;
    expect(rl).toMatchObject({
      url: 'https://kb.example.test/incidents/INC-2023-002/',
      severity: 'SEV1',
      status: 'published',
      started: '2023-08-14T22:10:00.000-04:00',
      durations: { time_to_detect_ms: 1_800_000, time_to_mitigate_ms: 6_900_000, time_to_resolve_ms: 12_000_000 },
      services: ['payments', 'postgres'],
      root_cause_category: 'capacity',
      playbooks: ['postgres-replica-lag'],
      action_items: { total: 3, open: 2 },
    });
    expect(j.incidents.find((i) => i.id === 'INC-2024-007')!.related.sort()).toEqual(['INC-2019-001', 'INC-2023-002']);
  });

  it('/api/incidents/<id>.json and /api/playbooks/<id>.json', () => {
    const one = site.json<Record<string, any>>('api/incidents/INC-2019-001.json');
    expect(one.id).toBe('INC-2019-001');
    expect(one.durations.time_to_resolve_ms).toBe(52 * 60_000);
    expect(one.timeline.length).toBeGreaterThan(3);
    expect(one.root_cause.category).toBe('human-process');
    const pb = site.json<Record<string, any>>('api/playbooks/postgres-replica-lag.json');
    expect(pb.id).toBe('postgres-replica-lag');
    expect(pb.symptoms).toContain('ALERT postgres_replica_lag_seconds > 60');
    expect(pb.incidents.used_by.map((i: { id: string }) => i.id).sort()).toEqual(['INC-2023-002', 'INC-2025-003']);
    expect(pb.incidents.reported_missing_or_wrong).toEqual([expect.objectContaining({ note: 'The failover step named a retired host.' })]);
    expect(pb.incidents.reported_missing_or_wrong[0].incident.id).toBe('INC-2023-002');
  });

  it('RSS feed of published incidents and a sitemap of canonical pages only', () => {
    const feed = site.read('feed.xml');
    expect(feed).toMatch(/^<\?xml/);
    expect(feed.match(/<item>/g)).toHaveLength(5);
    expect(feed).toContain('<link>https://kb.example.test/incidents/INC-2023-002/</link>');
    const map = site.read('sitemap.xml');
    expect(map).toContain('<loc>https://kb.example.test/incidents/INC-2023-002/</loc>');
    expect(map).toContain('<loc>https://kb.example.test/playbooks/postgres-replica-lag/</loc>');
    expect(map).not.toContain('pg-replica-lag/');
    expect(map).not.toContain('/i/');
  });
});

// The same build in a real browser: the progressive filters, the redirects, the skip link.
// In CI a missing browser is a failure, not a skip.
describe.skipIf(!chromiumAvailable() && !process.env.CI)('in a browser', () => {
  let server: StaticServer;
  let js: TestBrowser;
  let noJs: TestBrowser;
  beforeAll(async () => {
    server = await serveStatic(site.outDir);
    js = await launchBrowser();
    noJs = await launchBrowser({ javaScript: false });
  }, 60_000);
  afterAll(async () => {
    await js?.close();
    await noJs?.close();
    await server?.close();
  });
  const visibleIds = (page: import('playwright-core').Page) =>
    page.$$eval('[data-incident-row]', (trs) => trs.filter((t) => !(t as HTMLElement).hidden).map((t) => (t as HTMLElement).dataset.id));

  it('filters /incidents/ from the URL, keeps the URL in sync with the form, sorts by severity', async () => {
    const page = await js.newPage();
    await page.goto(`${server.url}/incidents/?severity=SEV2&service=checkout`);
    expect(await visibleIds(page)).toEqual(['INC-2025-003', 'INC-2024-007']);
    expect(await page.locator('[data-incident-row][hidden]').count()).toBe(3);
    expect(await page.locator('[data-filter-form]').isVisible()).toBe(true);
    expect(await page.locator('select[name="severity"]').inputValue()).toBe('SEV2');
    await page.selectOption('select[name="service"]', '');
    await page.selectOption('select[name="severity"]', 'SEV1');
    expect(new URL(page.url()).search).toBe('?severity=SEV1');
    expect(await visibleIds(page)).toEqual(['INC-2023-002']);
    await page.goto(`${server.url}/incidents/?tag=${encodeURIComponent('캐시')}`);
    expect(await visibleIds(page)).toEqual(['INC-2023-002']);
    await page.goto(`${server.url}/incidents/?sort=severity`);
    expect(await visibleIds(page)).toEqual(['INC-2023-002', 'INC-2025-003', 'INC-2024-007', 'INC-2022-004', 'INC-2019-001']);
    expect(await page.locator('[data-filter-count]').textContent()).toBe('Showing 5 of 5');
    await page.close();
  });

  it('filters the action items by status and owner', async () => {
    const page = await js.newPage();
    await page.goto(`${server.url}/action-items/?status=open&owner=sre-team`);
    const shown = await page.$$eval('[data-action-row]', (trs) => trs.filter((t) => !(t as HTMLElement).hidden).length);
    expect(shown).toBe(2);
    await page.close();
  });

  it('without JavaScript: the form stays hidden and the facet links lead to pre-rendered pages', async () => {
    const page = await noJs.newPage();
    await page.goto(`${server.url}/incidents/`);
    expect(await page.locator('[data-filter-form]').isVisible()).toBe(false);
    await page.locator('a[data-facet="severity"][data-facet-value="SEV2"]').click();
    await page.waitForURL(/\/incidents\/severity\/sev2\/$/);
    expect(await visibleIds(page)).toEqual(['INC-2025-003', 'INC-2024-007']);
    // the redirect pages work without JavaScript too (meta refresh)
    await page.goto(`${server.url}/incidents/checkout-latency-2024/`);
    await page.waitForURL(/\/incidents\/INC-2024-007\/$/);
    await page.goto(`${server.url}/i/INC-2023-002/`);
    await page.waitForURL(/\/incidents\/INC-2023-002\/$/);
    await page.close();
  });

  it('the first Tab reaches the skip link, which moves focus to the content', async () => {
    const page = await js.newPage();
    await page.goto(`${server.url}/incidents/INC-2023-002/`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.close();
  });
});
