import { describe, expect, it } from 'vitest';
import { incidentCompleteness } from '../src/core/completeness.ts';
import { collectActionItems, daysBetween, isOverdue, isStale } from '../src/site/action-items.ts';
import { localDate } from '../src/core/time/zone.ts';
import { countValues, facetSlugs, filterToken, filterTokens } from '../src/site/facets.ts';
import { editUrl, isSafeSegment, planRedirects } from '../src/site/redirects.ts';
import { bucketMonths, computeStats, median, monthOf, monthRange, quarterOf } from '../src/site/stats.ts';
import { barChart, durationChart, escapeXml, horizontalBarChart, niceTicks } from '../src/site/charts.ts';
import { incidentJson } from '../src/site/api.ts';
import { contentLang, formatDate, formatDateTime, formatDurationFor, ui } from '../src/site/i18n/index.ts';
import { en } from '../src/site/i18n/en.ts';
import { ko } from '../src/site/i18n/ko.ts';
import { REQUIRED_INCIDENT_SECTIONS } from '../src/core/markdown/sections.ts';
import { incidentSchema } from '../src/schema/index.ts';

describe('incidentCompleteness', () => {
  it('counts required sections that are present and not placeholder-only', () => {
    const c = incidentCompleteness([
      { id: 'summary', empty: false },
      { id: 'timeline', empty: false },
      { id: 'discussion', empty: true },
      { id: 'dashboards', empty: false },
    ]);
    expect(c.total).toBe(REQUIRED_INCIDENT_SECTIONS.length);
    expect(c.filled).toBe(2);
    expect(c.missing).toContain('discussion');
    expect(c.missing).not.toContain('summary');
  });
  it('a full post-mortem is complete', () => {
    const c = incidentCompleteness(REQUIRED_INCIDENT_SECTIONS.map((id) => ({ id, empty: false })));
    expect(c).toEqual({ filled: c.total, total: REQUIRED_INCIDENT_SECTIONS.length, missing: [] });
  });
});

describe('action items', () => {
  const inc = (id: string, started: string, items: { title: string; status: string; due?: string; kind?: string }[]) => ({
    id,
    data: { title: id, severity: 'SEV2', status: 'published', started, action_items: items.map((i) => ({ kind: 'prevent', ...i })) },
  });
  it('is overdue only when open or in progress and due before the build date', () => {
    expect(isOverdue({ status: 'open', due: '2024-01-01' }, '2024-01-02')).toBe(true);
    expect(isOverdue({ status: 'in-progress', due: '2024-01-01' }, '2024-01-02')).toBe(true);
    expect(isOverdue({ status: 'open', due: '2024-01-02' }, '2024-01-02')).toBe(false);
    expect(isOverdue({ status: 'done', due: '2020-01-01' }, '2024-01-02')).toBe(false);
    expect(isOverdue({ status: 'open' }, '2024-01-02')).toBe(false);
  });
  it('sorts overdue first (oldest due first), then open, then closed', () => {
    const items = collectActionItems(
      [
        inc('A', '2024-01-01T00:00', [
          { title: 'done', status: 'done', due: '2019-01-01' },
          { title: 'later', status: 'open', due: '2099-01-01' },
          { title: 'late', status: 'open', due: '2023-06-01' },
        ]),
        inc('B', '2023-01-01T00:00', [
          { title: 'very late', status: 'in-progress', due: '2021-01-01' },
          { title: 'undated', status: 'open' },
        ]),
      ],
      '2024-06-01',
    );
    expect(items.map((i) => i.title)).toEqual(['very late', 'late', 'later', 'undated', 'done']);
    expect(items.map((i) => i.overdue)).toEqual([true, true, false, false, false]);
    expect(items[0].incident.id).toBe('B');
  });
  it('dates: localDate, daysBetween, isStale', () => {
    expect(localDate(Date.parse('2024-03-05T23:30:00Z'), 'UTC')).toBe('2024-03-05');
    expect(localDate(Date.parse('2024-03-05T23:30:00Z'), 'Asia/Seoul')).toBe('2024-03-06');
    expect(daysBetween('2024-01-01', '2024-03-01')).toBe(60);
    expect(isStale('2023-01-01', '2024-01-02', 365)).toBe(true);
    expect(isStale('2023-01-02', '2024-01-02', 365)).toBe(false);
  });
});

