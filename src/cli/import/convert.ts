/**
 * Turn an existing markdown post-mortem (wiki export, blog post, status page,
 * `docs/` file, the seed) into a project incident without losing anything, and
 * recover its structure: sections by meaning, the timeline with each entry's
 * time, the zone and date, the 5 whys, the action items. Pure: text in, text
 * out; the CLI (`command.ts`) picks the id, writes the file and runs check.
 *
 * The body is rebuilt from the source text itself, block by block (`body.ts`),
 * so code blocks, tables, HTML and images come out byte-identical. Every value
 * the importer infers carries a note and a YAML comment saying where it came from.
 */
import type { Heading, Nodes, Paragraph, Root, RootContent } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseMarkdown } from '../../core/entry.ts';
import { matchSection } from '../../core/markdown/sections.ts';
import { slugify } from '../../core/slug.ts';
import type { KbConfig } from '../../schema/config.ts';
import { type HeadingLang, type HeadingMapEntry, readBody, renderBody } from './body.ts';
import { authorsOf, unmappedKeys } from './frontmatter.ts';
import { pseudoHeading } from './headings.ts';
import { incidentFacts } from './incident.ts';
import { incidentLog } from './log.ts';
import { plainLabel } from './outline.ts';
import { SourceText } from './source.ts';
import { countCode, detectDocLang, sameText, str } from './text.ts';
import { placeEvents } from './timeline-write.ts';
import { DEFAULT_TIMEZONE, decideWhen, type Note } from './when.ts';

export type { HeadingLang } from './body.ts';
export const HEADING_LANGS: readonly HeadingLang[] = ['keep', 'en', 'ko', 'bilingual'];
export { DEFAULT_TIMEZONE };

export interface ImportOptions {
  /** Source file path (for the alias and a date in the file name); undefined for stdin. */
  sourceName?: string;
  status?: 'draft' | 'review' | 'published';
  /** IANA zone for times the source writes without one. */
  timezone?: string;
  lang?: HeadingLang;
  config?: Pick<KbConfig, 'root_cause_categories'> & Partial<Pick<KbConfig, 'severities' | 'default_severity'>>;
  /** For the id's year when the source has no date. */
  now?: Date;
  /** Set by `--split` for one entry of an incident log: its heading and the date it gives. */
  entry?: { heading: string; index: number; date?: string };
}

export type ImportNote = Note;

/** One timeline entry as the importer read it. */
export interface ImportedEvent {
  /** Local wall-clock `YYYY-MM-DDTHH:MM` (`HH:MM` when no date is known), null when the time is unknown. */
  at: string | null;
  text: string;
  line?: number;
}

export interface ConvertedIncident {
  title: string;
  /** `2019-02-15-<slug>.md`, or `<slug>.md` without a date. */
  fileName: string;
  /** Year for the `INC-<year>-NNN` id. */
  year: number;
  date?: string;
  started?: string;
  timezone: string;
  /** Where the zone came from: `default` means the source states none (and `timezone` is a placeholder). */
  timezoneFrom: 'frontmatter' | 'statement' | 'timeline' | 'option' | 'default';
  /** What only a log line gives, proposed in comments: `{ started, timezone }`. */
  suggested: { started?: string; timezone?: string };
  severity: string;
  /** The frontmatter without `id`. */
  frontmatter: Record<string, unknown>;
  body: string;
  /** Where each section-level source heading went. */
  sections: { heading: string; section: string }[];
  /** Every source heading and the canonical section it names (null: none). */
  headings: HeadingMapEntry[];
  timeline: ImportedEvent[];
  whys: { question: string; answer?: string }[];
  counts: { timeline: number; whys: number; actionItems: number; codeBlocks: number };
  notes: ImportNote[];
  /** The whole file, with the id the caller allocated. */
  render(id: string): string;
}

