/**
 * The pure parts of `timeline add`: placing wall clocks across a DST change,
 * the window, item text (prefixes, escapes, long messages, code), time labels
 * the timeline parser reads back, the merge into existing timelines, markers.
 */
import { describe, expect, it } from 'vitest';
import { parseEntry } from '../src/core/entry.ts';
import { resolveTimeline } from '../src/core/time/timeline.ts';
import type { Incident } from '../src/cli/timeline/incident.ts';
import { type Candidate, frontmatterInstant, planMarkers, suggestMarkers } from '../src/cli/timeline/markers.ts';
import { mergeTimeline, minuteOf, type NewItem, normalizeText, readBack, readTimeline, timeLabel } from '../src/cli/timeline/merge.ts';
import { applyWindow, chooseWindow, placeMessages, wallInstants } from '../src/cli/timeline/place.ts';
import { escapeProse, itemLines, prefixOf, renderText } from '../src/cli/timeline/render.ts';
import { elementLines } from '../src/cli/timeline/scan.ts';
import type { SourceMessage } from '../src/cli/timeline/sources/index.ts';

const LA = 'America/Los_Angeles';
const utc = (iso: string) => Date.parse(iso);

describe('placing wall clocks', () => {
  it('finds both instants of a repeated wall time, none of a skipped one', () => {
    expect(wallInstants({ year: 2024, month: 11, day: 3 }, { hour: 1, minute: 5, second: 0 }, LA)).toEqual([
      utc('2024-11-03T08:05:00Z'),
      utc('2024-11-03T09:05:00Z'),
    ]);
    expect(wallInstants({ year: 2024, month: 3, day: 10 }, { hour: 2, minute: 30, second: 0 }, LA)).toEqual([]);
    expect(wallInstants({ year: 2024, month: 3, day: 5 }, { hour: 23, minute: 41, second: 0 }, 'Asia/Seoul')).toEqual([
      utc('2024-03-05T14:41:00Z'),
    ]);
  });

  it('reads the repeated hour in file order, and says so', () => {
    const local = (time: string, line: number): SourceMessage => ({
      local: { date: '2024-11-03', time },
      text: `at ${time}`,
      kind: 'message',
      origin: { file: 'chat.txt', line },
    });
    const notes: string[] = [];
    const placed = placeMessages(
      [{ path: 'chat.txt', kind: 'chat-text', messages: [local('01:20', 1), local('01:48', 2), local('01:05', 3), local('02:15', 4)] }],
      LA,
      notes,
    );
    expect(placed.map((p) => new Date(p.epoch).toISOString().slice(11, 16))).toEqual(['08:20', '08:48', '09:05', '10:15']);
    expect(notes).toEqual([
      expect.stringContaining(
        'line 1 (01:20 read as the first), line 2 (01:48 read as the first) and line 3 (01:05 read as the second) fall in the hour that happens twice',
      ),
    ]);
  });

  it('keeps started − 30 min to resolved + 30 min by default, and a reply whose parent is outside', () => {
    const w = chooseWindow({}, { zone: 'UTC', started: utc('2024-03-05T23:39Z'), resolved: utc('2024-03-06T00:09Z') });
    expect(w).toEqual({ from: utc('2024-03-05T23:09Z'), to: utc('2024-03-06T00:39Z'), basis: '`started` − 30 min to `resolved` + 30 min' });
    const msg = (iso: string): SourceMessage => ({ epoch: utc(iso), text: iso, kind: 'message', origin: { file: 'x' } });
    const reply = {
      epoch: utc('2024-03-05T23:30Z'),
      message: msg('2024-03-05T23:30Z'),
      source: 'slack-export' as const,
      order: 1,
      replies: [],
    };
    const { kept, outside } = applyWindow(
      [{ epoch: utc('2024-03-05T20:00Z'), message: msg('2024-03-05T20:00Z'), source: 'slack-export', order: 0, replies: [reply] }],
      w,
    );
    expect(kept.map((k) => k.message.text)).toEqual(['2024-03-05T23:30Z']);
    expect(outside).toBe(1);
    expect(chooseWindow({ from: '23:50', to: '2024-03-06 00:05' }, { zone: 'UTC', started: utc('2024-03-05T23:39Z') })).toMatchObject({
      from: utc('2024-03-05T23:50Z'),
      to: utc('2024-03-06T00:05Z'),
      basis: '--from to --to',
    });
  });
});

