/**
 * The one frontmatter writer (src/core/frontmatter/write.ts): what it writes
 * reads back as the same data, through `yaml` and through the check's fast
 * path, whatever the strings hold; comments land where they are asked for.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FrontmatterWriter } from '../src/core/frontmatter/write.ts';
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
