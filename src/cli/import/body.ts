/**
 * The source body → the project's body: sections found by `outline`, the
 * timeline and 5 whys rewritten, several source headings that mean one section
 * merged under it, everything else under Additional notes with its own heading.
 * Blocks are copied from the source text, so code, tables and HTML stay
 * byte-identical. Two phases: `readBody` (what is there, including the timeline's
 * events, which the dates need) and `renderBody` (after the events are placed).
 */
import type { List, Nodes, RootContent } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { cleanHeading, headingFor, INCIDENT_SECTIONS, matchSection } from '../../core/markdown/sections.ts';
import { headingLanguage } from '../../core/markdown/sections.ts';
import { outline, type SourceSection } from './outline.ts';
import type { SourceText } from './source.ts';
import { fence } from './text.ts';
import { isEventList, type ReadTimeline, readTimeline, type TimelineEvent } from './timeline.ts';
import { renderTimeline, timelineNotes } from './timeline-write.ts';
import type { Note } from './when.ts';
import { renderWhys, type WhyStep, whyChainIn } from './whys.ts';

export type HeadingLang = 'keep' | 'en' | 'ko' | 'bilingual';

export interface HeadingMapEntry {
  heading: string;
  depth: number;
  /** The canonical section it opens or names; null when none. */
  section: string | null;
}

export interface ReadBody {
  preamble: RootContent[];
  sections: SourceSection[];
  /** Each timeline section's reading, by section. */
  timelines: Map<SourceSection, ReadTimeline>;
  events: TimelineEvent[];
  notes: Note[];
  headingLang: 'en' | 'ko' | 'bilingual';
}

const DEFS = new Map(INCIDENT_SECTIONS.map((d) => [d.id, d] as const));

export function readBody(children: RootContent[], src: SourceText, text: string): ReadBody {
  const notes: Note[] = [];
  const { preamble, sections } = outline(children);
  const headingLang = headingLanguage(
    sections.filter((s) => s.id).map((s) => s.heading),
    text,
  );
  const added = (id: string, nodes: RootContent[], depth: number): SourceSection => ({
    heading: headingFor(DEFS.get(id)!, headingLang),
    depth,
    id,
    nodes,
  });

  // A timeline with no Timeline heading: the first list of timed entries, wherever it is.
  if (!sections.some((s) => s.id === 'timeline')) {
    const homes: { nodes: RootContent[]; at: number; name: string }[] = [
      { nodes: preamble, at: 0, name: 'the text before the first heading' },
      ...sections.map((s, i) => ({ nodes: s.nodes, at: i + 1, name: `"${s.heading}"` })),
    ];
    for (const home of homes) {
      const list = home.nodes.find((n): n is List => n.type === 'list' && n.children.length >= 2 && isEventList(n, src));
      if (!list) continue;
      home.nodes.splice(home.nodes.indexOf(list), 1);
      sections.splice(home.at, 0, added('timeline', [list], sections[home.at - 1]?.depth ?? 2));
      notes.push({ level: 'info', message: `the list of timed entries in ${home.name} is the timeline: moved under a Timeline heading` });
      break;
    }
  }
  // A why chain under another heading (Root Cause Analysis): moved to its own 5 Whys section, right after.
  if (!sections.some((s) => s.id === 'five-whys')) {
    for (const [i, s] of sections.entries()) {
      const chain = whyChainIn(s.nodes, src);
      if (!chain) continue;
      s.nodes.splice(s.nodes.indexOf(chain), 1);
      sections.splice(i + 1, 0, added('five-whys', [chain], s.depth));
      notes.push({ level: 'info', message: `the "Why …?" chain under "${s.heading}" moved to a 5 Whys section right after it` });
      break;
    }
  }
  const timelines = new Map<SourceSection, ReadTimeline>();
  for (const s of sections) if (s.id === 'timeline') timelines.set(s, readTimeline(content(s.nodes), src));
  const events = [...timelines.values()].flatMap((t) => t.events);
  for (const message of timelineNotes(events)) notes.push({ level: 'info', message });
  return { preamble, sections, timelines, events, notes, headingLang };
}

/** Blocks of a section, without decoration rules right under its heading. */
function content(nodes: RootContent[]): RootContent[] {
  const out = [...nodes];
  while (out[0]?.type === 'thematicBreak') out.shift();
  return out;
}

export interface RenderedBody {
  text: string;
  /** Where each section-level source heading went (the CLI report). */
  sections: { heading: string; section: string }[];
  headings: HeadingMapEntry[];
  whys: WhyStep[];
  /** Source sections by canonical id, in order (merged ones together). */
  groups: Map<string, SourceSection[]>;
}