export function convertPostmortem(input: string, opts: ImportOptions = {}): ConvertedIncident {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const src = new SourceText(text);
  const tree: Root = parseMarkdown(text, false);
  const notes: ImportNote[] = [];
  const warn = (message: string) => notes.push({ level: 'warning', message });
  const baseName = opts.sourceName?.replace(/^.*[\\/]/, '');

  // ------------------------------------------------------------ the source's frontmatter
  let children = tree.children;
  let fm: Record<string, unknown> = {};
  let rawFrontmatter: string | undefined;
  if (children[0]?.type === 'yaml') {
    rawFrontmatter = children[0].value;
    try {
      const parsed = parseYaml(rawFrontmatter);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) fm = parsed as Record<string, unknown>;
      else if (parsed != null) throw new Error('not a mapping');
      rawFrontmatter = undefined;
    } catch (error) {
      warn(
        `the source's frontmatter is not valid YAML (${(error as Error).message.split('\n')[0]}); it is kept verbatim under Additional notes`,
      );
      fm = {};
    }
    children = children.slice(1);
  }

  // ------------------------------------------------------------ title
  /** Nodes written differently from their source (demoted H1, headings made from labels). */
  const overrides = new Map<Nodes, string>();
  let title = str(fm.title);
  const firstHeading = children.find((n): n is Heading => n.type === 'heading');
  if (firstHeading?.depth === 1 && !matchSection(nodeText(firstHeading))) {
    const h1 = nodeText(firstHeading).trim();
    if (!title || sameText(h1, title)) {
      title ??= h1;
      children = children.filter((n) => n !== firstHeading);
    } else {
      // A second title: keep its words, as a bold line, so it doesn't open a section.
      const para: Paragraph = {
        type: 'paragraph',
        children: [{ type: 'strong', children: firstHeading.children }],
        position: firstHeading.position,
      };
      overrides.set(para, `**${src.inner(firstHeading)}**`);
      children = children.map((n) => (n === firstHeading ? para : n));
    }
  }
  if (!title) {
    title =
      (baseName ?? '')
        .replace(/\.[^.]+$/, '')
        .replace(/[-_]+/g, ' ')
        .trim() || 'Imported incident';
    warn(`no title in frontmatter and no H1: the title "${title}" comes from the file name; edit it`);
  }

  // ------------------------------------------------------------ labels as headings, when the source has none
  const hasSections = children.some((n) => n.type === 'heading' && matchSection(nodeText(n)));
  const expanded: RootContent[] = [];
  for (const [i, node] of children.entries()) {
    const pseudo = !hasSections && node.type === 'paragraph' ? pseudoHeading(node, src, 2) : undefined;
    const label = !hasSections && !pseudo && node.type === 'paragraph' ? plainLabel(node, children[i + 1]) : undefined;
    if (label) {
      const heading: Heading = { type: 'heading', depth: 2, children: [{ type: 'text', value: label }], position: node.position };
      overrides.set(heading, nodeText(node).trim());
      expanded.push(heading);
    } else if (pseudo) {
      overrides.set(pseudo.heading, pseudo.label);
      expanded.push(pseudo.heading);
      if (pseudo.rest) {
        overrides.set(pseudo.rest.node, pseudo.rest.text);
        expanded.push(pseudo.rest.node);
      }
    } else expanded.push(node);
  }

  // ------------------------------------------------------------ read, date, place, render
  const docLang = detectDocLang(text);
  const body = readBody(expanded, src, text);
  notes.push(...body.notes);
  const sectionsOf = (ids: string[]) => body.sections.filter((s) => s.id && ids.includes(s.id));
  const prose = proseBlocks(expanded);
  const narrative = proseBlocks([...body.preamble, ...sectionsOf(['summary', 'impact', 'timeline']).flatMap((s) => s.nodes)]);
  for (const t of body.timelines.values()) prose.push(...t.headers.map((h) => ({ text: h, heading: true })));
  const when = decideWhen({
    fm,
    title,
    ...(baseName ? { fileName: baseName } : {}),
    lang: docLang,
    prose,
    narrative: narrative.map((p) => p.text).join('\n'),
    events: body.events,
    codes: codeBlocks(expanded),
    ...(opts.entry?.date ? { entryDate: opts.entry.date } : {}),
    ...(opts.timezone ? { optionZone: opts.timezone } : {}),
  });
  notes.push(...when.notes);
  placeEvents(body.events, when.date ?? when.suggestion?.date, when.reference);

  const authors = authorsOf(fm);
  const unmapped = unmappedKeys(fm, authors.from);
  const extraYaml =
    rawFrontmatter ?? (unmapped.length ? stringifyYaml(Object.fromEntries(unmapped.map((k) => [k, fm[k]]))).trimEnd() : undefined);
  const rendered = renderBody(body, src, {
    lang: opts.lang ?? 'keep',
    overrides,
    ...(extraYaml !== undefined
      ? { extraFrontmatter: { yaml: extraYaml, heading: body.headingLang === 'en' ? 'Original frontmatter' : '원본 frontmatter' } }
      : {}),
  });
  if (extraYaml !== undefined && !rawFrontmatter)
    notes.push({
      level: 'info',
      message: `frontmatter keys with no place in the schema (${unmapped.join(', ')}) are kept under Additional notes`,
    });
  const extras = rendered.sections.filter((s) => s.section === 'additional-notes').map((s) => `"${s.heading}"`);
  if (extras.length) notes.push({ level: 'info', message: `sections kept under Additional notes: ${extras.join(', ')}` });
  const log = opts.entry ? undefined : incidentLog(text, tree);
  if (log)
    notes.push({
      level: 'warning',
      message: `this file holds ${log.entries.length} incidents (one heading each: ${log.entries.map((e) => `"${e.title}"`).join(', ')}): import it with --split to get one incident each`,
    });

  // ------------------------------------------------------------ frontmatter facts
  const facts = incidentFacts({
    fm,
    title,
    opts,
    when,
    events: body.events,
    groups: rendered.groups,
    preamble: body.preamble,
    sections: body.sections,
    authors,
    prose: prose.map((p) => p.text).join('\n'),
    sourceName: baseName,
    ...(opts.entry ? { entryIndex: opts.entry.index } : {}),
  });
  notes.push(...facts.notes);
  const render = (id: string) => `${facts.render(id)}\n${rendered.text}`;
  const date = when.date;
  const year = date ? Number(date.slice(0, 4)) : (opts.now ?? new Date()).getFullYear();
  if (!date) notes.push({ level: 'info', message: `the id uses the current year (${year}) because the incident date is unknown` });

  return {
    title,
    fileName: `${date ? `${date}-` : ''}${slugify(title)}.md`,
    year,
    ...(date ? { date } : {}),
    ...(facts.started ? { started: facts.started } : {}),
    timezone: when.zone,
    timezoneFrom: when.zoneFrom,
    suggested: {
      ...(when.suggestion ? { started: `${when.suggestion.date}T${when.suggestion.time}` } : {}),
      ...(when.suggestedZone ? { timezone: when.suggestedZone.zone } : {}),
    },
    severity: String(facts.frontmatter.severity),
    frontmatter: facts.frontmatter,
    body: rendered.text,
    sections: rendered.sections,
    headings: rendered.headings,
    timeline: body.events.map((e) => ({ at: e.at ?? null, text: e.text, ...(e.line ? { line: e.line } : {}) })),
    whys: rendered.whys.filter((w) => w.q).map((w) => ({ question: w.question ?? w.q!, ...(w.a ? { answer: w.a } : {}) })),
    counts: {
      timeline: body.events.length,
      whys: rendered.whys.length,
      actionItems: (facts.frontmatter.action_items as unknown[]).length,
      codeBlocks: countCode(children),
    },
    notes,
    render,
  };
}

/** Prose blocks in document order, code left out: headings and header cells flagged as headings. */
function proseBlocks(nodes: readonly RootContent[]): { text: string; heading: boolean }[] {
  const out: { text: string; heading: boolean }[] = [];
  const walk = (n: Nodes) => {
    if (n.type === 'code' || n.type === 'html' || n.type === 'yaml') return;
    if (n.type === 'heading' || n.type === 'paragraph') out.push({ text: nodeText(n), heading: n.type === 'heading' });
    else if (n.type === 'table') {
      for (const [i, row] of n.children.entries()) for (const c of row.children) out.push({ text: nodeText(c), heading: i === 0 });
    } else if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
  };
  for (const n of nodes) walk(n);
  return out;
}

/** Code blocks and the line of their first content line (for "a log line (line 42)"). */
function codeBlocks(nodes: readonly RootContent[]): { value: string; line: number }[] {
  const out: { value: string; line: number }[] = [];
  const walk = (n: Nodes) => {
    if (n.type === 'code') out.push({ value: n.value, line: (n.position?.start.line ?? 0) + 1 });
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
  };
  for (const n of nodes) walk(n);
  return out;
}
