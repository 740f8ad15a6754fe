/**
 * One bad fixture per rule under tests/fixtures/check/kb/incidents/: each test
 * checks that file alone (links still resolve against the whole fixture root)
 * and asserts the exact rule ids, lines and the exit code.
 */
import { describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { RULE_DOCS, exitCodeFor, formatReport, runCheck } from '../src/check/index.ts';

const ROOT = resolve(import.meta.dirname, 'fixtures/check/kb');
const TODAY = '2026-11-22';

async function check(name: string) {
  const result = await runCheck({ root: ROOT, paths: [resolve(ROOT, 'incidents', name)], today: TODAY });
  const file = result.files.find((f) => f.path.endsWith(`/${name}`))!;
  const findings = file.messages.filter((m) => m.fatal !== undefined).map((m) => `${m.ruleId}@${m.line}`);
  return { result, file, findings };
}

describe('the clean fixture', () => {
  it('has no findings and full completeness', async () => {
    const { result, file } = await check('good.md');
    expect(file.messages).toEqual([]);
    expect(exitCodeFor(result)).toBe(0);
    expect(result.completeness.get('incidents/good.md')).toEqual({ filled: 10, total: 10 });
    expect(file.data.completeness).toEqual({ filled: 10, total: 10 });
  });
});

// [fixture, findings as rule@line (errors and warnings, in order), exit code]
const CASES: [string, string[], 0 | 1][] = [
  ['yaml.md', ['yaml@8'], 1],
  ['yaml-missing.md', ['yaml@1'], 1],
  ['mdx.mdx', ['mdx@77'], 1],
  ['mdx-code.mdx', ['mdx/code@33', 'mdx/code@37'], 1],
  ['ignore-secrets.md', ['ignore/secrets@34'], 1],
  ['schema.md', ['schema@7', 'schema@15'], 1],
  ['schema-body-field.md', ['schema/body-field@30'], 1],
  ['structure-required-section.md', ['structure/required-section@31', 'structure/required-section@68'], 1],
  ['structure-required-section-draft.md', ['structure/required-section@72'], 0],
  ['structure-duplicate-section.md', ['structure/duplicate-section@72'], 0],
  ['structure-unknown-heading.md', [], 0],
  ['time-zone.md', ['time/zone@10'], 1],
  ['time-sequence.md', ['time/sequence@13', 'time/marker@44'], 1],
  ['time-timeline-parse.md', ['time/timeline-parse@43'], 1],
  ['time-order.md', ['time/order@45'], 1],
  ['time-range.md', ['time/range@46'], 0],
  ['time-marker.md', ['time/marker@43'], 0],
  ['time-marker-name.md', ['time/marker-name@43'], 0],
  ['links-duplicate-id.md', ['links/duplicate-id@5'], 1],
  ['links-playbook.md', ['links/playbook@28'], 1],
  ['links-related.md', ['links/related@29'], 1],
  ['links-internal.md', ['links/internal@70', 'links/internal@70'], 1],
  ['links-anchor.md', ['links/anchor@62', 'links/anchor@62'], 1],
  ['links-reciprocal.md', ['links/reciprocal@44'], 0],
  ['remediation-owner.md', ['remediation/owner@23'], 1],
  ['remediation-due.md', ['remediation/due@23'], 1],
  ['remediation-overdue.md', ['remediation/overdue@27'], 0],
  ['remediation-vague.md', ['remediation/vague@23'], 0],
  ['blameless.md', ['blameless@49', 'blameless@49'], 0],
  [
    'secrets.md',
    [
      'secrets/private-key@73',
      'secrets/aws-access-key@76',
      'secrets/aws-secret-key@77',
      'secrets/github-token@78',
      'secrets/bearer-token@79',
      'secrets/slack-token@80',
      'secrets/url-password@81',
      'secrets/password@82',
    ],
    1,
  ],
  ['pii.md', ['pii/email@70', 'pii/phone@70', 'pii/ip-address@73', 'pii/fingerprint@73', 'pii/ip-address@74'], 0],
  ['ignore-reason.md', ['ignore/reason@49', 'blameless@50'], 1],
  ['ignore-unknown-rule.md', ['ignore/unknown-rule@49'], 1],
  ['ignore-unused.md', ['ignore/unused@60'], 0],
  ['ignored.md', [], 0],
  ['editions-block.md', ['editions/block@63', 'editions/block@69'], 1],
  ['five-problems.md', ['schema@7', 'remediation/owner@23', 'links/playbook@27', 'time/timeline-parse@42', 'blameless@48'], 1],
];

describe('one bad fixture per rule', () => {
  it.each(CASES)('%s', async (name, expected, code) => {
    const { result, findings } = await check(name);
    expect(findings).toEqual(expected);
    expect(exitCodeFor(result)).toBe(code);
  });

  it('reports unknown headings as info', async () => {
    const { file } = await check('structure-unknown-heading.md');
    expect(file.messages.map((m) => [m.ruleId, m.line, m.fatal])).toEqual([['structure/unknown-heading', 72, undefined]]);
  });

  it('covers every rule id with a fixture (except config and internal, tested elsewhere)', () => {
    const covered = new Set(CASES.flatMap(([, f]) => f.map((x) => x.split('@')[0])));
    covered.add('structure/unknown-heading');
    covered.add('time/id-year'); // under messages, below
    // The newer secret forms are generated at test time (tests/secrets-forms.test.ts), so no real-looking key is
    // committed; broken files (`file`) are made at test time too (tests/hostile-content.test.ts). The public
    // edition's rules run only with `edition: 'public'` (tests/editions.test.ts).
    covered.add('editions/marker');
    covered.add('editions/personal-data');
    const untested = RULE_DOCS.map((d) => d.id).filter(
      (id) =>
        !covered.has(id) &&
        !['config', 'internal', 'secrets/api-key', 'secrets/jwt', 'secrets/cloud-key', 'secrets/basic-auth', 'file'].includes(id),
    );
    expect(untested).toEqual([]);
  });

  it('places a duplicate id on both files', async () => {
    const result = await runCheck({ root: ROOT, today: TODAY });
    const playbook = result.files.find((f) => f.path.endsWith('playbooks/disk-full.md'))!;
    expect(playbook.messages.map((m) => `${m.ruleId}@${m.line}`)).toEqual(['links/duplicate-id@5']);
  });
});

describe('messages', () => {
  it('are VFileMessages with place, ruleId, source and url', async () => {
    const { file } = await check('schema.md');
    const m = file.messages[1];
    expect(m.reason).toBe('unknown key `servces`: did you mean `services`?');
    expect([m.line, m.column, m.ruleId, m.source, m.fatal]).toEqual([15, 1, 'schema', 'kb', true]);
    expect(m.url).toMatch(/^https?:\/\//);
  });

  it('soften draft sections to warnings and say what to add', async () => {
    const { file } = await check('structure-required-section-draft.md');
    expect(file.messages[0].fatal).toBe(false);
    const published = await check('structure-required-section.md');
    expect(published.file.messages[0].reason).toContain('missing section `## Lessons Learned` (`## 교훈`)');
    expect(published.file.messages[0].fatal).toBe(true);
  });

  it('let a draft lack what is filled in later, pointing at where each key goes', async () => {
    const { result, file } = await check('schema-draft.md');
    const schema = file.messages.filter((m) => m.ruleId === 'schema');
    expect(schema.map((m) => [m.line, m.fatal, m.reason])).toEqual([
      [
        5,
        false,
        '`severity` is not set yet (one of SEV1, SEV2, SEV3, SEV4): add `severity: SEV3` after `status:` (line 5) before the draft goes to review',
      ],
      [5, false, '`timezone` is not set yet: add `timezone: Asia/Seoul` after `status:` (line 5) before the draft goes to review'],
      [
        6,
        false,
        '`started` is not set yet: check the commented-out `# started:` on line 6 and uncomment it before the draft goes to review',
      ],
      [
        7,
        false,
        '`root_cause` is not set yet: add `root_cause: { category: unknown }` after `services:` (line 7) before the draft goes to review',
      ],
    ]);
    expect(exitCodeFor(result)).toBe(0);
    // The same file in review: the same places, as errors.
    const text = readFileSync(resolve(ROOT, 'incidents/schema-draft.md'), 'utf8').replace('status: draft', 'status: review');
    const tmp = resolve(ROOT, '../../../.tmp/check-review');
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(resolve(tmp, 'incidents'), { recursive: true });
    writeFileSync(resolve(tmp, 'incidents/review.md'), text);
    const r = await runCheck({ root: tmp, today: TODAY });
    const errors = r.files[0].messages.filter((m) => m.ruleId === 'schema' && m.fatal).map((m) => m.reason);
    expect(errors).toContain('`started` is required: check the commented-out `# started:` on line 6 and uncomment it');
    expect(errors).toContain('`severity` is required (one of SEV1, SEV2, SEV3, SEV4): add `severity: SEV3` after `status:` (line 5)');
    expect(exitCodeFor(r)).toBe(1);
  });

  it("name the command that renumbers a draft whose date's year differs from its id's", async () => {
    const { file } = await check('time-id-year.md');
    const m = file.messages.find((x) => x.ruleId === 'time/id-year')!;
    expect([m.line, m.fatal]).toEqual([2, false]);
    expect(m.reason).toBe(
      'the id says 2029 but `started` is in 2030: run `npm run renumber -- INC-2029-151` to give it a 2030 id (the old id stays as an alias, so links keep working)',
    );
  });

  it('suggest the IANA zone', async () => {
    const { file } = await check('time-zone.md');
    expect(file.messages[0].reason).toContain('did you mean `Asia/Seoul`?');
  });

  it('never print a whole secret', async () => {
    const { file } = await check('secrets.md');
    const text = formatReport(
      { files: [file], errorCount: 8, warningCount: 0, infoCount: 0, completeness: new Map(), fixes: [] },
      { format: 'text' },
    );
    for (const secret of [
      'Zq8vR3mK9pLw2XnB7cYt4HsJ6dFa1GeU5iOo0rTy',
      'AKIAZ7Q4VXKPLM2R8TNW',
      'Tr0ub4dor3',
      '9f8e7d6c5b4a39281706f5e4d3c2b1a0',
    ])
      expect(text).not.toContain(secret);
  });
});

describe('rule levels from config', () => {
  it('turns rules off, down and up, by id or family', async () => {
    const { loadConfig } = await import('../src/core/config.ts');
    const config = loadConfig(ROOT);
    const run = (rules: Record<string, 'off' | 'warn' | 'error'>) =>
      runCheck({
        root: ROOT,
        paths: [resolve(ROOT, 'incidents/pii.md'), resolve(ROOT, 'incidents/remediation-owner.md')],
        today: TODAY,
        config: { ...config, rules },
      });
    const defaults = await run({});
    expect([defaults.errorCount, defaults.warningCount]).toEqual([1, 5]);
    const off = await run({ 'pii/*': 'off', 'remediation/owner': 'warn' });
    expect([off.errorCount, off.warningCount]).toEqual([0, 1]);
    const up = await run({ 'pii/email': 'error' });
    expect([up.errorCount, up.warningCount]).toEqual([2, 4]);
  });

  it('reports a broken kb.config.yaml at its line and goes on with the defaults', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync, cpSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(resolve(tmpdir(), 'kb-check-config-'));
    mkdirSync(resolve(dir, 'incidents'));
    cpSync(resolve(ROOT, 'incidents/good.md'), resolve(dir, 'incidents/good.md'));
    writeFileSync(resolve(dir, 'kb.config.yaml'), 'site:\n  lang: fr\nrules:\n  no-such-rule: warn\n');
    const result = await runCheck({ root: dir, today: TODAY });
    const config = result.files.find((f) => f.path.endsWith('kb.config.yaml'))!;
    expect(config.messages.map((m) => `${m.ruleId}@${m.line}`)).toEqual(['config@2']);
    writeFileSync(resolve(dir, 'kb.config.yaml'), 'rules:\n  no-such-rule: warn\n');
    const unknown = await runCheck({ root: dir, today: TODAY });
    expect(unknown.files.find((f) => f.path.endsWith('kb.config.yaml'))!.messages.map((m) => `${m.ruleId}@${m.line}`)).toEqual([
      'config@2',
    ]);
  });
});

describe('the real content', () => {
  it("flags the seed incident's public client IP and key fingerprint, as warnings", async () => {
    const root = resolve(import.meta.dirname, '../content');
    const result = await runCheck({ root });
    expect(result.errorCount).toBe(0);
    const seed = result.files.find((f) => f.path.endsWith('2019-02-15-keypair-permission-denied.md'))!;
    const text = readFileSync(resolve(root, 'incidents/2019-02-15-keypair-permission-denied.md'), 'utf8').split('\n');
    const pii = seed.messages.filter((m) => m.ruleId?.startsWith('pii/'));
    expect(pii.map((m) => `${m.ruleId}@${m.line}`)).toEqual(['pii/ip-address@51', 'pii/ip-address@65', 'pii/fingerprint@85']);
    expect(pii.every((m) => m.fatal === false)).toBe(true);
    expect(text[50]).toContain('14.32.250.213');
    expect(text[84]).toContain('SHA256:v4eIpa');
  });
});

describe('worker threads', () => {
  it('give the same report as checking in this thread', async () => {
    const here = await runCheck({ root: ROOT, today: TODAY, workers: 0 });
    const workers = await runCheck({ root: ROOT, today: TODAY, workers: 2 });
    const flat = (r: typeof here) => r.files.map((f) => [f.path, f.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}:${m.fatal}`)]);
    expect(flat(workers)).toEqual(flat(here));
    expect([...workers.completeness]).toEqual([...here.completeness]);
    expect(here.errorCount).toBeGreaterThan(20);
  });
});

describe('blameless prefilter', () => {
  it('accepts every text in which the phrase regex finds a phrase', async () => {
    const fc = (await import('fast-check')).default;
    const { phrasePrefilter, phraseRegex } = await import('../src/check/rules/phrases.ts');
    const { configSchema } = await import('../src/schema/config.ts');
    const phrases = configSchema.parse({}).blameless_phrases;
    const re = phraseRegex(phrases)!;
    const test = phrasePrefilter(phrases)!;
    const piece = fc.constantFrom(
      ...phrases,
      ...phrases.map((p) => p.toUpperCase()),
      'HUMAN\u00a0ERROR',
      'ſhould have known',
      'human  error',
      'x',
      ' ',
      '\n',
      '의',
      '탓',
      'fault',
      "'s",
      'de',
      'a',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        re.lastIndex = 0;
        if (re.test(text)) expect(test(text)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(test('nothing to see here')).toBe(false);
  });
});