describe('item text', () => {
  it('names people plainly and bots and alerts in bold, with the alert status', () => {
    const m = (kind: SourceMessage['kind'], author?: string, status?: string): SourceMessage => ({
      kind,
      author,
      status,
      text: '',
      origin: { file: 'x' },
    });
    expect(prefixOf(m('message', 'mina'), 'slack-export').markdown).toBe('mina: ');
    expect(prefixOf(m('bot', 'deploy_bot'), 'slack-export').markdown).toBe('**deploy\\_bot** (bot): ');
    expect(prefixOf(m('alert', 'Mina Kim', 'acknowledged'), 'pagerduty-csv')).toEqual({
      markdown: '**PagerDuty** (alert, acknowledged): ',
      plain: 'PagerDuty (alert, acknowledged): ',
    });
    expect(prefixOf(m('alert', undefined, 'firing'), 'alertmanager').plain).toBe('Alertmanager (alert, firing): ');
  });

  it('escapes what markdown or MDX would read as markup, never inside code', () => {
    expect(escapeProse('latency < 200ms and <br> {x} `{y} <z>`', true)).toBe('latency \\< 200ms and \\<br> \\{x\\} `{y} <z>`');
    expect(escapeProse('latency < 200ms and <br> {x}', false)).toBe('latency < 200ms and \\<br> {x}');
    expect(escapeProse('---', false)).toBe('\\---');
    expect(escapeProse('# not a heading', false)).toBe('\\# not a heading');
  });

  it('shortens a long message to its first paragraph and quotes the whole, code still fenced', () => {
    const long = `First paragraph of the update.\n\n${'More detail. '.repeat(30)}\n\n\`\`\`\nkubectl rollout undo deploy/payments\n\`\`\``;
    const r = renderText(long, false);
    expect(r.head).toEqual(['First paragraph of the update.']);
    expect(r.shortened).toBe(true);
    expect(r.details[0]).toBe('> First paragraph of the update.');
    expect(r.details.slice(-3)).toEqual(['> ```', '> kubectl rollout undo deploy/payments', '> ```']);
    const one = renderText(`${'word '.repeat(80)}end.`, false);
    expect(one.head[0].length).toBeLessThanOrEqual(201);
    expect(one.head[0].endsWith('…')).toBe(true);
  });

  it('keeps a short message whole, with its code block nested under the item', () => {
    const r = renderText('log lines:\n```\nERROR dial tcp: reset\nwith ``` inside\n```\nlooks like TLS', false);
    expect(r).toEqual({
      head: ['log lines:'],
      details: ['````', 'ERROR dial tcp: reset', 'with ``` inside', '````', 'looks like TLS'],
      shortened: false,
    });
    const lines = itemLines(
      {
        label: '23:55',
        prefix: { markdown: 'alex: ', plain: 'alex: ' },
        rendered: r,
        replies: [{ label: '23:56', prefix: { markdown: 'mina: ', plain: 'mina: ' }, rendered: renderText('thanks', false), replies: [] }],
      },
      '-',
    );
    expect(lines.join('\n')).toBe(
      '- `23:55` alex: log lines:\n  ````\n  ERROR dial tcp: reset\n  with ``` inside\n  ````\n  looks like TLS\n  - `23:56` mina: thanks',
    );
  });

  it('reads items back as the timeline parser does', () => {
    expect(readBack(['**PagerDuty** (alert, triggered): #4172 *Checkout*\nTriggered', 'mina: [dash](https://x.example)'])).toEqual([
      'pagerduty (alert, triggered): #4172 checkout triggered',
      'mina: dash',
    ]);
  });
});

