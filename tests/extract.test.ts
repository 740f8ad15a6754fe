import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseEntry } from '../src/core/entry.ts';
import { isPlaceholderOnly, splitWhy } from '../src/core/markdown/extract.ts';
import { parseMarkdown } from '../src/core/entry.ts';

const seed = readFileSync(new URL('./fixtures/seed-postmortem-ko.md', import.meta.url), 'utf8');
const project = readFileSync(new URL('../content/incidents/2019-02-15-keypair-permission-denied.md', import.meta.url), 'utf8');

describe('timeline extraction from the seed format', () => {
  const { data } = parseEntry(seed, 'incidents/seed.md', 'incident');
  const timeline = data.timeline as { time?: string; text: string; has_details: boolean; line: number }[];

  it('reads backticked times, including the seed\'s "16:01 PM"', () => {
    expect(timeline.map((e) => e.time)).toEqual(['16:01 PM', '16:04 PM', '16:10 PM', undefined]);
    expect(timeline[0].text).toBe('장애 상황 파악');
  });

  it('keeps an untimed item as an entry with no time, and its text', () => {
    expect(timeline[3].time).toBeUndefined();
    expect(timeline[3].text).toContain('ssh -vv');
  });

  it('notes nested code blocks as details, and the source line', () => {
    expect(timeline.every((e) => e.has_details)).toBe(true);
    expect(timeline[0].line).toBe(21);
  });

  it('finds every canonical section of the bilingual headings', () => {
    const ids = (data.sections as { id: string; known: boolean }[]).filter((s) => s.known).map((s) => s.id);
    expect(ids).toEqual(['summary', 'timeline', 'immediate-action', 'root-cause', 'five-whys', 'discussion', 'action-items', 'monitoring']);
  });

  it('counts "- -" placeholders as empty', () => {
    const empty = (data.sections as { id: string; empty: boolean }[]).filter((s) => s.empty).map((s) => s.id);
    expect(empty).toEqual(expect.arrayContaining(['discussion', 'action-items', 'monitoring']));
    expect(empty).not.toContain('timeline');
  });
});

describe('the project incident made from the seed', () => {
  const { data, yamlProblems } = parseEntry(project, 'content/incidents/x.md');
  it('parses cleanly and keeps every timeline entry', () => {
    expect(yamlProblems).toEqual([]);
    const timeline = data.timeline as { time?: string; marker?: string }[];
    expect(timeline.map((e) => e.time)).toEqual(['16:01', '16:04', '16:10', undefined, '16:53']);
    expect(timeline[0].marker).toBe('detected');
    expect(timeline[4].marker).toBe('resolved');
  });
  it('keeps every code block of the seed byte for byte', () => {
    const blocks = (s: string) => [...s.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1].replace(/^ +/gm, ''));
    expect(blocks(project)).toEqual(blocks(seed));
  });
  it('extracts the why and the root-cause statement from the body', () => {
    expect((data.five_whys as unknown[]).length).toBe(1);
    expect((data.root_cause as { statement: string }).statement).toMatch(/ssh-add|ssh-agent/);
  });
});

describe('timeline item shapes', () => {
  const timelineOf = (body: string) =>
    parseEntry(`---\nid: INC-2024-001\n---\n\n## Timeline\n\n${body}`, 'incidents/x.md').data.timeline as {
      time?: string;
      marker?: string;
      text: string;
    }[];

  it.each([
    ['- `14:02` [start] Deploy', '14:02', 'start', 'Deploy'],
    ['- `2024-03-05 14:20 KST`: Alert', '2024-03-05 14:20 KST', undefined, 'Alert'],
    ['- 16:01 — paged', '16:01', undefined, 'paged'],
    ['- **09:15** [mitigated] rollback', '09:15', 'mitigated', 'rollback'],
    ['- 오후 4시 1분 장애 인지', '오후 4시 1분', undefined, '장애 인지'],
    ['- 14시 32분: 복구 완료', '14시 32분', undefined, '복구 완료'],
    ['- `ssh -vv` output checked', undefined, undefined, 'ssh -vv output checked'],
  ])('%s', (item, time, marker, text) => {
    const [entry] = timelineOf(item);
    expect(entry.time).toBe(time);
    expect(entry.marker).toBe(marker);
    expect(entry.text).toBe(text);
  });
});

describe('placeholders and whys', () => {
  const nodes = (md: string) => parseMarkdown(md).children;
  it.each(['- -', '-', 'TBD', 'TODO', '- TBD\n- TODO', '<!-- fill me -->', '---'])('%j is empty', (md) => {
    expect(isPlaceholderOnly(nodes(md))).toBe(true);
  });
  it.each(['- one real point', '```\n-\n```', 'Not yet known, see OPS-12'])('%j is content', (md) => {
    expect(isPlaceholderOnly(nodes(md))).toBe(false);
  });
  it('reads every list of the 5 whys section: one chain per problem', () => {
    const { data } = parseEntry(
      '---\nid: INC-2024-001\n---\n\n## 5 Whys\n\n### Problem 1\n\n1. Why slow? — A.\n2. Why A? — B.\n\n### Problem 2\n\n1. Why late? — C.\n',
      'incidents/x.md',
    );
    expect((data.five_whys as { question: string }[]).map((w) => w.question)).toEqual(['Why slow?', 'Why A?', 'Why late?']);
  });
  it('splits a why into question and answer', () => {
    expect(splitWhy('Why did it fail? — The key was not loaded.')).toEqual({
      question: 'Why did it fail?',
      answer: 'The key was not loaded.',
    });
    expect(splitWhy('Q: Why? A: Because.')).toEqual({ question: 'Why?', answer: 'Because.' });
    expect(splitWhy('ssh-agent 에 대한 몰이해')).toEqual({ question: '', answer: 'ssh-agent 에 대한 몰이해' });
  });
});

describe('MDX comments', () => {
  it('does not count a {/* guidance */} comment as content', () => {
    const { data } = parseEntry(
      '---\nid: INC-2024-001\n---\n\n## Impact\n\n{/* Who was affected? */}\n\n## Timeline\n\n- `10:00` x\n',
      'incidents/x.mdx',
    );
    const impact = (data.sections as { id: string; empty: boolean }[]).find((s) => s.id === 'impact');
    expect(impact?.empty).toBe(true);
  });
});

describe('frontmatter that YAML only rejects when converting', () => {
  it('reports an unresolved alias as a YAML problem instead of throwing', () => {
    const parsed = parseEntry('---\n<<: *a\nid: INC-2030-001\n---\n\n## Summary\n\nx\n', 'incidents/x.md');
    expect(parsed.yamlProblems).toEqual([expect.objectContaining({ message: expect.stringMatching(/alias/i), line: 2 })]);
  });
});
