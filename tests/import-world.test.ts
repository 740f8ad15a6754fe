/**
 * The figures of `npm run import` on the real-world fixtures (tests/fixtures/import/world):
 * how much *structure* it recovers, scored against each fixture's expected JSON,
 * printed as the table the import issue set targets for, written to
 * tests/.tmp/import-world.md, and asserted.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConvertedIncident, convertPostmortem } from '../src/cli/import/convert.ts';
import { splitPostmortem } from '../src/cli/import/split.ts';
import { runCheck } from '../src/check/index.ts';
import { parseEntry, parseMarkdown } from '../src/core/entry.ts';
import { parseClock } from '../src/core/time/clock.ts';
import { cleanHeading } from '../src/core/markdown/sections.ts';
import { codeValues, missingBlocks } from './helpers/nothing-lost.ts';

const WORLD = join(import.meta.dirname, 'fixtures/import/world');
const OUT = join(import.meta.dirname, '.tmp/import-world.md');

interface Expected {
  date: string;
  timezone: string | null;
  timeline: { at: string | null; text: string }[];
  whys: string[];
  action_items: { title: string; owner: string | null; done: boolean; ticket: string | null }[];
  sections: { heading: string; id: string | null }[];
  incidents: number;
  split?: { title: string; date: string }[];
}

/** What the importer recovered, in the expected files' terms. */
interface Reading {
  date?: string;
  /** The zone it set (or proposed in a comment when the source has it only in a log line), and whether the source stated one. */
  zone: { value?: string; stated: boolean; flaggedNotStated: boolean };
  timeline: { at: string | null; text: string }[];
  whys: string[];
  actions: { title: string; owner?: string; done: boolean; ticket?: string }[];
  headings: { heading: string; section: string | null }[];
}

function readingOf(r: ConvertedIncident): Reading {
  const text = r.render('INC-2000-001');
  const notStated = r.timezoneFrom === 'default' && /^timezone: .*# not stated/m.test(text);
  return {
    date: r.date ?? r.suggested.started?.slice(0, 10),
    // a zone only a log line names is proposed in a comment, not set: it counts when it is the right one
    zone: {
      value: r.timezoneFrom === 'default' ? r.suggested.timezone : r.timezone,
      stated: r.timezoneFrom !== 'default' || !!r.suggested.timezone,
      flaggedNotStated: notStated && !r.suggested.timezone,
    },
    timeline: r.timeline,
    whys: r.whys.map((w) => w.question),
    actions: (r.frontmatter.action_items as { title: string; owner?: string; status: string; ticket?: string }[]).map((a) => ({
      title: a.title,
      owner: a.owner,
      done: a.status === 'done',
      ticket: a.ticket,
    })),
    headings: r.headings,
  };
}

/** Every word and code block of the source is in the output (the property of tests/import.test.ts). */
function kept(source: string, r: ConvertedIncident): boolean {
  const entry = parseEntry(r.render('INC-2000-001'), `incidents/${r.fileName}`, 'incident');
  const tree = parseMarkdown(source);
  const code = codeValues(entry.tree);
  return missingBlocks(tree, { title: r.title, tree: entry.tree }).length === 0 && codeValues(tree).every((c, i) => code[i] === c);
}

/** Text compared without markdown emphasis/code markers, whitespace or case. */
const bare = (s: string) =>
  s
    .normalize('NFC')
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/\s+/g, '')
    .toLowerCase();
const startsLike = (actual: string, expected: string) => bare(actual).startsWith(bare(expected));

/** Walk `expected` in order, each matched to the next output item that `same` accepts. */
function inOrder<E, A>(expected: E[], actual: A[], same: (a: A, e: E) => boolean): (A | undefined)[] {
  let at = 0;
  return expected.map((e) => {
    for (let i = at; i < actual.length; i++) {
      if (same(actual[i], e)) {
        at = i + 1;
        return actual[i];
      }
    }
    return undefined;
  });
}