describe('time labels', () => {
  it('writes a time of day on the timeline’s day, a full date on another, an offset in the repeated hour', () => {
    expect(timeLabel(utc('2024-03-05T14:41Z'), 'Asia/Seoul', '2024-03-05')).toBe('23:41');
    expect(timeLabel(utc('2024-03-05T15:05Z'), 'Asia/Seoul', '2024-03-05')).toBe('2024-03-06 00:05');
    expect(timeLabel(utc('2024-11-03T08:05Z'), LA, '2024-11-03')).toBe('01:05');
    expect(timeLabel(utc('2024-11-03T09:05Z'), LA, '2024-11-03')).toBe('01:05 -08:00');
    expect(timeLabel(utc('2024-11-03T09:05Z'), LA, '2024-11-02')).toBe('2024-11-03 01:05 -08:00');
  });
});

describe('merging into an existing timeline', () => {
  const file = (body: string, fm = 'timezone: UTC\nstarted: "2024-03-05T23:39"\n') =>
    `---\nid: INC-2024-006\n${fm}---\n\n## Timeline\n\n${body}\n## Root cause\n\nx\n`;
  const incident = (text: string): Incident => {
    const parsed = parseEntry(text, 'x.md', 'incident');
    return { path: 'x.md', text, parsed, zone: 'UTC', started: utc('2024-03-05T23:39Z'), frontmatter: parsed.frontmatter!, mdx: false };
  };
  const item = (iso: string, author: string, text: string, replies: NewItem[] = []): NewItem => {
    const prefix = { markdown: `${author}: `, plain: `${author}: ` };
    const rendered = renderText(text, false);
    const full = readBack([`${prefix.markdown}${rendered.head.join('\n')}`])[0];
    return {
      label: '',
      prefix,
      rendered,
      minute: minuteOf(utc(iso)),
      keys: [full, full.slice(normalizeText(prefix.plain).length).trim()],
      replies,
    };
  };

  it('puts new items in time order, untimed items staying after theirs, in the list’s own bullet and spacing', () => {
    const text = file('* `23:39` [start] First 5xx.\n\n* Nobody was paged.\n\n* `23:47` Rolled back.\n');
    const inc = incident(text);
    const out = mergeTimeline(
      inc,
      readTimeline(inc, '2024-03-05T23:39'),
      [item('2024-03-05T23:40:14Z', 'mina', 'paging'), item('2024-03-06T00:02Z', 'joon', 'green')],
      '2024-03-05',
    );
    expect(out.text).toBe(
      file(
        '* `23:39` [start] First 5xx.\n\n* Nobody was paged.\n\n* `23:40` mina: paging\n\n* `23:47` Rolled back.\n\n* `2024-03-06 00:02` joon: green\n',
      ),
    );
  });

  it('matches an item already there by minute and text, with or without the author, and adds its new replies', () => {
    const text = file('- `23:40` paging\n  - `23:41` joon: on it\n');
    const inc = incident(text);
    const entry = item('2024-03-05T23:40:30Z', 'mina', 'paging', [
      item('2024-03-05T23:41Z', 'joon', 'on it'),
      item('2024-03-06T00:01Z', 'alex', 'me too'),
    ]);
    const out = mergeTimeline(inc, readTimeline(inc, '2024-03-05T23:39'), [entry], '2024-03-05');
    expect(out.added).toEqual([]);
    expect(out.repliesAdded).toBe(1);
    expect(out.text).toBe(file('- `23:40` paging\n  - `23:41` joon: on it\n  - `2024-03-06 00:01` alex: me too\n'));
  });

  it('adds the section where the canonical order puts it when there is none, and reads back exactly', () => {
    const text = '---\nid: X\ntimezone: America/Los_Angeles\nstarted: "2024-11-03T00:50"\n---\n\n## Overview\n\nx\n\n## Root Cause\n\ny\n';
    const parsed = parseEntry(text, 'x.md', 'incident');
    const inc: Incident = {
      path: 'x.md',
      text,
      parsed,
      zone: LA,
      started: utc('2024-11-03T07:50Z'),
      frontmatter: parsed.frontmatter!,
      mdx: false,
    };
    const items = ['2024-11-03T08:48Z', '2024-11-03T09:05Z', '2024-11-03T10:15Z'].map((iso) => item(iso, 'mina', iso));
    const out = mergeTimeline(inc, readTimeline(inc, '2024-11-03T00:50'), items, '2024-11-03');
    expect(out.text).toContain(
      '## Overview\n\nx\n\n## Timeline\n\n- `01:48` mina: 2024-11-03T08:48Z\n- `01:05 -08:00` mina: 2024-11-03T09:05Z\n- `02:15` mina: 2024-11-03T10:15Z\n\n## Root Cause\n',
    );
    const timeline = parseEntry(out.text, 'x.md').data.timeline as { time: string }[];
    expect(resolveTimeline(timeline, '2024-11-03T00:50', LA).map((t) => t.epoch)).toEqual(items.map((i) => i.minute));
  });
});

