/**
 * The importer's conversion logic, on real post-mortems: the seed (compared with
 * the hand-made incident), three other styles, and the "nothing lost" property.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { convertPostmortem } from '../src/cli/import/convert.ts';
import { actionFromText, canonicalTime, findDate, findSeverity } from '../src/cli/import/facts.ts';
import { parseEntry, parseMarkdown } from '../src/core/entry.ts';
import { createIncidentSchema } from '../src/schema/incident.ts';
import { parseClock } from '../src/core/time/clock.ts';
import { splitWhy } from '../src/core/markdown/extract.ts';
import { codeValues, leafBlocks, missingBlocks, norm } from './helpers/nothing-lost.ts';

const FIX = join(import.meta.dirname, 'fixtures/import');
const SEED = join(FIX, '000_9e7115cd679b7835.txt');
const HAND_MADE = join(import.meta.dirname, '../content/incidents/2019-02-15-keypair-permission-denied.md');
// Every source under fixtures/import, the world/ set included (not their expected-structure JSON or READMEs).
const fixtures = readdirSync(FIX, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.(md|txt|markdown)$/.test(f) && !/(^|\/)README\.md$/.test(f))
  .sort();
const read = (name: string) => readFileSync(join(FIX, name), 'utf8');

function importFixture(name: string, opts: Parameters<typeof convertPostmortem>[1] = {}) {
  const r = convertPostmortem(read(name), { sourceName: join(FIX, name), ...opts });
  const text = r.render('INC-2000-001');
  return { r, text, entry: parseEntry(text, `incidents/${r.fileName}`, 'incident') };
}

const hhmm = (t?: string) => {
  const p = t ? parseClock(t) : undefined;
  return p ? `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}` : undefined;
};
type Section = { id: string; known: boolean; empty: boolean };

describe('importing the seed post-mortem', () => {
  const hand = parseEntry(readFileSync(HAND_MADE, 'utf8'), HAND_MADE, 'incident');
  const { r, entry, text } = importFixture('000_9e7115cd679b7835.txt', { timezone: 'Asia/Seoul' });

  it('has the same canonical sections as the hand-made incident, plus Additional notes for the unmapped "포스트모텀" section', () => {
    const ids = (e: typeof entry) => (e.data.sections as Section[]).filter((s) => s.known).map((s) => s.id);
    expect(ids(entry).filter((id) => id !== 'additional-notes')).toEqual(ids(hand));
    expect(ids(entry).at(-1)).toBe('additional-notes');
    expect(text).toMatch(/## 추가 메모\(Additional Notes\)\n\n### 포스트모텀\(Post-mortem\)\n\n기존에 잘 사용 중이던 KeyPair/);
    // the empty sections stay empty (check reports them), exactly like the hand-made one
    const empty = (e: typeof entry) => (e.data.sections as Section[]).filter((s) => s.known && s.empty).map((s) => s.id);
    expect(empty(entry)).toEqual(empty(hand));
  });

  it('has the same timeline entries; the hand-made one adds a 16:53 [resolved] entry, so the seed is a prefix', () => {
    type Entry = { time?: string; has_details: boolean };
    const mine = (entry.data.timeline as Entry[]).map((e) => [hhmm(e.time), e.has_details]);
    const theirs = (hand.data.timeline as Entry[]).map((e) => [hhmm(e.time), e.has_details]);
    expect(mine).toEqual([
      ['16:01', true],
      ['16:04', true],
      ['16:10', true],
      [undefined, true],
    ]);
    expect(theirs.slice(0, mine.length)).toEqual(mine);
    expect(theirs.slice(mine.length)).toEqual([['16:53', false]]);
    expect(text).toContain('- `16:01` 장애 상황 파악'); // `16:01 PM` : → `16:01`
  });

  it('keeps every code block byte-identical, in order', () => {
    const seedCode = codeValues(parseMarkdown(readFileSync(SEED, 'utf8')));
    expect(seedCode).toHaveLength(7);
    expect(codeValues(entry.tree)).toEqual(seedCode);
    expect(codeValues(hand.tree)).toEqual(seedCode);
  });

  it('has the same number of whys; the hand-made one was reworded into a question, the import keeps the source words', () => {
    const mine = entry.data.five_whys as { question: string; answer: string }[];
    expect(mine).toHaveLength((hand.data.five_whys as unknown[]).length);
    expect(mine[0].answer).toBe('ssh-agent 에 대한 몰이해');
  });

  it('fills the frontmatter from the source and leaves the unknown date out', () => {
    const fm = entry.frontmatter!;
    expect(fm.title).toBe('접속이 잘 되던 KeyPair가 갑자기 Permission Denied 된다');
    expect(fm.aliases).toEqual(['000-9e7115cd679b7835']);
    expect(fm.status).toBe('draft');
    expect(fm.tags).toEqual(['aws', 'ec2', 'postmortem', 'troubleshooting']);
    expect(fm.timezone).toBe('Asia/Seoul');
    expect(fm).not.toHaveProperty('started');
    // One commented proposal, from the `Last login: Fri Feb 15 16:25:53 2019` log line, never set.
    expect(text.match(/^# started:.*$/gm)).toEqual([
      expect.stringMatching(
        /^# started: "2019-02-15T16:01" {2}# date from a log line \(line \d+\), time from the first timeline entry: check it, then uncomment$/,
      ),
    ]);
    // description only repeats the title, so the summary comes from the Overview bullets
    expect(fm.summary).toMatch(/^고객사에서, 어제 새로 생성한 인스턴스에 접근이 안 된다며 연락을 받았음\. 새로 생성한/);
    expect(r.notes.map((n) => n.message).join('\n')).toMatch(/no incident date/);
    // with a date the author supplies, everything else validates
    const dated = parseEntry(text.replace(/^# started:.*$/m, 'started: "2019-02-15T16:01"'), 'incidents/x.md', 'incident');
    expect(createIncidentSchema().safeParse(dated.data).error?.issues ?? []).toEqual([]);
  });
});

describe('importing other styles', () => {
  it('English Google-SRE style: timeline table → list, action-item table → frontmatter, lessons, trigger', () => {
    const { entry, text } = importFixture('2024-03-05-checkout-db-pool-exhaustion.md');
    const d = entry.data as Record<string, any>;
    expect(d.severity).toBe('SEV2');
    expect(d.timezone).toBe('UTC');
    expect([d.started, d.detected, d.mitigated, d.resolved]).toEqual([
      '2024-03-05T14:02',
      '2024-03-05T14:09',
      '2024-03-05T14:40',
      '2024-03-05T15:10',
    ]);
    expect(d.timeline.map((e: any) => [e.time, e.marker ?? null])).toEqual([
      ['2024-03-05 14:02 UTC', 'start'],
      ['14:09', 'detected'],
      ['14:15', null],
      [undefined, null], // the row with an empty time cell follows 14:15
      ['14:40', 'mitigated'],
      ['15:10', 'resolved'],
    ]);
    expect(text).not.toMatch(/\| Time \(UTC\)/);
    expect(d.action_items).toEqual([
      {
        title: 'Add pool size to the config review checklist',
        kind: 'process',
        status: 'open',
        owner: 'mina',
        due: '2024-03-20',
        ticket: 'https://tracker.example.com/OPS-101',
      },
      {
        title: 'Alert when checkout p99 latency is above 1 s for 2 minutes',
        kind: 'detect',
        status: 'open',
        owner: 'sre-team',
        due: '2024-04-01',
        ticket: 'https://tracker.example.com/OPS-102',
      },
      {
        title: "Reject config values below the pool's minimum at deploy time",
        kind: 'prevent',
        status: 'open',
        owner: 'jae',
        due: '2024-04-15',
        ticket: 'https://tracker.example.com/OPS-103',
      },
    ]);
    expect(text).toContain('| Add pool size to the config review checklist | process |'); // still in the body
    expect(d.lessons).toEqual({
      went_well: ['The rollback took under five minutes.', 'The on-call engineer found the diff quickly.'],
      went_wrong: ['The latency alert fired seven minutes late.'],
      got_lucky: ['Traffic was at its weekly low.'],
    });
    expect(d.trigger).toBe('Deploy of config revision 8812 at 14:02 UTC.');
    expect(text).toMatch(/### Original frontmatter\n\n```yaml\nlayout: postmortem\nowner_team: payments-sre\n```/);
    expect(d.authors).toEqual(['mina', 'jae']);
    expect(createIncidentSchema().safeParse(d).success).toBe(true);
  });

  it('Korean, numbered headings, Korean times: 오후 2시 5분 → 14:05, date from the text, why variants normalised', () => {
    const { r, entry, text } = importFixture('장애보고서-2023-11-20-결제-api-지연.md', { timezone: 'Asia/Seoul' });
    const d = entry.data as Record<string, any>;
    expect(r.fileName).toBe('2023-11-20-gyeolje-api-eungdap-jiyeon-jangae.md');
    expect((d.sections as Section[]).filter((s) => s.known).map((s) => s.id)).toEqual([
      'summary',
      'impact',
      'timeline',
      'immediate-action',
      'root-cause',
      'five-whys',
      'action-items',
      'lessons',
      'additional-notes',
    ]);
    expect(text).toContain('## 1. 개요'.replace('1. ', '')); // numbering dropped, words kept
    expect(d.timeline.map((e: any) => e.time ?? null)).toEqual(['14:05', '14:12', '14:30', null, '15:15']);
    expect([d.started, d.detected, d.resolved, d.timezone]).toEqual([
      '2023-11-20T14:05',
      '2023-11-20T14:12',
      '2023-11-20T15:15',
      'Asia/Seoul',
    ]);
    expect(d.five_whys.map((w: any) => [w.question, w.answer])).toEqual([
      ['왜 결제 API가 느려졌는가?', '결제 캐시 키가 제거되어 DB 조회가 급증했기 때문.'],
      ['왜 캐시 키가 제거되었는가?', '메모리가 가득 차 LRU 제거가 일어났기 때문.'],
      ['왜 메모리가 가득 찼는가?', '세션 키에 TTL이 없었기 때문.'],
    ]);
    expect(d.severity).toBe('SEV2');
    expect(d.action_items).toEqual([
      { title: '세션 키에 TTL 24시간 적용', kind: 'prevent', owner: '김철수', status: 'open', due: '2023-12-01' },
      { title: 'Redis 메모리 사용률 80% 알림 추가', kind: 'detect', owner: '이영희', status: 'done' },
      { title: '캐시 운영 가이드 문서 작성', kind: 'process', status: 'open' },
    ]);
    expect(text).toMatch(/## 추가 메모\n\n### 기타\n\n슬랙 채널/);
  });

  it('messy wiki export: setext title, bold pseudo-headings, raw HTML, Why/Because pairs, P1', () => {
    const { r, entry, text } = importFixture('messy-wiki-export.txt');
    const d = entry.data as Record<string, any>;
    expect(d.title).toBe('Search outage (wiki export)');
    expect((d.sections as Section[]).filter((s) => s.known).map((s) => s.id)).toEqual([
      'summary',
      'impact',
      'timeline',
      'root-cause',
      'five-whys',
      'action-items',
    ]);
    expect(text).toContain('## Root cause\n\nIndex retention was disabled'); // `**Root cause:** text` split into heading + paragraph
    expect(d.severity).toBe('SEV1'); // Priority: P1
    expect(d.started).toBe('2024-03-12T09:14'); // "On March 12, 2024" + the first time
    expect(d.five_whys).toEqual([
      { question: 'Why did search fail?', answer: 'Because the cluster went read-only.', line: expect.any(Number) },
      {
        question: 'Why did it go read-only?',
        answer: 'Because es-data-3 crossed the flood-stage disk watermark.',
        line: expect.any(Number),
      },
    ]);
    expect(text).toContain('<div class="wiki-meta">Exported from Confluence');
    expect(text).toContain('<details>\n<summary>Raw alert payload</summary>');
    expect(r.fileName).toBe('2024-03-12-search-outage-wiki-export.md');
    expect(d.action_items.map((a: any) => [a.title, a.owner, a.due ?? null, a.kind])).toEqual([
      ['Re-enable index retention', 'dana', '2024-03-20', 'prevent'],
      ['Make the disk alert actionable: page at 85% instead of warning at 70%', 'sre', null, 'detect'],
    ]);
  });

  it('--lang rewrites canonical headings; anchors stay the same', () => {
    const keep = importFixture('장애보고서-2023-11-20-결제-api-지연.md');
    const en = importFixture('장애보고서-2023-11-20-결제-api-지연.md', { lang: 'en' });
    const bi = importFixture('장애보고서-2023-11-20-결제-api-지연.md', { lang: 'bilingual' });
    expect(en.text).toContain('## Timeline\n');
    expect(en.text).toContain('## Additional Notes\n\n### 기타');
    expect(bi.text).toContain('## 시간 분석(Timeline)\n');
    const ids = (x: typeof keep) => (x.entry.data.sections as Section[]).map((s) => s.id);
    expect(ids(en)).toEqual(ids(keep));
    expect(ids(bi)).toEqual(ids(keep));
  });

  it('never invents a date or a zone', () => {
    const r = convertPostmortem('# Disk full\n\n## Timeline\n\n- 10:00 disk full\n', { sourceName: 'notes.md' });
    expect(r.started).toBeUndefined();
    expect(r.timezone).toBe('UTC');
    expect(
      r.notes
        .filter((n) => n.level === 'warning')
        .map((n) => n.message)
        .join('\n'),
    ).toMatch(/no time zone[\s\S]*no incident date/);
  });
});

describe('facts read from free text', () => {
  it.each([
    ['16:01 PM', '16:01'],
    ['4:01 PM', '16:01'],
    ['오후 4시 1분', '16:01'],
    ['14시 32분', '14:32'],
    ['2024-03-05 14:20 KST', '2024-03-05 14:20 KST'],
    ['09:14 UTC', '09:14 UTC'],
  ])('canonicalTime(%s) = %s', (input, out) => expect(canonicalTime(input)).toBe(out));

  it('finds dates and severities, or nothing', () => {
    expect(findDate('장애일: 2023년 11월 20일 오후')).toBe('2023-11-20');
    expect(findDate('On March 12, 2024 the cluster')).toBe('2024-03-12');
    expect(findDate('version 10.2.3 and 2019-02-30')).toBeUndefined();
    expect(findSeverity('심각도: 2등급')).toBe('SEV2');
    expect(findSeverity('Priority: P0')).toBe('SEV1');
    expect(findSeverity('nothing here, P1 database')).toBeUndefined();
    expect(actionFromText('Page on 85% disk (owner: sre, due: 2024-03-20)')).toEqual({
      title: 'Page on 85% disk',
      kind: 'detect',
      owner: 'sre',
      status: 'open',
      due: '2024-03-20',
    });
  });
});

// ------------------------------------------------------------------ nothing lost

describe('nothing is lost (property over every fixture and every block)', () => {
  it.each(fixtures)('%s: every block of the source is in the output', (name) => {
    const source = parseMarkdown(read(name));
    const { text, entry } = importFixture(name);
    const outTree = entry.tree;
    const outCode = codeValues(outTree);
    expect(leafBlocks(source).length).toBeGreaterThan(5);
    const missing = missingBlocks(source, { title: String(entry.frontmatter!.title), tree: outTree });
    expect(missing).toEqual([]);
    // code blocks: same count, same order, each byte-identical (plus, last, the source's unmapped frontmatter keys)
    const srcCode = codeValues(source);
    expect(outCode.slice(0, srcCode.length)).toEqual(srcCode);
    expect(outCode.slice(srcCode.length)).toEqual(/### Original frontmatter/.test(text) ? [expect.stringMatching(/^layout: /)] : []);
    // every frontmatter value of the source is somewhere in the output
    const fm = source.children[0]?.type === 'yaml' ? parseYaml(source.children[0].value) : {};
    for (const [key, value] of Object.entries(fm ?? {})) {
      for (const v of [value].flat()) expect(norm(text), `frontmatter ${key}`).toContain(norm(String(v)));
    }
  });

  it('the output parses as the schema expects, whys are question/answer pairs where the source had them', () => {
    for (const name of fixtures) {
      const { entry } = importFixture(name);
      for (const w of entry.data.five_whys as { question: string; answer: string }[]) {
        expect(w.answer, name).not.toBe('');
        if (w.question) expect(splitWhy(`${w.question} — ${w.answer}`)).toEqual({ question: w.question, answer: w.answer });
      }
    }
  });
});

describe('robustness (fast-check)', () => {
  const fragments = [
    '# Title',
    '## Timeline',
    '## 5 Whys',
    '## Action Items',
    '## 근본 원인',
    '**Root cause:**',
    '**Impact:** text',
    '- `16:01 PM` : event',
    '- 오후 4시 1분 - 이벤트',
    '1. Why? — because',
    'Why did it fail?',
    'Because reasons.',
    '- [ ] fix it (owner: a, due: 2024-01-02)',
    '| Time | Event |\n| --- | --- |\n| 10:00 | x |',
    '```sh\necho {x} <y>\n```',
    '<div>raw</div>',
    '---',
    'plain { text } < here',
    '---\ntitle: x\n---',
    '---\n: bad: yaml\n---',
    '  indented',
    '> quote',
    '![img](http://x/y.png)',
    '',
    '\r\n',
  ];
  it('never throws, and keeps every code block byte-identical, for any mix of fragments', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...fragments), { maxLength: 14 }),
        fc.constantFrom('keep', 'en', 'ko', 'bilingual'),
        (parts, lang) => {
          const src = parts.join('\n\n');
          const r = convertPostmortem(src, { sourceName: 'x.md', lang: lang as never });
          const out = parseEntry(r.render('INC-2000-001'), 'incidents/x.md', 'incident');
          const srcCode = codeValues(parseMarkdown(src.replace(/\r\n?/g, '\n')));
          // unmapped sections move under Additional notes, so compare as multisets
          const outCode = codeValues(out.tree);
          for (const c of srcCode) {
            const i = outCode.indexOf(c);
            expect(i, c).toBeGreaterThanOrEqual(0);
            outCode.splice(i, 1);
          }
          expect(out.yamlProblems).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