interface Tally {
  right: number;
  total: number;
  misses: string[];
}
const tally = (): Tally => ({ right: 0, total: 0, misses: [] });
const count = (t: Tally, ok: boolean, what: string) => {
  t.total++;
  if (ok) t.right++;
  else t.misses.push(what);
};

const ROWS = [
  ['timeline', 'timeline events recovered with the right time', 0.85],
  ['zone', 'time zone right (or flagged as not stated when the source states none)', 11 / 12],
  ['date', 'incident date right', 11 / 12],
  ['whys', 'formal 5-whys steps recovered', 0.8],
  ['actions', 'action items recovered', 0.85],
  ['headings', 'section headings mapped to the right canonical section', 0.9],
  ['kept', 'words and code blocks kept', 1],
] as const;
type Measure = (typeof ROWS)[number][0];

const fixtures = readdirSync(WORLD)
  .filter((f) => /\.expected\.json$/.test(f))
  .map((f) => f.replace(/\.expected\.json$/, ''))
  .sort();

function score() {
  const t = Object.fromEntries(ROWS.map(([k]) => [k, tally()])) as Record<Measure, Tally>;
  const actionDetails = tally();
  const split = tally();
  for (const base of fixtures) {
    const name = readdirSync(WORLD).find((f) => f.startsWith(`${base}.`) && !f.endsWith('.json'))!;
    const exp = JSON.parse(readFileSync(join(WORLD, `${base}.expected.json`), 'utf8')) as Expected;
    const source = readFileSync(join(WORLD, name), 'utf8');
    const tag = base.slice(0, 2);
    const whole = convertPostmortem(source, { sourceName: join(WORLD, name) });
    // an incident log is scored as --split imports it: the expected fields describe its first entry
    const parts = exp.incidents > 1 ? splitPostmortem(source, { sourceName: join(WORLD, name) }) : [whole];
    const r = parts[0];
    const got = readingOf(r);
    if (exp.incidents > 1) {
      count(split, parts.length === exp.incidents, `${tag} ${exp.incidents} incidents → ${parts.length}`);
      for (const [i, e] of exp.split!.entries()) {
        const p = parts[i];
        count(split, p?.title === e.title && p?.date === e.date, `${tag} ${e.title} ${e.date} → ${p?.title} ${p?.date}`);
      }
    }

    const events = inOrder(exp.timeline, got.timeline, (a, e) => startsLike(a.text, e.text));
    exp.timeline.forEach((e, i) => {
      count(
        t.timeline,
        events[i] !== undefined && events[i]!.at === e.at,
        `${tag} ${e.at ?? '-'} ${e.text} → ${events[i]?.at ?? 'missing'}`,
      );
    });
    const zoneOk = exp.timezone === null ? got.zone.flaggedNotStated : got.zone.stated && got.zone.value === exp.timezone;
    count(t.zone, zoneOk, `${tag} ${exp.timezone ?? 'not stated'} → ${got.zone.stated ? got.zone.value : 'not stated'}`);
    count(t.date, got.date === exp.date, `${tag} ${exp.date} → ${got.date}`);
    const whys = inOrder(exp.whys, got.whys, (a, e) => startsLike(a, e));
    for (const [i, w] of exp.whys.entries()) count(t.whys, whys[i] !== undefined, `${tag} ${w}`);
    const actions = inOrder(exp.action_items, got.actions, (a, e) => startsLike(a.title, e.title));
    exp.action_items.forEach((a, i) => {
      const g = actions[i];
      count(t.actions, g !== undefined, `${tag} ${a.title}`);
      if (g)
        count(
          actionDetails,
          (g.owner ?? null) === a.owner && g.done === a.done && (g.ticket ?? null) === a.ticket,
          `${tag} ${a.title}: ${g.owner}/${g.done}/${g.ticket}`,
        );
    });
    const heads = inOrder(exp.sections, got.headings, (a, e) => bare(cleanHeading(a.heading)) === bare(e.heading));
    for (const [i, s] of exp.sections.entries())
      count(t.headings, heads[i] !== undefined && heads[i]!.section === s.id, `${tag} ${s.heading} ${s.id} → ${heads[i]?.section}`);
    count(t.kept, kept(source, whole), `${tag} lost words or code`);
  }
  return { t, actionDetails, split };
}

