/**
 * Turn an existing markdown post-mortem (wiki export, blog post, the seed) into
 * a project incident without losing anything. Pure: text in, text out; the CLI
 * (`command.ts`) picks the id, writes the file and runs check.
 *
 * The body is rebuilt from the source text itself, block by block, so code
 * blocks, tables, HTML and images come out byte-identical. Only headings (level
 * and, with `lang`, wording), timeline item heads (`16:01 PM :` → `` `16:01` ``),
 * timeline tables (→ the list format) and 5-whys items (→ `N. question? — answer`)
 * are rewritten. Sections that map to no canonical section move under
 * "Additional notes" with their own heading.
 */
import type { Heading, Nodes, Paragraph, Root, RootContent } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseMarkdown } from '../../core/entry.ts';
import { FrontmatterWriter } from '../../core/frontmatter/write.ts';
import { type SectionSlice, splitSections } from '../../core/markdown/extract.ts';
import { cleanHeading, headingFor, INCIDENT_SECTIONS, matchSection, type SectionDef } from '../../core/markdown/sections.ts';
import { slugify } from '../../core/slug.ts';
import { localDateTime } from '../../core/time/zone.ts';
import { resolveTimeline } from '../../core/time/timeline.ts';
import { isValidTimeZone } from '../../schema/common.ts';
import type { KbConfig } from '../../schema/config.ts';
import { extractActionItems, extractLessons } from './actions.ts';
import { dateFromFileName, dateFromValue, findDate, findSeverity, zoneNameOf } from './facts.ts';
import { detectLang, pseudoHeading } from './headings.ts';
import { SourceText } from './source.ts';
import { countCode, fence, pad, plainTextOf, proseText, sameText, str, strList } from './text.ts';
import { instantOf, renderTimelineList, renderTimelineTable, type TimelineFact } from './timeline.ts';
import { renderWhys } from './whys.ts';

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

  const actionItems = extractActionItems(slice('action-items'));
  const lessons = extractLessons(slice('lessons'));

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

/** The new file's frontmatter, with a YAML comment on every value the author should check. */
function renderFrontmatter(data: Record<string, unknown>, comments: Record<string, string>, startedMissing: boolean): string {
  const fm = new FrontmatterWriter();
  for (const [key, value] of Object.entries(data)) {
    fm.set(key, value, { comment: comments[key] });
    if (key === 'timezone' && startedMissing) fm.comment('started: "YYYY-MM-DDTHH:MM"  # no date found in the source: fill it in');
  }
  return fm.toString();
}
