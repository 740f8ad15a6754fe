import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuiltSite } from './helpers/site.ts';

let site: BuiltSite;
beforeAll(async () => {
  site = await buildSite('tests/fixtures/site-basic', 'site-foundation');
});

describe('a built fixture site', () => {
  it('renders an index, one page per incident and per playbook, with <html lang>', () => {
    expect(site.read('index.html')).toMatch(/<html lang="en"/);
    expect(site.exists('incidents/INC-2024-007/index.html')).toBe(true);
    expect(site.exists('incidents/INC-2019-001/index.html')).toBe(true);
    expect(site.exists('playbooks/ssh-permission-denied-publickey/index.html')).toBe(true);
  });

  it('remarkSections: Korean, English and numbered headings get the same stable anchors', () => {
    const ko = site.read('incidents/INC-2019-001/index.html');
    const en = site.read('incidents/INC-2024-007/index.html');
    for (const id of ['summary', 'timeline', 'root-cause', 'five-whys', 'monitoring']) {
      expect(ko).toContain(`id="${id}"`);
      expect(en).toContain(`id="${id}"`);
    }
    expect(ko).toMatch(
      /<section class="kb-section kb-section--timeline" data-section="timeline">\s*<h2 id="timeline"[^>]*>시간 분석\(Timeline\)/,
    );
    expect(en).toMatch(/<h2 id="summary"[^>]*>1\. Summary/);
    // an unknown heading keeps its slug and is kept, not dropped
    expect(en).toMatch(/<h2 id="dashboards-we-used"/);
    expect(ko).toMatch(/<a class="kb-anchor" href="#timeline"/);
  });

  it('remarkSections: placeholder-only sections are marked empty', () => {
    const ko = site.read('incidents/INC-2019-001/index.html');
    expect(ko).toMatch(/data-section="discussion" data-empty="true"/);
    expect(ko).not.toMatch(/data-section="timeline" data-empty/);
  });

  it('remarkTimeline: times become <time datetime> in the incident zone, markers become badges, code is kept', () => {
    const ko = site.read('incidents/INC-2019-001/index.html');
    expect(ko).toContain('<ol class="kb-timeline">');
    expect(ko).toContain('<time class="kb-timeline__time" datetime="2019-02-15T16:01:00.000+09:00">16:01</time>');
    expect(ko).toMatch(/<span class="kb-marker kb-marker--detected">detected<\/span>/);
    expect(ko).toContain('kb-timeline__entry--untimed');
    expect(ko).toContain('Permission denied (publickey,gssapi-keyex,gssapi-with-mic).');
    const en = site.read('incidents/INC-2024-007/index.html');
    expect(en).toContain('datetime="2024-03-05T14:02:00.000+01:00"');
    expect(en).toContain('ALERT checkout_p99_latency &gt; 1s (4.1s)');
  });

  it('remarkFiveWhys: the whys render as a question → answer chain', () => {
    const en = site.read('incidents/INC-2024-007/index.html');
    expect(en).toContain('<ol class="kb-whys">');
    expect(en).toMatch(/<span class="kb-why__q">Why did checkout slow down\?<\/span><span class="kb-why__a">Requests waited/);
  });

  it('links the incident to its playbook and back', () => {
    const incident = site.read('incidents/INC-2019-001/index.html');
    expect(incident).toContain('href="/playbooks/ssh-permission-denied-publickey/"');
    const playbook = site.read('playbooks/ssh-permission-denied-publickey/index.html');
    expect(playbook).toContain('href="/incidents/INC-2019-001/"');
    expect(playbook).toContain('href="/incidents/INC-2024-007/"');
  });
});

describe('the real content root', () => {
  it('builds, with the seed incident linked to its playbook', async () => {
    const real = await buildSite('content', 'site-real');
    expect(real.read('incidents/INC-2019-001/index.html')).toContain('href="/playbooks/ssh-permission-denied-publickey/"');
    expect(real.read('playbooks/ssh-permission-denied-publickey/index.html')).toContain('href="/incidents/INC-2019-001/"');
    expect(real.read('index.html')).toMatch(/<html lang="ko"/);
  });
});

describe('timeline text', () => {
  it('has no stray leading space when the time is followed directly by the text', async () => {
    const { parseMarkdown } = await import('../src/core/entry.ts');
    const { timelineItemParts } = await import('../src/core/markdown/extract.ts');
    const tree = parseMarkdown('- `14:02` Incident declared\n');
    const item = (tree.children[0] as import('mdast').List).children[0];
    const parts = timelineItemParts(item);
    expect(parts.rest[0]).toMatchObject({ type: 'text', value: 'Incident declared' });
  });
});

describe('text is rendered exactly as typed', () => {
  it('keeps straight quotes and double dashes in prose (no SmartyPants), so pasted error strings match', () => {
    const en = site.read('incidents/INC-2024-007/index.html');
    expect(en).toContain('validated against the database&#39;s max_connections');
    expect(en).not.toContain('database’s');
  });
});