const pct = (x: Tally) => `${x.right} of ${x.total} (${x.total ? Math.round((100 * x.right) / x.total) : 100}%)`;

describe(`import figures on ${fixtures.length} real-world post-mortems`, () => {
  const { t, actionDetails, split } = score();
  const table = [
    '| measure | target | result |',
    '|---|---|---|',
    ...ROWS.map(([k, label, target]) => `| ${label} | ≥ ${Math.round(target * 100)}% | ${pct(t[k])} |`),
    `| action items with owner, done and ticket right (of those recovered) | | ${pct(actionDetails)} |`,
    `| incident logs split right (count, then each entry's title and date) | | ${pct(split)} |`,
  ].join('\n');
  mkdirSync(join(OUT, '..'), { recursive: true });
  const misses = [
    ...ROWS.flatMap(([k]) => t[k].misses.map((m) => `- ${k}: ${m}`)),
    ...actionDetails.misses.map((m) => `- action details: ${m}`),
  ];
  writeFileSync(OUT, `${table}\n\nRun: \`npm run test:unit -- tests/import-world.test.ts\`\n\n## Misses\n\n${misses.join('\n')}\n`);
  console.log(`\n${table}\n`);

  it.each(ROWS.map(([k, label, target]) => [label, k, target] as const))('%s', (_label, k, target) => {
    expect(t[k].right / t[k].total, t[k].misses.join('\n')).toBeGreaterThanOrEqual(target);
  });

  it('every incident log is split right', () => {
    expect(split.misses).toEqual([]);
  });

  it('the written file holds the timeline the figures score: same entries, same times of day', () => {
    for (const r of outputs()) {
      const entry = parseEntry(r.render('INC-2000-001'), `incidents/${r.fileName}`, 'incident');
      const inFile = (entry.data.timeline as { time?: string }[]).map((e) => hhmm(e.time));
      expect(inFile, r.title).toEqual(r.timeline.map((e) => e.at?.slice(-5) ?? null));
      expect((entry.data.five_whys as unknown[]).length, r.title).toBeGreaterThanOrEqual(r.whys.length);
    }
  });

  it('every output passes `npm run check` as a draft (warnings only)', async () => {
    const root = join(import.meta.dirname, '.tmp/import-world-check');
    rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, 'incidents'), { recursive: true });
    cpSync(join(import.meta.dirname, '../content/kb.config.yaml'), join(root, 'kb.config.yaml'));
    for (const [i, r] of outputs().entries())
      writeFileSync(join(root, 'incidents', `${i}-${r.fileName}`), r.render(`INC-${r.year}-${String(i + 1).padStart(3, '0')}`));
    const result = await runCheck({ root });
    const errors = result.files.flatMap((f) => f.messages.filter((m) => m.fatal).map((m) => `${f.path.replace(/^.*\//, '')}: ${m.reason}`));
    expect(errors).toEqual([]);
    // A source with no date anywhere but a log line gets `started` proposed in a comment, never set: a draft
    // may lack it, and the warning points at the commented line to check and uncomment.
    const undated = outputs().filter((r) => !r.started).length;
    expect(undated).toBeGreaterThan(0);
    const asked = result.files.flatMap((f) =>
      f.messages.filter((m) => /`started` is not set yet: check the commented-out `# started:` on line \d+/.test(m.reason)),
    );
    expect(asked).toHaveLength(undated);
  });
});

/** Every fixture as the importer writes it: incident logs split into their entries. */
function outputs(): ConvertedIncident[] {
  return fixtures.flatMap((base) => {
    const name = readdirSync(WORLD).find((f) => f.startsWith(`${base}.`) && !f.endsWith('.json'))!;
    return splitPostmortem(readFileSync(join(WORLD, name), 'utf8'), { sourceName: join(WORLD, name) });
  });
}

const hhmm = (t?: string) => {
  const p = t ? parseClock(t) : undefined;
  return p ? `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}` : null;
};
