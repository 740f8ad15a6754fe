/**
 * Turn an existing markdown post-mortem (wiki export, blog post, the seed) into
 * a project incident without losing anything. Pure: text in, text out; the CLI
 * (`scripts/import.ts`) picks the id, writes the file and runs check.
 *
 * The body is rebuilt from the source text itself, block by block, so code
 * blocks, tables, HTML and images come out byte-identical. Only headings (level
 * and, with `lang`, wording), timeline item heads (`16:01 PM :` → `` `16:01` ``),
 * timeline tables (→ the list format) and 5-whys items (→ `N. question? — answer`)
 * are rewritten. Sections that map to no canonical section move under
 * "Additional notes" with their own heading.
 */
import type { Heading, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { FrontmatterWriter } from '../../core/frontmatter/write.ts';
import { parseMarkdown } from '../../core/entry.ts';
import { cleanHeading, headingFor, INCIDENT_SECTIONS, matchSection, type SectionDef } from '../../core/markdown/sections.ts';
import { isPlaceholderOnly, plainText, splitSections, timelineItemParts, type SectionSlice } from '../../core/markdown/extract.ts';
import { localDateTime, parseClock, resolveTimeline, type ParsedTime } from '../../core/time.ts';
import { slugify } from '../../core/slug.ts';
import { isValidTimeZone } from '../../schema/common.ts';
import type { KbConfig } from '../../schema/config.ts';
import { SourceText, type Edit } from './source.ts';
import {
  actionColumn,
  actionFromText,
  actionKind,
  actionStatus,
  canonicalTime,
  dateFromFileName,
  dateFromValue,
  dueDate,
  findDate,
  findSeverity,
  formatOffset,
  isUrl,
  lessonKind,
  zoneNameOf,
  type ImportedActionItem,
  type LessonKind,
} from './facts.ts';

export type HeadingLang = 'keep' | 'en' | 'ko' | 'bilingual';
export const HEADING_LANGS: readonly HeadingLang[] = ['keep', 'en', 'ko', 'bilingual'];

/** Used when the source states no severity: the middle of the scale, flagged for the author. */
export const DEFAULT_SEVERITY = 'SEV3';
/** Used when the source gives no time zone and `--timezone` is not passed. */
export const DEFAULT_TIMEZONE = 'UTC';

export interface ImportOptions {
  /** Source file path (for the alias and a date in the file name); undefined for stdin. */
  sourceName?: string;
  status?: 'draft' | 'review' | 'published';
  /** IANA zone for times the source writes without one. */
  timezone?: string;
  lang?: HeadingLang;
  config?: Pick<KbConfig, 'root_cause_categories'>;
  /** For the id's year when the source has no date. */
  now?: Date;
}

export interface ImportNote {
  level: 'info' | 'warning';
  message: string;
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
  severity: string;
  /** The frontmatter without `id`. */
  frontmatter: Record<string, unknown>;
  body: string;
  /** Where each source heading went. */
  sections: { heading: string; section: string }[];
  counts: { timeline: number; whys: number; actionItems: number; codeBlocks: number };
  notes: ImportNote[];
  /** The whole file, with the id the caller allocated. */
  render(id: string): string;
}

const MAPPED_KEYS = new Set([
  'title',
  'description',
  'summary',
  'tags',
  'keywords',
  'date',
  'started',
  'created',
  'author',
  'authors',
  'severity',
  'sev',
  'priority',
  'timezone',
  'services',
  'aliases',
  'slug',
  'id',
]);

const HANGUL = /[\uAC00-\uD7A3]/;

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
const strList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : []).map((x) => str(x)).filter((x): x is string => !!x);
const pad = (n: number) => String(n).padStart(2, '0');
const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/** Prose only (no code, no HTML), for finding dates and severities. */
function proseText(nodes: readonly Nodes[]): string {
  const out: string[] = [];
  const walk = (n: Nodes) => {
    if (n.type === 'code' || n.type === 'html' || n.type === 'inlineCode' || n.type === 'yaml') return;
    if ('value' in n && typeof n.value === 'string') out.push(n.value);
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'tableCell') out.push('\n');
  };
  for (const n of nodes) walk(n);
  return out.join('');
}

function countCode(nodes: readonly Nodes[]): number {
  let n = 0;
  const walk = (x: Nodes) => {
    if (x.type === 'code') n++;
    if ('children' in x) for (const c of x.children as Nodes[]) walk(c);
  };
  nodes.forEach(walk);
  return n;
}

