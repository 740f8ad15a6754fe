/**
 * The checker never crashes: random and truncated YAML and markdown, in files
 * on disk, always come back as diagnostics (and never as an `internal` one).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { configSchema } from '../src/schema/index.ts';
import { runCheck } from '../src/check/index.ts';

const config = configSchema.parse({});
const seeds = [
  readFileSync(resolve(import.meta.dirname, 'fixtures/check/kb/incidents/good.md'), 'utf8'),
  readFileSync(resolve(import.meta.dirname, 'fixtures/check/kb/incidents/five-problems.md'), 'utf8'),
  readFileSync(resolve(import.meta.dirname, 'fixtures/site-basic/incidents/2024-03-05-checkout-latency.mdx'), 'utf8'),
  readFileSync(resolve(import.meta.dirname, '../content/playbooks/ssh-permission-denied-publickey.md'), 'utf8').slice(0, 6000),
];

const fragment = fc.constantFrom(
  '---\n',
  '---',
  'id: INC-2030-9\n',
  'status: published\n',
  'severity: [SEV1\n',
  'timezone: Mars/Base\n',
  'started: "2030-13-45T25:61"\n',
  'action_items:\n  - title: Investigate\n    kind: 7\n',
  '  - ',
  ': :',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  '&a',
  '*a',
  '!!binary',
  '<<: *a\n',
  '\t',
  '## Timeline\n',
  '- `25:99` [detected] x\n',
  '- `09:00` [resolved] y\n',
  '## 5 Whys\n1. Why? — because\n',
  '```\n',
  '<!-- kb-ignore',
  ' -->',
  '{/*',
  '*/}',
  '[x](/incidents/INC-1/#nope)',
  '[y](../a.md#b)',
  '<div>',
  '# kb-ignore schema\n',
  `ghp_${'a'.repeat(36)}`,
  '14.32.250.213',
  '\u0000',
  '한글 제목',
  '\r\n',
);

const document = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.nat()).map(([s, a, b]) => s.slice(Math.min(a, b) % s.length, Math.max(a, b) % s.length)),
  fc
    .tuple(fc.constantFrom(...seeds), fc.nat(), fc.array(fragment, { maxLength: 5 }))
    .map(([s, at, parts]) => s.slice(0, at % s.length) + parts.join('') + s.slice(at % s.length)),
);

describe('check on random input', () => {
  it('returns diagnostics for every document, never throws, never an internal error', async () => {
    const root = mkdtempSync(join(tmpdir(), 'kb-check-fuzz-'));
    mkdirSync(join(root, 'incidents'));
    mkdirSync(join(root, 'playbooks'));
    let n = 0;
    try {
      await fc.assert(
        fc.asyncProperty(document, fc.constantFrom('incidents/x.md', 'incidents/x.mdx', 'playbooks/p.md'), async (text, name) => {
          const path = join(root, `${name.replace(/\.(mdx?)$/, `-${n++}.$1`)}`);
          writeFileSync(path, text);
          try {
            const result = await runCheck({ root, paths: [path], config, today: '2030-01-01' });
            expect(result.files).toHaveLength(1);
            const messages = result.files[0].messages;
            expect(messages.filter((m) => m.ruleId === 'internal').map((m) => m.reason)).toEqual([]);
            for (const m of messages) {
              expect(m.line).toBeGreaterThanOrEqual(1);
              expect(m.line).toBeLessThanOrEqual(text.split(/\r?\n|\r/).length + 1);
              expect(m.column).toBeGreaterThanOrEqual(1);
              expect(m.ruleId).toBeTruthy();
            }
            expect(result.errorCount + result.warningCount + result.infoCount).toBe(messages.length);
          } finally {
            rmSync(path, { force: true });
          }
        }),
        { numRuns: 300 },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('reports every problem, not just the first', async () => {
    const root = resolve(import.meta.dirname, 'fixtures/check/kb');
    const result = await runCheck({ root, paths: [join(root, 'incidents/five-problems.md')], today: '2026-11-22' });
    expect(result.errorCount + result.warningCount).toBe(5);
  });
});