describe('facets', () => {
  it('slugs are ASCII, Korean romanised, and unique', () => {
    const m = facetSlugs(['캐시', 'Config Change', 'config-change', 'db']);
    expect(m.get('캐시')).toBe('kaesi');
    expect(new Set(m.values()).size).toBe(4);
    expect([m.get('Config Change'), m.get('config-change')].sort()).toEqual(['config-change', 'config-change-2']);
  });
  it('filter tokens replace whitespace so lists stay space-separated', () => {
    expect(filterToken(' on call ')).toBe('on-call');
    expect(filterTokens(['ssh', 'ec2', 'ssh', 'two words'])).toBe('ssh ec2 two-words');
  });
  it('counts values most used first', () => {
    expect(countValues([['a', 'b'], ['b'], ['b', 'b']])).toEqual([
      { value: 'b', count: 3 },
      { value: 'a', count: 1 },
    ]);
  });
});

describe('redirects', () => {
  it('plans /i/<id>, alias redirects per collection, and never lets an alias shadow an id', () => {
    const plan = planRedirects(
      [
        { id: 'INC-2024-001', aliases: ['old-slug', 'INC-2024-002', 'a/b', 'severity'] },
        { id: 'INC-2024-002', aliases: ['old-slug'] },
      ],
      [{ id: 'pb', aliases: ['pb-old'] }],
      { incidents: new Set(['severity']) },
    );
    expect(plan.incidents).toEqual([{ param: 'old-slug', from: '/incidents/old-slug/', to: '/incidents/INC-2024-001/' }]);
    expect(plan.short.map((r) => r.from)).toEqual(['/i/INC-2024-001/', '/i/INC-2024-002/', '/i/old-slug/']);
    expect(plan.short[2].to).toBe('/incidents/INC-2024-001/');
    expect(plan.playbooks).toEqual([{ param: 'pb-old', from: '/playbooks/pb-old/', to: '/playbooks/pb/' }]);
    expect(plan.skipped.map((s) => s.alias).sort()).toEqual(['INC-2024-002', 'a/b', 'old-slug', 'severity']);
    expect(plan.skipped.find((s) => s.alias === 'old-slug')?.reason).toMatch(/already an alias of INC-2024-001/);
  });
  it('safe segments', () => {
    expect(isSafeSegment('2019-02-15-키페어')).toBe(true);
    for (const bad of ['', 'a/b', 'a b', '..', 'a?b', '50%']) expect(isSafeSegment(bad)).toBe(false);
  });
  it('edit links join the prefix and the repository path', () => {
    expect(editUrl('https://git.example/kb/edit/main/', 'content/incidents/x.md')).toBe(
      'https://git.example/kb/edit/main/content/incidents/x.md',
    );
    expect(editUrl('https://git.example/kb/edit/main', './content/장애.md')).toBe(
      'https://git.example/kb/edit/main/content/%EC%9E%A5%EC%95%A0.md',
    );
    expect(editUrl(undefined, 'x.md')).toBeUndefined();
  });
});

const base = {
  timezone: 'Asia/Seoul',
  services: ['ssh'],
  root_cause: { category: 'config' },
  action_items: [] as { status: string }[],
};