interface TimelineFact {
  time?: string;
  marker?: string;
  parsed?: ParsedTime;
}

export function convertPostmortem(input: string, opts: ImportOptions = {}): ConvertedIncident {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const src = new SourceText(text);
  const tree: Root = parseMarkdown(text, false);
  const notes: ImportNote[] = [];
  const info = (message: string) => notes.push({ level: 'info', message });
  const warn = (message: string) => notes.push({ level: 'warning', message });
  const lang = opts.lang ?? 'keep';

  // ------------------------------------------------------------ frontmatter
  let children = tree.children;
  let fm: Record<string, unknown> = {};
  let rawFrontmatter: string | undefined;
  let frontmatterInvalid = false;
  if (children[0]?.type === 'yaml') {
    rawFrontmatter = children[0].value;
    try {
      const parsed = parseYaml(rawFrontmatter);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) fm = parsed as Record<string, unknown>;
      else if (parsed != null) throw new Error('not a mapping');
    } catch (error) {
      warn(
        `the source's frontmatter is not valid YAML (${(error as Error).message.split('\n')[0]}); it is kept verbatim under Additional notes`,
      );
      fm = {};
      frontmatterInvalid = true;
    }
    children = children.slice(1);
  }
  const unmapped = Object.fromEntries(Object.entries(fm).filter(([k]) => !MAPPED_KEYS.has(k)));

  // ------------------------------------------------------------ title
  /** Nodes written differently from their source (demoted H1, headings made from bold labels). */
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
    const base = opts.sourceName ? opts.sourceName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') : '';
    title = base.replace(/[-_]+/g, ' ').trim() || 'Imported incident';
    warn(`no title in frontmatter and no H1: the title "${title}" comes from the file name; edit it`);
  }

  // ------------------------------------------------------------ bold pseudo-headings
  const realDepths = children.filter((n): n is Heading => n.type === 'heading' && !!matchSection(nodeText(n))).map((h) => h.depth);
  const sectionDepth = realDepths.length ? Math.min(...realDepths) : 2;
  const expanded: RootContent[] = [];
  for (const node of children) {
    const pseudo = node.type === 'paragraph' ? pseudoHeading(node, src, sectionDepth) : undefined;
    if (!pseudo) {
      expanded.push(node);
      continue;
    }
    overrides.set(pseudo.heading, pseudo.label);
    expanded.push(pseudo.heading);
    if (pseudo.rest) {
      overrides.set(pseudo.rest.node, pseudo.rest.text);
      expanded.push(pseudo.rest.node);
    }
  }
  const body: Root = { type: 'root', children: expanded };
  const slices = splitSections(body, 'incident');
  const delta = 2 - sectionDepth;
  const preamble = expanded.slice(0, slices[0]?.start ?? expanded.length);

  // ------------------------------------------------------------ rendering helpers
  const headingDepth = (d: number, extra = 0) => Math.min(6, Math.max(2, d + delta + extra));
  const renderNode = (node: RootContent, shift: number): string => {
    const o = overrides.get(node);
    if (o !== undefined) return node.type === 'heading' ? `${'#'.repeat(headingDepth(node.depth, shift))} ${o}` : o;
    if (node.type === 'heading') return `${'#'.repeat(headingDepth(node.depth, shift))} ${src.inner(node)}`;
    return src.block(node);
  };
  /** Blocks of a section, without decoration rules right under its heading. */
  const contentNodes = (nodes: RootContent[]) => {
    const out = [...nodes];
    while (out[0]?.type === 'thematicBreak') out.shift();
    return out;
  };

  const timeline: TimelineFact[] = [];
  let whyCount = 0;
  const renderSection = (slice: SectionSlice, id: string | undefined, shift: number): string[] => {
    const nodes = contentNodes(slice.nodes);
    if (id === 'timeline') {
      return nodes.map((n) => {
        if (n.type === 'list') return renderTimelineList(n, src, timeline);
        if (n.type === 'table') return renderTimelineTable(n, src, timeline) ?? src.block(n);
        return renderNode(n, shift);
      });
    }
    if (id === 'five-whys') {
      const r = renderWhys(nodes, src, (n) => renderNode(n, shift));
      whyCount += r.count;
      return r.blocks;
    }
    return nodes.map((n) => renderNode(n, shift));
  };

  // ------------------------------------------------------------ sections
  const defs = new Map(INCIDENT_SECTIONS.map((d) => [d.id, d] as const));
  const sourceLang = detectLang(slices, text);
  const headingText = (def: SectionDef, sourceHeading?: string) =>
    lang === 'keep' ? (sourceHeading ? cleanHeading(sourceHeading) : headingFor(def, sourceLang)) : headingFor(def, lang);

  const known = new Map<string, { heading: string; blocks: string[] }>();
  const order: string[] = [];
  const extras: { heading: string; blocks: string[] }[] = [];
  const sectionMap: { heading: string; section: string }[] = [];
  for (const slice of slices) {
    const canonical = matchSection(slice.heading);
    const headingSource = overrides.get(slice.headingNode) ?? slice.heading;
    if (slice.known) {
      known.set(slice.id, { heading: headingText(defs.get(slice.id)!, headingSource), blocks: renderSection(slice, slice.id, 0) });
      order.push(slice.id);
      sectionMap.push({ heading: slice.heading, section: slice.id });
    } else if (canonical && known.has(canonical) && slice.headingNode.depth === sectionDepth) {
      // A second "Timeline": joins the first one under its own sub-heading.
      const target = known.get(canonical)!;
      target.blocks.push(`### ${cleanHeading(headingSource)}`, ...renderSection(slice, canonical, 1));
      sectionMap.push({ heading: slice.heading, section: canonical });
    } else {
      extras.push({ heading: cleanHeading(headingSource) || slice.heading, blocks: renderSection(slice, undefined, 1) });
      sectionMap.push({ heading: slice.heading, section: 'additional-notes' });
    }
  }
  const extraFrontmatter = frontmatterInvalid
    ? rawFrontmatter
    : Object.keys(unmapped).length
      ? stringifyYaml(unmapped).trimEnd()
      : undefined;
  if (extras.length || extraFrontmatter !== undefined) {
    if (!known.has('additional-notes')) {
      known.set('additional-notes', { heading: headingText(defs.get('additional-notes')!), blocks: [] });
      order.push('additional-notes');
    } else {
      // keep it last, where appendices belong
      order.splice(order.indexOf('additional-notes'), 1);
      order.push('additional-notes');
    }
    const notesSection = known.get('additional-notes')!;
    for (const e of extras) notesSection.blocks.push(`### ${e.heading}`, ...e.blocks);
    if (extraFrontmatter !== undefined) {
      notesSection.blocks.push(`### ${sourceLang === 'en' ? 'Original frontmatter' : '원본 frontmatter'}`, fence(extraFrontmatter, 'yaml'));
      info(
        `frontmatter keys with no place in the schema (${Object.keys(unmapped).join(', ') || 'unparsable'}) are kept under Additional notes`,
      );
    }
    if (extras.length) info(`sections kept under Additional notes: ${extras.map((e) => `"${e.heading}"`).join(', ')}`);
  }

  const out: string[] = preamble.map((n) => renderNode(n, 0));
  for (const id of order) {
    const s = known.get(id)!;
    out.push(`## ${s.heading}`, ...s.blocks.filter((b) => b.trim() !== ''));
  }
  const bodyText = `${out.join('\n\n').replace(/\n{3,}(?=[^\s])/g, (m) => m)}\n`;

  // ------------------------------------------------------------ facts
  const slice = (id: string) => slices.find((s) => s.known && s.id === id);
  const prose = proseText(children);
  const severity = findSeverity(prose, fm.severity ?? fm.sev ?? fm.priority);
  if (!severity) info(`no severity in the source: set to ${DEFAULT_SEVERITY}; check it`);

  // The source's own zone wins; `--timezone` is for sources that give none.
  let timezone: string | undefined;
  let zoneFromTimeline: string | undefined;
  if (str(fm.timezone) && isValidTimeZone(str(fm.timezone)!)) timezone = str(fm.timezone);
  if (!timezone) {
    const zoned = timeline.find((t) => t.parsed?.offsetMinutes !== undefined && t.time);
    zoneFromTimeline = zoned ? zoneNameOf(zoned.time!, zoned.parsed) : undefined;
    if (zoneFromTimeline) {
      timezone = zoneFromTimeline;
      if (opts.timezone && opts.timezone !== timezone)
        info(`time zone ${timezone} taken from the timeline's "${zoned!.time}" (the source's own zone wins over --timezone)`);
      else info(`time zone ${timezone} taken from the timeline's "${zoned!.time}"`);
    }
  }
  if (!timezone && opts.timezone) timezone = opts.timezone;
  if (!timezone) {
    timezone = DEFAULT_TIMEZONE;
    if (timeline.some((t) => t.time))
      warn(
        `the source gives no time zone: its times are read as ${DEFAULT_TIMEZONE}; pass --timezone (e.g. Asia/Seoul) or fix \`timezone\``,
      );
  }

  // The date: frontmatter, a dated timeline entry, the title, the text, the file name. Never invented.
  const fmDate = dateFromValue(fm.started) ?? dateFromValue(fm.date) ?? dateFromValue(fm.created);
  const datedEntry = timeline.find((t) => t.parsed?.date);
  const narrative = [...preamble, ...(['summary', 'impact', 'timeline'] as const).flatMap((id) => slice(id)?.nodes ?? [])];
  let date: string | undefined;
  let dateFrom = '';
  if (fmDate) [date, dateFrom] = [fmDate.date, 'frontmatter'];
  else if (datedEntry?.parsed?.date)
    [date, dateFrom] = [
      `${datedEntry.parsed.date.year}-${pad(datedEntry.parsed.date.month)}-${pad(datedEntry.parsed.date.day)}`,
      'timeline',
    ];
  else if (findDate(title)) [date, dateFrom] = [findDate(title)!, 'title'];
  else if (findDate(proseText(narrative))) [date, dateFrom] = [findDate(proseText(narrative))!, 'text'];
  else if (opts.sourceName && dateFromFileName(opts.sourceName.replace(/^.*[\\/]/, '')))
    [date, dateFrom] = [dateFromFileName(opts.sourceName.replace(/^.*[\\/]/, ''))!, 'file name'];
  if (date && dateFrom !== 'frontmatter') info(`incident date ${date} taken from the ${dateFrom}`);
  if (!date) warn('no incident date in the frontmatter, text or file name: `started` is left for you to fill in');

  let started: string | undefined;
  const instants: Partial<Record<'detected' | 'mitigated' | 'resolved', string>> = {};
  if (date) {
    const timed = timeline.filter((t) => t.time);
    const first = timed.find((t) => t.marker === 'start') ?? timed[0];
    const fmTime = fmDate?.time && fmDate.time !== '00:00' ? fmDate.time : undefined;
    if (fmTime) started = `${date}T${fmTime}`;
    else if (first?.parsed) started = instantOf(first.parsed, date, timezone, zoneFromTimeline);
    else {
      started = `${date}T00:00`;
      warn('the source has a date but no time of day: `started` is set to 00:00 of that day; correct it');
    }
    try {
      const resolved = resolveTimeline(timeline, started, timezone);
      timeline.forEach((t, i) => {
        const r = resolved[i];
        if (!r || r.epoch === undefined || r.inherited) return;
        const key = t.marker === 'detected' || t.marker === 'mitigated' || t.marker === 'resolved' ? t.marker : undefined;
        if (key && !instants[key]) instants[key] = localDateTime(r.epoch, timezone);
      });
    } catch {
      /* a bad zone is reported by check */
    }
  }
  const year = date ? Number(date.slice(0, 4)) : (opts.now ?? new Date()).getFullYear();
  if (!date) info(`the id uses the current year (${year}) because the incident date is unknown`);

  const description = str(fm.description) ?? str(fm.summary);
  let summary = description && !sameText(description, title) ? description : undefined;
  summary ??= plainTextOf(slice('summary')?.nodes) || plainTextOf(preamble) || title;
  const impact = plainTextOf(slice('impact')?.nodes);
  const triggerSlice = slices.find((s) => !s.known && /^(trigger|triggers|트리거|발단|계기)$/i.test(cleanHeading(s.heading)));
  const trigger = plainTextOf(triggerSlice?.nodes);

  const categories = opts.config?.root_cause_categories ?? ['unknown'];
  const category = categories.includes('unknown') ? 'unknown' : categories[categories.length - 1];

  const actionItems = extractActionItems(slice('action-items'), src);
  const lessons = extractLessons(slice('lessons'), src, overrides);

  const aliases = new Set<string>(strList(fm.aliases));
  if (str(fm.id)) aliases.add(str(fm.id)!);
  if (str(fm.slug)) aliases.add(slugify(str(fm.slug)!));
  if (opts.sourceName) aliases.add(slugify(opts.sourceName.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, ''), { maxLength: 80 }));

  const tags = [...new Set([...strList(fm.tags), ...strList(fm.keywords)].map((t) => t.toLowerCase().replace(/\s+/g, '-')))];
  const frontmatter: Record<string, unknown> = {
    title,
    summary,
    aliases: [...aliases],
    status: opts.status ?? 'draft',
    severity: severity ?? DEFAULT_SEVERITY,
    authors: [...strList(fm.authors), ...strList(fm.author)],
    reviewers: [],
    timezone,
    ...(started ? { started } : {}),
    ...instants,
    services: strList(fm.services),
    ...(impact ? { impact: { description: impact } } : {}),
    tags,
    root_cause: { category, contributing_factors: [] },
    ...(trigger ? { trigger } : {}),
    ...(lessons ? { lessons } : {}),
    action_items: actionItems,
    playbooks: [],
    related: [],
  };

  const comments: Record<string, string> = {};
  if (!severity) comments.severity = 'not stated in the source: check it';
  if (!opts.timezone && !str(fm.timezone) && !zoneFromTimeline) comments.timezone = 'not stated in the source: check it';
  comments.root_cause = `pick a category: ${categories.join(', ')}`;
  const render = (id: string) => `${renderFrontmatter({ id, ...frontmatter }, comments, !started)}\n${bodyText}`;

  const slug = slugify(title);
  return {
    title,
    fileName: `${date ? `${date}-` : ''}${slug}.md`,
    year,
    date,
    started,
    timezone,
    severity: severity ?? DEFAULT_SEVERITY,
    frontmatter,
    body: bodyText,
    sections: sectionMap,
    counts: { timeline: timeline.length, whys: whyCount, actionItems: actionItems.length, codeBlocks: countCode(children) },
    notes,
    render,
  };
}

