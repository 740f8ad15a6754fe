import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuiltSite } from './helpers/site.ts';

// The rich fixture again, asked to include drafts (site-rich.test.ts checks they are left out by default).
let site: BuiltSite;
beforeAll(async () => {
  site = await buildSite('tests/fixtures/site-rich', 'site-rich-drafts', { KB_INCLUDE_DRAFTS: '1', KB_BUILD_DATE: '2025-06-15' });
}, 180_000);

describe('KB_INCLUDE_DRAFTS=1', () => {
  it('publishes drafts with a visible draft badge, kept out of search engines', () => {
    const html = site.read('incidents/INC-2025-009/index.html');
    expect(html).toMatch(/<span class="badge badge--draft" data-status-badge="draft"[^>]*>Draft<\/span>/);
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(site.exists('i/INC-2025-009/index.html')).toBe(true);
    expect(site.exists('incidents/status/draft/index.html')).toBe(true);
    expect(site.exists('tags/draft-only-tag/index.html')).toBe(true);
  });

  it('lists them, with the draft badge, and counts them in JSON, feed and figures', () => {
    const list = site.read('incidents/index.html');
    expect(list).toMatch(/data-id="INC-2025-009"[^>]*data-status="draft"/);
    expect(list).toContain('data-status-badge="draft"');
    expect(site.json<{ count: number }>('api/incidents.json').count).toBe(6);
    expect(site.read('feed.xml')).toContain('INC-2025-009');
    expect(site.read('index.html')).toMatch(/data-figure="quarter">[\s\S]*?<dd>2<\/dd>/);
  });
});