export function renderBody(
  body: ReadBody,
  src: SourceText,
  opts: { lang: HeadingLang; overrides: Map<Nodes, string>; extraFrontmatter?: { yaml: string; heading: string } },
): RenderedBody {
  const { overrides, lang } = opts;
  const headingText = (id: string, source?: string) =>
    lang === 'keep' ? (source ? cleanHeading(source) : headingFor(DEFS.get(id)!, body.headingLang)) : headingFor(DEFS.get(id)!, lang);
  const renderNode = (node: RootContent, base: number, shift: number): string => {
    const o = overrides.get(node);
    const depth = node.type === 'heading' ? Math.min(6, Math.max(3, 2 + node.depth - base + shift)) : 0;
    if (o !== undefined) return node.type === 'heading' ? `${'#'.repeat(depth)} ${o}` : o;
    if (node.type === 'heading') return `${'#'.repeat(depth)} ${src.inner(node)}`;
    return src.block(node);
  };

  const whys: WhyStep[] = [];
  const renderSection = (s: SourceSection, id: string | null, shift: number): string[] => {
    const nodes = content(s.nodes);
    const read = body.timelines.get(s);
    if (read) return renderTimeline(read, src, (n) => renderNode(n, s.depth, shift));
    if (id === 'five-whys') {
      const r = renderWhys(nodes, src, (n) => renderNode(n, s.depth, shift));
      whys.push(...r.steps);
      return r.blocks;
    }
    return nodes.map((n) => renderNode(n, s.depth, shift));
  };

  const groups = new Map<string, SourceSection[]>();
  const extras: SourceSection[] = [];
  for (const s of body.sections) {
    if (s.id) groups.set(s.id, [...(groups.get(s.id) ?? []), s]);
    else extras.push(s);
  }
  const out: string[] = body.preamble.map((n) => renderNode(n, 2, 0));
  const sections: RenderedBody['sections'] = [];
  const rendered = new Map<string, string[]>();
  for (const s of body.sections) {
    if (!s.id) continue;
    if (s.node) sections.push({ heading: s.heading, section: s.id });
    const group = groups.get(s.id)!;
    const blocks = rendered.get(s.id) ?? [];
    if (group.length === 1)
      blocks.push(`## ${headingText(s.id, overrides.get(s.node!) ?? (s.node ? s.heading : undefined))}`, ...renderSection(s, s.id, 0));
    else {
      // several headings mean this section ("What went well", "What went wrong", "Lessons learnt"): one section, each a sub-heading
      if (!blocks.length) blocks.push(`## ${headingText(s.id)}`);
      blocks.push(`### ${cleanHeading(overrides.get(s.node!) ?? s.heading)}`, ...renderSection(s, s.id, 1));
    }
    rendered.set(s.id, blocks);
  }
  for (const s of extras) sections.push({ heading: s.heading, section: 'additional-notes' });
  const notesBlocks: string[] = [];
  for (const s of extras)
    notesBlocks.push(`### ${cleanHeading(overrides.get(s.node!) ?? s.heading) || s.heading}`, ...renderSection(s, null, 1));
  if (opts.extraFrontmatter) notesBlocks.push(`### ${opts.extraFrontmatter.heading}`, fence(opts.extraFrontmatter.yaml, 'yaml'));
  if (notesBlocks.length) {
    const own = rendered.get('additional-notes');
    rendered.delete('additional-notes');
    rendered.set('additional-notes', own ? [...own, ...notesBlocks] : [`## ${headingText('additional-notes')}`, ...notesBlocks]);
  }
  for (const blocks of rendered.values()) out.push(...blocks.filter((b) => b.trim() !== ''));
  return { text: `${out.join('\n\n')}\n`, sections, headings: headingMap(body), whys, groups };
}

/**
 * Every source heading in document order and the section it names: a section
 * heading the section it opens (null when it names none), a sub-heading its own
 * meaning. A timeline's per-event and per-day headings are entries, not headings.
 */
function headingMap(body: ReadBody): HeadingMapEntry[] {
  const out: HeadingMapEntry[] = [];
  for (const s of body.sections) {
    if (s.node) out.push({ heading: s.heading, depth: s.depth, section: s.id });
    for (const n of s.nodes)
      if (n.type === 'heading' && !body.timelines.get(s)?.skip.has(n))
        out.push({ heading: nodeText(n).trim(), depth: n.depth, section: matchSection(nodeText(n)) ?? null });
  }
  return out;
}