describe('stats', () => {
  it('months in the incident zone, continuous ranges, medians, quarters', () => {
    // The month is the incident's local month, not UTC's (01:00+09:00 on Apr 1 is March 31 in UTC).
    expect(monthOf({ started: '2024-03-31T23:30', timezone: 'Asia/Seoul' })).toBe('2024-03');
    expect(monthOf({ started: '2024-04-01T01:00+09:00', timezone: 'UTC' })).toBe('2024-03');
    expect(monthRange('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeUndefined();
    expect(quarterOf('2024-05-20')).toBe('2024-Q2');
  });
  it('computes per-month severity counts, durations, categories, services, actions and headline figures', () => {
    const s = computeStats(
      [
        {
          ...base,
          id: 'A',
          severity: 'SEV1',
          started: '2024-01-10T10:00',
          detected: '2024-01-10T10:10',
          resolved: '2024-01-10T12:00',
          services: ['ssh', 'ec2'],
          action_items: [{ status: 'done' }, { status: 'open' }],
        },
        {
          ...base,
          id: 'B',
          severity: 'SEV2',
          started: '2024-03-02T10:00',
          detected: '2024-03-02T10:30',
          resolved: '2024-03-02T11:00',
          root_cause: { category: 'code' },
        },
        { ...base, id: 'C', severity: 'SEV2', started: '2024-03-20T10:00' },
      ],
      { today: '2024-03-25', severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4'] },
    );
    expect(s.perMonth.months).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(s.perMonth.bySeverity.SEV1).toEqual([1, 0, 0]);
    expect(s.perMonth.bySeverity.SEV2).toEqual([0, 0, 2]);
    expect(s.durations.map((d) => [d.id, d.ttd, d.ttr])).toEqual([
      ['A', 600_000, 7_200_000],
      ['B', 1_800_000, 3_600_000],
      ['C', undefined, undefined],
    ]);
    expect(s.byCategory).toEqual([
      { value: 'config', count: 2 },
      { value: 'code', count: 1 },
    ]);
    expect(s.byService[0]).toEqual({ value: 'ssh', count: 3 });
    expect(s.actions).toEqual({ months: s.perMonth.months, opened: [2, 0, 0], closed: [1, 0, 0] });
    expect(s.headline).toEqual({ quarter: '2024-Q1', thisQuarter: 3, medianTtd: 1_200_000, medianTtr: 5_400_000 });
  });
  it('regroups months into quarters or years when there are too many bars', () => {
    const months = monthRange('2023-11', '2024-04');
    const values = [1, 0, 2, 0, 0, 3];
    expect(bucketMonths(months, { a: values }, 6)).toEqual({ unit: 'month', keys: months, series: { a: values } });
    expect(bucketMonths(months, { a: values }, 3)).toEqual({
      unit: 'quarter',
      keys: ['2023-Q4', '2024-Q1', '2024-Q2'],
      series: { a: [1, 2, 3] },
    });
    expect(bucketMonths(months, { a: values }, 1)).toEqual({ unit: 'year', keys: ['2023', '2024'], series: { a: [1, 5] } });
  });
  it('empty input gives empty stats', () => {
    const s = computeStats([], { today: '2024-01-01', severities: ['SEV1'] });
    expect(s.perMonth.months).toEqual([]);
    expect(s.headline.medianTtd).toBeUndefined();
  });
});

describe('charts', () => {
  it('bar charts: accessible SVG with titles, currentColor text, CSS-class series, escaped labels', () => {
    const svg = barChart({
      id: 'c1',
      title: 'Per <month>',
      labels: ['Jan', 'Feb'],
      series: [
        { key: 'SEV1', label: 'SEV1', values: [1, 2] },
        { key: 'SEV2', label: 'SEV2', values: [0, 3] },
      ],
    });
    expect(svg).toMatch(/^<svg class="kb-chart[^"]*" role="img" aria-labelledby="c1-title"/);
    expect(svg).toContain('<title id="c1-title">Per &lt;month&gt;</title>');
    expect(svg).toContain('fill="currentColor"');
    expect(svg.match(/<rect class="kb-chart__bar kb-chart__s1"/g)).toHaveLength(2);
    expect(svg.match(/<rect class="kb-chart__bar kb-chart__s2"/g)).toHaveLength(1); // zero values draw nothing
    expect(svg).toContain('<title>Feb · SEV2: 3</title>');
    expect(svg).toContain('>5</text>'); // stacked total
    expect(svg.endsWith('</svg>')).toBe(true);
  });
  it('horizontal bars and duration lines', () => {
    const h = horizontalBarChart({
      id: 'h',
      title: 'By service',
      items: [
        { label: 'ssh', value: 3 },
        { label: 'ec2', value: 1 },
      ],
    });
    expect(h.match(/<rect class="kb-chart__bar/g)).toHaveLength(2);
    const d = durationChart({
      id: 'd',
      title: 'TTD',
      labels: ['A', 'B', 'C'],
      format: (ms) => `${ms / 60_000}m`,
      series: [{ key: 'ttd', label: 'TTD', values: [0, 600_000, undefined] }],
    });
    expect(d).toContain('<path class="kb-chart__line');
    expect(d.match(/<circle /g)).toHaveLength(2);
    expect(d).toContain('<title>B · TTD: 10m</title>');
  });
  it('niceTicks and escapeXml', () => {
    expect(niceTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(escapeXml(`a&"<'`)).toBe('a&amp;&quot;&lt;&#39;');
  });
});

describe('i18n', () => {
  it('English and Korean have the same keys', () => {
    const keys = (o: object, p = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${p}${k}.`) : [`${p}${k}`]));
    expect(keys(ko).sort()).toEqual(keys(en).sort());
    expect(ui('ko').nav.incidents).toBe('장애');
  });
  it('detects the content language from Hangul', () => {
    expect(contentLang('SSH 접속 거부', undefined)).toBe('ko');
    expect(contentLang('Checkout latency', 'p99 up')).toBe('en');
  });
  it('formats dates, instants and durations for the locale', () => {
    expect(formatDate('2024-03-05', 'en')).toBe('Mar 5, 2024');
    expect(formatDate('2024-03-05', 'ko')).toBe('2024년 3월 5일');
    const epoch = Date.parse('2019-02-15T07:01:00Z');
    expect(formatDateTime(epoch, 'Asia/Seoul', 'en')).toMatch(/Feb 15, 2019, 16:01 GMT\+9/);
    expect(formatDateTime(epoch, 'Asia/Seoul', 'ko')).toMatch(/2019년 2월 15일.*16:01/);
    expect(formatDurationFor(52 * 60_000, 'en')).toBe('52m');
    expect(formatDurationFor(65 * 60_000, 'ko')).toBe('1시간 5분');
    expect(formatDurationFor(undefined, 'ko')).toBe('—');
  });
});

describe('api', () => {
  it('incident JSON carries derived durations and offsets in the incident zone', () => {
    const d = incidentSchema.parse({
      id: 'INC-2019-001',
      title: 't',
      summary: 's',
      status: 'review',
      severity: 'SEV3',
      timezone: 'Asia/Seoul',
      started: '2019-02-15T16:01',
      detected: '2019-02-15T16:01',
      resolved: '2019-02-15T16:53',
      root_cause: { category: 'human-process' },
      playbooks: ['pb'],
      related: [],
    });
    const j = incidentJson(d, 'https://kb.test', ['INC-2024-007']);
    expect(j.url).toBe('https://kb.test/incidents/INC-2019-001/');
    expect(j.started).toBe('2019-02-15T16:01:00.000+09:00');
    expect(j.durations).toEqual({ time_to_detect_ms: 0, time_to_mitigate_ms: undefined, time_to_resolve_ms: 52 * 60_000 });
    expect(j.playbooks).toEqual(['pb']);
    expect(j.related).toEqual(['INC-2024-007']);
    expect(j.completeness.total).toBe(REQUIRED_INCIDENT_SECTIONS.length);
  });
});

describe('chart label widths', () => {
  it('counts Hangul as wide, so Korean legends do not overlap', async () => {
    const { textWidth } = await import('../src/site/charts.ts');
    expect(textWidth('탐지까지')).toBeGreaterThan(textWidth('TTD!'));
    expect(textWidth('탐지까지')).toBeGreaterThanOrEqual(4 * 11);
  });
});
