/** The pure parts of the scaffolders: start times, flag checks, and templates that survive any title. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { frontmatterKeysOf } from '../src/core/content.ts';
import { parseEntry } from '../src/core/entry.ts';
import { comment, renderIncident, renderPlaybook, type FileFormat, type HeadingLang } from '../src/cli/scaffold/render.ts';
import { localDateTime } from '../src/core/time/zone.ts';
import { parseStarted } from '../src/cli/scaffold/started.ts';
import { canonicalTimeZone, checkSeverity, oneLine } from '../src/cli/scaffold/values.ts';
import { matchExisting, playbookMatches } from '../src/cli/scaffold/catalog.ts';
import { configSchema, createIncidentSchema, playbookSchema } from '../src/schema/index.ts';

const config = configSchema.parse({});
// 2025-06-11 03:30 in Seoul
const NOW = Date.UTC(2025, 5, 10, 18, 30);
const startedIn = (text: string, tz = 'Asia/Seoul') => {
  const r = parseStarted(text, tz, NOW);
  return 'epoch' in r ? localDateTime(r.epoch, tz) : r.error;
};

describe('parseStarted', () => {
  it('reads what a tired person types', () => {
    expect(startedIn('')).toBe('2025-06-11T03:30');
    expect(startedIn('now')).toBe('2025-06-11T03:30');
    expect(startedIn('지금')).toBe('2025-06-11T03:30');
    expect(startedIn('90 minutes ago')).toBe('2025-06-11T02:00');
    expect(startedIn('-2h')).toBe('2025-06-11T01:30');
    expect(startedIn('1 day ago')).toBe('2025-06-10T03:30');
    expect(startedIn('30분 전')).toBe('2025-06-11T03:00');
    expect(startedIn('03:10')).toBe('2025-06-11T03:10');
    expect(startedIn('23:40')).toBe('2025-06-10T23:40'); // still to come today, so last night
    expect(startedIn('11:40 PM')).toBe('2025-06-10T23:40');
    expect(startedIn('새벽 2시 반')).toBe('2025-06-11T02:30');
    expect(startedIn('2024-03-05 14:02')).toBe('2024-03-05T14:02');
    expect(startedIn('2024-03-05T05:02Z')).toBe('2024-03-05T14:02');
    expect(startedIn('2024-03-05 14:02 KST', 'Europe/Berlin')).toBe('2024-03-05T06:02');
  });
  it('says what is wrong and what works', () => {
    expect(startedIn('tuesday')).toMatch(
      /^cannot read the start time "tuesday"; use "now", "30m ago", "HH:MM" \(today\), "YYYY-MM-DD HH:MM"/,
    );
    expect(startedIn('2024-02-30 10:00')).toBe('"2024-02-30 10:00" is not a real date');
    expect(startedIn('25:00')).toMatch(/^cannot read/);
    expect(startedIn('2025-06-12 10:00')).toBe('the start time "2025-06-12 10:00" is in the future (now is 2025-06-11 03:30 Asia/Seoul)');
  });
});

describe('flag values', () => {
  it('accepts severities as SEV2, sev2 or 2 and lists the meanings otherwise', () => {
    const errors: string[] = [];
    expect(['SEV2', 'sev2', '2', 'Sev-2'].map((v) => checkSeverity(v, config, errors))).toEqual(['SEV2', 'SEV2', 'SEV2', 'SEV2']);
    expect(errors).toEqual([]);
    expect(checkSeverity('P1', config, errors)).toBeUndefined();
    expect(errors[0]).toContain('SEV4  Low: no customer impact');
  });
  it('canonicalises time zone spelling and refuses abbreviations', () => {
    expect(canonicalTimeZone('asia/seoul')).toBe('Asia/Seoul');
    expect(canonicalTimeZone('UTC')).toBe('UTC');
    expect(canonicalTimeZone('KST')).toBeUndefined();
    expect(canonicalTimeZone('Mars/Olympus')).toBeUndefined();
  });
  it('keeps the existing spelling of a service or tag', () => {
    expect(matchExisting('Checkout', ['checkout'])).toBe('checkout');
    expect(matchExisting('config_change', ['config-change'])).toBe('config-change');
    expect(matchExisting(' 결제 ', ['결제'])).toBe('결제');
    expect(matchExisting('brand-new', ['checkout'])).toBe('brand-new');
  });
  it('finds playbooks by symptom as well as title', () => {
    const pb = { id: 'ssh-denied', title: 'SSH denied', aliases: [], symptoms: ['debug1: No more authentication methods to try.'] };
    expect(playbookMatches(pb, 'no more AUTHENTICATION')).toBe(true);
    expect(playbookMatches(pb, 'ssh')).toBe(true);
    expect(playbookMatches(pb, 'redis')).toBe(false);
  });
});

describe('templates', () => {
  it('comments cannot be closed early by the text they carry', () => {
    expect(comment('a */ b', 'mdx')).toBe('{/* a * / b */}');
    expect(comment('a --> b', 'md')).toBe('<!-- a - b -->');
    for (const format of ['md', 'mdx'] as const) {
      const text = `---\nid: x\n---\n\n## Symptoms\n\n${comment('tricky */ --> }{ <b>', format)}\n`;
      const parsed = parseEntry(text, `playbooks/x.${format}`, 'playbook');
      expect((parsed.tree as { mdxError?: unknown }).mdxError).toBeUndefined();
      expect((parsed.data.sections as { empty: boolean }[])[0].empty).toBe(true);
    }
  });

  it('any title, author or symptom gives a file that parses and matches the schema', () => {
    const text = fc
      .string({ unit: 'grapheme', minLength: 1, maxLength: 40 })
      .map(oneLine)
      .filter((s) => s.length > 0);
    fc.assert(
      fc.property(
        text,
        fc.array(text, { maxLength: 3 }),
        fc.constantFrom<HeadingLang>('en', 'ko', 'bilingual'),
        fc.constantFrom<FileFormat>('md', 'mdx'),
        (title, others, lang, format) => {
          const incident = renderIncident({
            id: 'INC-2025-001',
            title,
            severity: 'SEV2',
            severityMeaning: others[0],
            authors: others,
            timezone: 'Asia/Seoul',
            started: '2025-06-11T03:30',
            services: others,
            tags: others,
            playbooks: [],
            rootCauseCategories: config.root_cause_categories,
            lang,
            format,
          });
          const pi = parseEntry(incident, `incidents/x.${format}`, 'incident');
          expect(pi.yamlProblems).toEqual([]);
          expect((pi.tree as { mdxError?: unknown }).mdxError).toBeUndefined();
          const i = createIncidentSchema({ config }).parse(pi.data);
          expect(i.title).toBe(title);
          // Names (authors, services, tags) read back composed (NFC), so one person or tag typed on two systems is one
          // facet page; titles and symptoms stay exactly as typed.
          expect(i.authors).toEqual(others.map((o) => o.normalize('NFC')));

          const playbook = renderPlaybook({
            id: 'x',
            title,
            symptoms: [title, ...others],
            owner: title,
            platforms: others,
            services: [],
            tags: [],
            lastReviewed: '2025-06-11',
            lang,
            format,
          });
          const pp = parseEntry(playbook, `playbooks/x.${format}`, 'playbook');
          expect(pp.yamlProblems).toEqual([]);
          expect((pp.tree as { mdxError?: unknown }).mdxError).toBeUndefined();
          expect(playbookSchema.parse(pp.data).symptoms).toEqual([title, ...others]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('frontmatterKeysOf (the fast id and taxonomy scan)', () => {
  const char = fc.constantFrom('a', 'b', 'Z', '1', '-', '_', ' ', '.', '/', ':', ',', '#', '"', "'", '[', ']', 'é', '결', '\\');
  const word = fc.oneof(
    fc.array(char, { minLength: 1, maxLength: 8 }).map((cs) => cs.join('')),
    fc.constantFrom('true', 'False', 'null', '~', 'yes', '123', '1e3', '.inf', 'INC-2019-001', 'a b', 'a #b'),
  );
  const scalar = fc
    .tuple(word, fc.constantFrom('plain', 'double', 'single'))
    .map(([w, style]) => (style === 'double' ? JSON.stringify(w) : style === 'single' ? `'${w.replace(/'/g, "''")}'` : w));
  const seq = fc
    .tuple(fc.array(scalar, { maxLength: 3 }), fc.constantFrom('flow', 'block', 'compact'))
    .map(([items, style]) =>
      style === 'flow'
        ? ` [${items.join(', ')}]`
        : items.length === 0
          ? ' []'
          : items.map((i) => (style === 'block' ? `\n  - ${i}` : `\n- ${i}`)).join(''),
    );
  const comment = fc.constantFrom('', ' # note', '  # id: INC-1999-999');
  const entry = fc.oneof(
    fc.tuple(scalar, comment).map(([v, c]) => `id: ${v}${c}`),
    fc.tuple(seq, comment).map(([v, c]) => `aliases:${v}${c}`),
    fc.tuple(scalar, comment).map(([v, c]) => `title: ${v}${c}`),
    fc.constant('summary: |\n  id: not-this-one\n  aliases: [nor, these]'),
    fc.constant('# id: commented-out'),
    fc.tuple(seq).map(([v]) => `tags:${v}`),
  );
  const doc = fc.array(entry, { maxLength: 6 }).map((lines) => `---\n${lines.join('\n')}\n---\n\n## Body\n\nid: body-text\n`);

  it('reads exactly what a full YAML parse reads, one file or many at once', () => {
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 6 }), (texts) => {
        const got = frontmatterKeysOf(texts, ['id', 'aliases']);
        texts.forEach((text, i) => {
          let full: Record<string, unknown>;
          try {
            full = parseYaml(text.split('\n---\n')[0].slice(4), { uniqueKeys: false }) ?? {};
          } catch {
            return; // invalid YAML: callers fall back to their own handling
          }
          if (got[i] === undefined) return; // "could not tell": callers parse the file fully
          const expected = Object.fromEntries(['id', 'aliases'].filter((k) => k in full).map((k) => [k, full[k]]));
          expect(got[i]).toEqual(expected);
        });
      }),
      { numRuns: 400 },
    );
  });

  it('answers the common shapes without falling back', () => {
    const texts = [
      '---\nid: INC-2019-001\ntitle: "x"\naliases: ["2019-02-15-keypair-permission-denied"]\n---\n',
      "---\nid: 'INC-2020-002' # old\naliases: []\n---\n",
      '---\naliases:\n  - old-slug\n  - "INC-2018-007"\nid: INC-2020-003\n---\n',
      'no frontmatter',
    ];
    expect(frontmatterKeysOf(texts, ['id', 'aliases'])).toEqual([
      { id: 'INC-2019-001', aliases: ['2019-02-15-keypair-permission-denied'] },
      { id: 'INC-2020-002', aliases: [] },
      { id: 'INC-2020-003', aliases: ['old-slug', 'INC-2018-007'] },
      undefined,
    ]);
  });
});
