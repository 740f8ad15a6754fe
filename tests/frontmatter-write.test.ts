/**
 * The one frontmatter writer (src/core/frontmatter/write.ts): what it writes
 * reads back as the same data, through `yaml` and through the check's fast
 * path, whatever the strings hold; comments land where they are asked for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FrontmatterWriter, fillFrontmatter } from '../src/core/frontmatter/write.ts';
import { parseFastYaml } from '../src/core/frontmatter/yaml-fast.ts';

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.constantFrom('true', 'null', '2024-03-05', 'a: b', '- x', '#', "'", '"', '\\', 'SEV2', ''),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  leaf: fc.oneof(text, fc.integer(), fc.boolean()),
  list: fc.array(fc.oneof(text, tie('map')), { maxLength: 4 }),
  map: fc.dictionary(
    fc.constantFrom('id', 'status', 'kind', 'title', 'note', 'x_y'),
    fc.oneof(tie('leaf'), fc.array(text, { maxLength: 3 })),
    {
      maxKeys: 4,
    },
  ),
  any: fc.oneof(tie('leaf'), tie('list'), tie('map')),
})).any;

describe('FrontmatterWriter', () => {
  it('round-trips any data through yaml, and through the fast path wherever the fast path reads it', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('id', 'title', 'severity', 'tags', 'impact', 'action_items', 'lessons'), value),
        fc.option(text),
        (data, comment) => {
          const fm = new FrontmatterWriter();
          for (const [k, v] of Object.entries(data))
            fm.set(k, v, { comment: comment ?? undefined, before: comment ? `about ${k}` : undefined });
          const yaml = fm.yaml();
          expect(parse(yaml) ?? {}).toEqual(data);
          const fast = parseFastYaml(yaml);
          if (fast) expect(fast.value ?? {}).toEqual(data);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes the house style: plain enums, quoted strings, short name lists on one line, prose lists one per line, comments in place', () => {
    const fm = new FrontmatterWriter()
      .set('id', 'INC-2024-001')
      .set('title', '결제 "API" 지연')
      .set('severity', 'SEV2', { comment: 'Major' })
      .comment('started: "YYYY-MM-DDTHH:MM"')
      .set('tags', ['db', 'payments'])
      .set('lessons', { went_well: ['The rollback was quick.'], got_lucky: [] })
      .set('action_items', [{ title: 'Alert on pool use', kind: 'detect', status: 'open' }])
      .note(['lessons', 'went_well'], 'from the review');
    expect(fm.toString()).toBe(
      [
        '---',
        'id: INC-2024-001',
        'title: "결제 \\"API\\" 지연"',
        'severity: SEV2 # Major',
        '# started: "YYYY-MM-DDTHH:MM"',
        'tags: ["db", "payments"]',
        'lessons:',
        '  went_well: # from the review',
        '    - "The rollback was quick."',
        '  got_lucky: []',
        'action_items:',
        '  - title: "Alert on pool use"',
        '    kind: detect',
        '    status: open',
        '---',
        '',
      ].join('\n'),
    );
  });
});

describe('fillFrontmatter', () => {
  const yaml = [
    'id: INC-2024-007 # stable',
    'severity: SEV2',
    'started: "2024-03-06T08:39" # the first 5xx',
    '# detected: "2024-03-06T08:40" # when it was noticed',
    'mitigated:',
    'resolved: "2024-03-06T09:09"',
    'services: [checkout,  payments]',
    '',
  ].join('\n');

  it('fills missing and empty keys and changes no other byte', () => {
    const out = fillFrontmatter(yaml, [
      { key: 'detected', value: '2024-03-06T08:39', comment: 'from a.json:5: PagerDuty', after: ['started'] },
      { key: 'mitigated', value: '2024-03-06T08:44', comment: 'from b.csv:3', after: ['detected', 'started'] },
      { key: 'resolved', value: '2024-03-06T10:00', after: ['mitigated'] },
    ]);
    expect(out).toBe(
      [
        'id: INC-2024-007 # stable',
        'severity: SEV2',
        'started: "2024-03-06T08:39" # the first 5xx',
        '# detected: "2024-03-06T08:40" # when it was noticed',
        'detected: "2024-03-06T08:39" # from a.json:5: PagerDuty',
        'mitigated: "2024-03-06T08:44" # from b.csv:3',
        'resolved: "2024-03-06T09:09"',
        'services: [checkout,  payments]',
        '',
      ].join('\n'),
    );
    expect(parse(out)).toMatchObject({ detected: '2024-03-06T08:39', mitigated: '2024-03-06T08:44', resolved: '2024-03-06T09:09' });
  });

  it('puts a key with no commented-out line after its anchor, or at the end, keeping CRLF', () => {
    const crlf = 'id: X\r\nstarted: "2024-03-06T08:39"\r\nservices:\r\n  - a\r\n';
    expect(fillFrontmatter(crlf, [{ key: 'detected', value: '2024-03-06T08:40', after: ['started'] }])).toBe(
      'id: X\r\nstarted: "2024-03-06T08:39"\r\ndetected: "2024-03-06T08:40"\r\nservices:\r\n  - a\r\n',
    );
    expect(fillFrontmatter('id: X\n', [{ key: 'resolved', value: '2024-03-06T09:00', after: ['mitigated'] }])).toBe(
      'id: X\nresolved: "2024-03-06T09:00"\n',
    );
  });
});