describe('markers', () => {
  const candidate = (iso: string, text: string, status?: string): Candidate => ({
    item: { label: '', prefix: { markdown: '', plain: '' }, rendered: renderText(text, false), minute: utc(iso), keys: [], replies: [] },
    topLevel: true,
    status,
    text,
    place: 'x:1',
    summary: text,
  });

  it('suggests the first firing, the first rollback after it and the last resolution, in English and Korean', () => {
    const s = suggestMarkers([
      candidate('2024-03-05T23:30Z', 'we could roll back if needed'),
      candidate('2024-03-05T23:40Z', 'CheckoutHighErrorRate', 'firing'),
      candidate('2024-03-05T23:47Z', 'payments-client를 2.14.1로 롤백했어요'),
      candidate('2024-03-06T00:05Z', '결제 복구 확인'),
      candidate('2024-03-06T00:09Z', 'Resolved #4172'),
      candidate('2024-03-06T00:20Z', 'still unresolved questions for the review'),
    ]);
    expect(s.map((x) => `${x.marker} ${new Date(x.item.minute).toISOString().slice(11, 16)}`)).toEqual([
      'detected 23:40',
      'mitigated 23:47',
      'resolved 00:09',
    ]);
  });
});

describe('--markers', () => {
  const incident = (fm: Record<string, string>): Incident => ({
    path: 'x.md',
    text: '',
    parsed: parseEntry('---\nid: X\n---\n', 'x.md'),
    zone: LA,
    frontmatter: { timezone: LA, ...fm },
    mdx: false,
  });
  const suggestion = (marker: 'detected' | 'mitigated' | 'resolved', iso: string) => ({
    marker,
    item: {
      label: '',
      prefix: { markdown: '', plain: '' },
      rendered: renderText('x', false),
      minute: utc(iso),
      keys: [],
      replies: [],
    } as NewItem,
    topLevel: true,
    place: 'chat.txt:3',
    summary: 'mina: firing',
  });

  it('fills only empty instants, in order, and marks only items that agree with the frontmatter', () => {
    const s = [
      suggestion('detected', '2024-11-03T08:00Z'),
      suggestion('mitigated', '2024-11-03T07:00Z'),
      suggestion('resolved', '2024-11-03T10:16Z'),
    ];
    const plan = planMarkers(incident({ started: '2024-11-03T00:50', resolved: '2024-11-03T02:16' }), s, new Map());
    expect(plan.fills).toEqual([
      { key: 'detected', value: '2024-11-03T01:00', comment: 'from chat.txt:3: mina: firing', after: ['started'] },
    ]);
    expect(plan.marked.map((m) => m.marker)).toEqual(['detected', 'resolved']);
    expect(plan.notes).toEqual([expect.stringContaining('[mitigated] at 2024-11-03 00:00 would be out of order')]);
  });

  it('writes a frontmatter instant in the repeated hour with its offset', () => {
    expect(frontmatterInstant(utc('2024-11-03T08:05Z'), LA)).toBe('2024-11-03T01:05');
    expect(frontmatterInstant(utc('2024-11-03T09:05Z'), LA)).toBe('2024-11-03T01:05-08:00');
  });
});

describe('places in JSON sources', () => {
  it('finds the line of the n-th message of a day file', () => {
    const text = '[\n  {\n    "text": "a [b] {c}",\n    "ts": "1"\n  },\n  {\n    "text": "\\"quoted\\" ]"\n  },\n  { "ts": "3" }\n]\n';
    expect(elementLines(text)).toEqual([2, 6, 9]);
  });
});