// ---------------------------------------------------------------- helpers

function fence(content: string, lang: string): string {
  const ticks = '`'.repeat(Math.max(3, ...[...content.matchAll(/`{3,}/g)].map((m) => m[0].length + 1)));
  return `${ticks}${lang}\n${content}\n${ticks}`;
}

function plainTextOf(nodes: RootContent[] | undefined): string {
  if (!nodes?.length) return '';
  const prose = nodes.filter((n) => n.type !== 'code' && n.type !== 'html' && n.type !== 'table' && n.type !== 'heading');
  if (isPlaceholderOnly(prose)) return '';
  // List items and paragraphs each become a sentence; nested code stays out.
  const parts: string[] = [];
  const walk = (n: Nodes) => {
    if (n.type === 'list' || n.type === 'listItem' || n.type === 'blockquote') (n.children as Nodes[]).forEach(walk);
    else if (n.type === 'paragraph') parts.push(plainText([n as RootContent]));
  };
  prose.forEach(walk);
  return parts.filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
}

/** Which language new headings get in `keep` mode: the source's own. */
function detectLang(slices: SectionSlice[], text: string): 'en' | 'ko' | 'bilingual' {
  const headings = slices.filter((s) => s.known).map((s) => s.heading);
  if (headings.some((h) => HANGUL.test(h) && /[(（][^)）]*[A-Za-z][^)）]*[)）]/.test(h))) return 'bilingual';
  if (headings.some((h) => HANGUL.test(h))) return 'ko';
  if (!headings.length && HANGUL.test(text)) return 'ko';
  return 'en';
}

/** `**Root cause:**` alone (or opening a paragraph) → a real heading. */
function pseudoHeading(
  p: Paragraph,
  src: SourceText,
  depth: number,
): { heading: Heading; label: string; rest?: { node: Paragraph; text: string } } | undefined {
  const [first, ...others] = p.children;
  if (!first || (first.type !== 'strong' && first.type !== 'emphasis')) return undefined;
  if (first.type === 'emphasis' && others.length) return undefined;
  let label = nodeText(first).trim();
  let colon = /[:：]$/.test(label);
  label = label.replace(/\s*[:：]$/, '').trim();
  let restStart = src.end(first);
  const next = others[0];
  if (next?.type === 'text') {
    const m = next.value.match(/^\s*[:：]/);
    if (m) {
      colon = true;
      restStart = src.end(first) + src.text.slice(src.end(first)).indexOf(':') + 1;
      if (src.text[restStart - 1] !== ':') restStart = src.end(first) + src.text.slice(src.end(first)).search(/[:：]/) + 1;
    }
  }
  if (!label || !matchSection(label)) return undefined;
  const restText = src.text.slice(restStart, src.end(p)).trim();
  if (restText && !colon) return undefined;
  const heading: Heading = {
    type: 'heading',
    depth: depth as Heading['depth'],
    children: [{ type: 'text', value: label }],
    position: p.position,
  };
  if (!restText) return { heading, label };
  const restChildren =
    others.length && others[0].type === 'text'
      ? [{ ...others[0], value: others[0].value.replace(/^\s*[:：]?\s*/, '') }, ...others.slice(1)]
      : others;
  const node: Paragraph = { type: 'paragraph', children: restChildren as PhrasingContent[], position: p.position };
  return { heading, label, rest: { node, text: restText } };
}

/** A local instant `YYYY-MM-DDTHH:MM` for the timeline's first time on `date`. */
function instantOf(t: ParsedTime, date: string, timezone: string, zoneFromTimeline?: string): string {
  const d = t.date ? `${t.date.year}-${pad(t.date.month)}-${pad(t.date.day)}` : date;
  const local = `${d}T${pad(t.hour)}:${pad(t.minute)}`;
  if (t.offsetMinutes === undefined || zoneFromTimeline === timezone) return local;
  return `${local}${formatOffset(t.offsetMinutes)}`;
}

// ---------------------------------------------------------------- timeline

/** Rewrite each item's head to `` `HH:MM` [marker] text``; nested content is left exactly as it was. */
function renderTimelineList(list: List, src: SourceText, facts: TimelineFact[]): string {
  const edits: Edit[] = [];
  for (const item of list.children) {
    const parts = timelineItemParts(item);
    const para = item.children[0];
    const canon = parts.time ? canonicalTime(parts.time) : undefined;
    facts.push({ time: canon, marker: parts.marker, parsed: parts.time ? parseClock(parts.time) : undefined });
    if (!canon || para?.type !== 'paragraph') continue;
    const restStart = inlineRestStart(parts.rest, src, para);
    const head = `\`${canon}\` ${parts.marker ? `[${parts.marker}] ` : ''}`;
    edits.push({ start: src.start(para), end: restStart, text: head });
  }
  return src.block(list, edits);
}

/** Where the text after the time and marker starts in the source. */
function inlineRestStart(rest: PhrasingContent[], src: SourceText, para: Paragraph): number {
  const first = rest[0];
  if (!first) return src.end(para);
  if (first.type === 'text') {
    const raw = src.text.slice(src.start(first), src.end(first));
    if (raw.endsWith(first.value)) return src.end(first) - first.value.length;
    const idx = raw.indexOf(first.value.slice(0, 8));
    if (idx >= 0) return src.start(first) + idx;
  }
  return src.start(first);
}

const TIME_HEADER = /^(time|times|when|timestamp|date\s*\/?\s*time|datetime|시간|시각|일시|시점|발생 시간)\b/i;

/** A timeline table (a time column plus event columns) → the timeline list. Undefined if it has no time column. */
function renderTimelineTable(table: Table, src: SourceText, facts: TimelineFact[]): string | undefined {
  const [header, ...rows] = table.children;
  if (!header || !rows.length) return undefined;
  const cell = (row: typeof header, i: number) => {
    const c = row.children[i];
    return c ? src.inner(c).replace(/\\\|/g, '|').trim() : '';
  };
  const names = header.children.map((_, i) => cell(header, i));
  const bare = (s: string) => s.replace(/^[`*_]+|[`*_]+$/g, '').trim();
  let timeCol = names.findIndex((n) => TIME_HEADER.test(bare(n)));
  if (timeCol < 0) {
    timeCol = names.findIndex((_, i) => {
      const values = rows.map((r) => bare(cell(r, i))).filter(Boolean);
      return values.length > 0 && values.filter((v) => parseClock(v)).length * 2 >= values.length;
    });
  }
  if (timeCol < 0) return undefined;
  const lines: string[] = [];
  for (const row of rows) {
    const rawTime = bare(cell(row, timeCol));
    const canon = rawTime ? canonicalTime(rawTime) : undefined;
    const others = names.map((n, i) => ({ n, v: cell(row, i), i })).filter((c) => c.i !== timeCol && c.v);
    let marker: string | undefined;
    const texts = others.map((c, k) => {
      const m = c.v.match(/^\[([a-z][a-z-]*)\]\s*/i);
      if (m && !marker) {
        marker = m[1].toLowerCase();
        c.v = c.v.slice(m[0].length);
      }
      return k === 0 ? c.v : `${c.n}: ${c.v}`;
    });
    let textOut = texts.join(' — ');
    if (rawTime && !canon) textOut = `${rawTime} — ${textOut}`;
    facts.push({ time: canon, marker, parsed: canon ? parseClock(rawTime) : undefined });
    lines.push(`- ${canon ? `\`${canon}\` ` : ''}${marker ? `[${marker}] ` : ''}${textOut}`.trimEnd());
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------- 5 whys

const WHY_LABEL =
  /^\s*(?:\*\*|__)?\s*(?:why|왜)\s*#?\d+\s*[:：.)]?\s*(?:\*\*|__)?\s*|^\s*(?:\*\*|__)?\s*(?:why|왜|Q\d*|질문)\s*[:：]\s*(?:\*\*|__)?\s*/i;
const ANSWER_LABEL = /^\s*(?:\*\*|__)?\s*(?:because|answer|a\d*|답변?|이유)\s*\d*\s*[:：]\s*(?:\*\*|__)?\s*/i;
const ANSWER_WORD = /^\s*(?:\*\*|__)?\s*(?:because|왜냐하면)\b/i;

/** One line of a why chain, as inline markdown: a question, an answer, or both. */
function whyLine(raw: string): { q?: string; a?: string } | undefined {
  const line = raw.trim();
  if (!line) return undefined;
  const qa = line.match(
    /^(?:\*\*|__)?\s*(?:Q\d*|질문|why\s*\d*|왜)\s*[:：]\s*(?:\*\*|__)?\s*(.+?)\s*(?:\*\*|__)?\s*(?:A\d*|답변?|이유|because)\s*[:：]\s*(?:\*\*|__)?\s*(.+)$/iu,
  );
  if (qa) return { q: qa[1].trim(), a: qa[2].trim() };
  if (ANSWER_LABEL.test(line)) return { a: line.replace(ANSWER_LABEL, '').trim() };
  if (ANSWER_WORD.test(line)) return { a: line };
  const stripped = line.replace(WHY_LABEL, '').trim();
  const labelled = stripped !== line;
  const qm = stripped.match(/^(.+?[?？])(?:\s*(?:\*\*|__))?\s*(?:—|–|->|→|=>|:|-{1,2})?\s*(.*)$/u);
  if (qm) return { q: qm[1].trim(), a: qm[2].trim() || undefined };
  if (labelled) return { q: stripped };
  return undefined;
}

/**
 * Rewrites simple why lists and Why/Because paragraphs into the `N. question? — answer`
 * list. Items with nested content, and anything that doesn't read as a why chain, are kept as written.
 */
function renderWhys(nodes: RootContent[], src: SourceText, plain: (n: RootContent) => string): { blocks: string[]; count: number } {
  const blocks: string[] = [];
  let count = 0;
  let i = 0;
  const pairsToList = (pairs: { q?: string; a?: string }[]) =>
    pairs.map((p, k) => `${k + 1}. ${p.q && p.a ? `${p.q} — ${p.a}` : (p.q ?? p.a)}`).join('\n');
  const pairUp = (lines: { q?: string; a?: string }[]): { q?: string; a?: string }[] | undefined => {
    const pairs: { q?: string; a?: string }[] = [];
    for (const l of lines) {
      const last = pairs[pairs.length - 1];
      if (l.q) pairs.push({ ...l });
      else if (last?.q && !last.a) last.a = l.a;
      else return undefined;
    }
    return pairs.length ? pairs : undefined;
  };
  while (i < nodes.length) {
    const node = nodes[i];
    if (node.type === 'list') {
      const simple = node.children.every((it) => it.children.length === 1 && it.children[0].type === 'paragraph');
      const placeholder = isPlaceholderOnly([node]);
      if (simple && !placeholder) {
        const lines = node.children.map((it) => src.inner(it.children[0]));
        const parsed = lines.map(whyLine);
        const pairs = parsed.every(Boolean) ? pairUp(parsed as { q?: string; a?: string }[]) : undefined;
        if (pairs) {
          blocks.push(pairsToList(pairs));
          count += pairs.length;
        } else {
          // Statements without a question: numbered, text untouched.
          blocks.push(lines.map((l, k) => `${k + 1}. ${l}`).join('\n'));
          count += lines.length;
        }
      } else {
        blocks.push(plain(node));
        if (!placeholder) count += node.children.length;
      }
      i++;
      continue;
    }
    if (node.type === 'paragraph') {
      // Gather consecutive paragraphs and read them line by line as Why/Because pairs.
      let j = i;
      const lines: string[] = [];
      while (j < nodes.length && nodes[j].type === 'paragraph') {
        lines.push(...src.slice(src.start(nodes[j]), src.end(nodes[j])).split('\n'));
        j++;
      }
      const parsed = lines.filter((l) => l.trim()).map((l) => whyLine(l.replace(/\\$/, '').replace(/ {2,}$/, '')));
      const pairs = parsed.every(Boolean) ? pairUp(parsed as { q?: string; a?: string }[]) : undefined;
      if (pairs?.some((p) => p.q && p.a)) {
        blocks.push(pairsToList(pairs));
        count += pairs.length;
        i = j;
        continue;
      }
    }
    blocks.push(plain(node));
    i++;
  }
  return { blocks, count };
}

// ---------------------------------------------------------------- action items & lessons

function firstUrl(node: Nodes): string | undefined {
  if (node.type === 'link' && isUrl(node.url)) return node.url;
  if ('children' in node)
    for (const c of node.children as Nodes[]) {
      const u = firstUrl(c);
      if (u) return u;
    }
  return undefined;
}

function extractActionItems(slice: SectionSlice | undefined, src: SourceText): ImportedActionItem[] {
  if (!slice || slice.empty) return [];
  const items: ImportedActionItem[] = [];
  for (const node of slice.nodes) {
    if (node.type === 'list') {
      for (const item of node.children as ListItem[]) {
        if (isPlaceholderOnly([item])) continue;
        const para = item.children.find((c) => c.type === 'paragraph');
        if (!para) continue;
        const a = actionFromText(nodeText(para), { checked: item.checked, url: firstUrl(para) });
        if (a) items.push(a);
      }
    } else if (node.type === 'table') {
      const [header, ...rows] = node.children;
      const cols = header.children.map((c) => actionColumn(nodeText(c)));
      if (!cols.includes('title')) continue;
      for (const row of rows) {
        const get = (k: string) => {
          const i = cols.indexOf(k as never);
          return i >= 0 && row.children[i] ? nodeText(row.children[i]).trim() : undefined;
        };
        const titleCell = row.children[cols.indexOf('title')];
        const title = get('title');
        if (!title || isPlaceholderOnly([{ type: 'paragraph', children: titleCell?.children ?? [] } as Paragraph])) continue;
        const base = actionFromText(title, { url: titleCell ? firstUrl(titleCell) : undefined });
        if (!base) continue;
        const owner = get('owner')?.replace(/^@/, '');
        const due = dueDate(get('due'));
        const ticketIdx = cols.indexOf('ticket');
        const ticket = ticketIdx >= 0 && row.children[ticketIdx] ? (firstUrl(row.children[ticketIdx]) ?? get('ticket')) : undefined;
        items.push({
          ...base,
          kind: actionKind(base.title, get('kind')),
          ...(owner && !/^[-–—]?$/.test(owner) ? { owner } : {}),
          status: actionStatus(get('status')),
          ...(due ? { due } : {}),
          ...(isUrl(ticket) ? { ticket } : {}),
        });
      }
    }
  }
  void src;
  return items;
}

function extractLessons(
  slice: SectionSlice | undefined,
  src: SourceText,
  overrides: Map<Nodes, string>,
): Record<LessonKind, string[]> | undefined {
  if (!slice || slice.empty) return undefined;
  const lessons: Record<LessonKind, string[]> = { went_well: [], went_wrong: [], got_lucky: [] };
  let current: LessonKind | undefined;
  let found = false;
  for (const node of slice.nodes) {
    if (node.type === 'heading') current = lessonKind(nodeText(node));
    else if (
      node.type === 'paragraph' &&
      (node.children[0]?.type === 'strong' || node.children[0]?.type === 'emphasis') &&
      lessonKind(nodeText(node.children[0]))
    ) {
      current = lessonKind(nodeText(node.children[0]));
    } else if (node.type === 'list' && current) {
      for (const item of node.children) {
        const para = item.children.find((c) => c.type === 'paragraph');
        const t = para ? nodeText(para).replace(/\s+/g, ' ').trim() : '';
        if (t && !isPlaceholderOnly([item])) {
          lessons[current].push(t);
          found = true;
        }
      }
    }
  }
  void src;
  void overrides;
  return found ? lessons : undefined;
}

// ---------------------------------------------------------------- frontmatter

/** The new file's frontmatter, with a YAML comment on every value the author should check. */
function renderFrontmatter(data: Record<string, unknown>, comments: Record<string, string>, startedMissing: boolean): string {
  const fm = new FrontmatterWriter();
  for (const [key, value] of Object.entries(data)) {
    fm.set(key, value, { comment: comments[key] });
    if (key === 'timezone' && startedMissing) fm.comment('started: "YYYY-MM-DDTHH:MM"  # no date found in the source: fill it in');
  }
  return fm.toString();
}
