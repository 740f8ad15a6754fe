/**
 * Reads the canonical sections, the timeline and the 5 whys out of an mdast
 * tree. The remark plugins (site) and the CLIs (check, import) both call these,
 * so the body means the same thing everywhere.
 */
import type { Code, Heading, List, ListItem, Nodes, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import GithubSlugger from 'github-slugger';
import { matchSection, type SectionKind } from './sections.ts';
import { parseClock } from '../time/clock.ts';

export interface SectionSlice {
  /** Canonical id (`timeline`) or, for unknown headings, a slug of the heading. */
  id: string;
  known: boolean;
  heading: string;
  headingNode: Heading;
  /** Index of the heading in root.children. */
  start: number;
  /** Index one past the section's last node. */
  end: number;
  nodes: RootContent[];
  empty: boolean;
  line?: number;
}

/** Nodes that carry no content of their own: comments, thematic breaks, MDX imports. */
function isNoise(node: Nodes): boolean {
  if (node.type === 'thematicBreak' || node.type === 'yaml' || node.type === 'definition') return true;
  if (node.type === 'html') return /^\s*<!--[\s\S]*-->\s*$/.test(node.value);
  const t = node.type as string;
  if (t === 'mdxjsEsm') return true;
  if (t === 'mdxFlowExpression' || t === 'mdxTextExpression') return /^\s*\/\*[\s\S]*\*\/\s*$/.test((node as { value: string }).value);
  return false;
}

const PLACEHOLDER_TOKEN = /^(?:[-–—_.…·*]+|tbd|todo|tba|n\/a|none|없음|미정|작성\s*예정|추후\s*작성)$/i;

/** Text that is blank or only placeholders (`-`, `- -`, `TBD`, `TODO`). */
export function isPlaceholderText(text: string): boolean {
  const t = text.trim();
  return !t || t.split(/\s+/).every((tok) => PLACEHOLDER_TOKEN.test(tok));
}

/** Placeholder-only content (`-`, `- -`, `TBD`, `TODO`) counts as empty; code never does. */
export function isPlaceholderOnly(nodes: RootContent[]): boolean {
  for (const node of nodes) {
    if (isNoise(node)) continue;
    if (node.type === 'code' || node.type === 'table' || node.type === 'image') return false;
    if ('children' in node) {
      const kids = (node.children as RootContent[]).filter((c) => !isNoise(c));
      if (node.type === 'list' || node.type === 'listItem' || node.type === 'blockquote') {
        if (!isPlaceholderOnly(kids)) return false;
        continue;
      }
      if (kids.some((k) => k.type === 'image' || k.type === 'inlineCode')) return false;
    }
    const text = nodeText(node).trim();
    if (!text) continue;
    if (!text.split(/\s+/).every((tok) => PLACEHOLDER_TOKEN.test(tok))) return false;
  }
  return true;
}

const sectionMatches = new Map<string, string | undefined>();
/** `matchSection` is pure and the same headings recur in every file: remember its answers. */
function matchSectionCached(heading: string, kind: SectionKind): string | undefined {
  const key = `${kind}\0${heading}`;
  let id = sectionMatches.get(key);
  if (id === undefined && !sectionMatches.has(key)) {
    id = matchSection(heading, kind);
    if (sectionMatches.size >= 10_000) sectionMatches.clear();
    sectionMatches.set(key, id);
  }
  return id;
}

/** The depth that section headings use: the shallowest heading that names a canonical section. */
function sectionDepth(root: Root, kind: SectionKind): number {
  let depth = 7;
  for (const node of root.children) {
    if (node.type === 'heading' && node.depth < depth && matchSectionCached(nodeText(node), kind)) depth = node.depth;
  }
  return depth === 7 ? 2 : depth;
}

/** Split a document into sections at its section-level headings. Content before the first heading is not a section. */
export function splitSections(root: Root, kind: SectionKind): SectionSlice[] {
  const depth = sectionDepth(root, kind);
  const slugger = new GithubSlugger();
  const slices: SectionSlice[] = [];
  const seen = new Set<string>();
  root.children.forEach((node, index) => {
    if (node.type === 'heading' && node.depth <= depth) {
      const heading = nodeText(node).trim();
      const canonical = node.depth === depth ? matchSectionCached(heading, kind) : undefined;
      // A second heading for the same canonical section keeps its own slug, so anchors stay unique.
      const known = canonical !== undefined && !seen.has(canonical);
      if (known) seen.add(canonical!);
      const id = known ? canonical! : slugger.slug(heading) || `section-${index}`;
      if (known) slugger.slug(id); // reserve, so an unknown heading can't take it
      slices.push({
        id,
        known,
        heading,
        headingNode: node,
        start: index,
        end: index + 1,
        nodes: [],
        empty: true,
        line: node.position?.start.line,
      });
    } else if (slices.length) {
      const cur = slices[slices.length - 1];
      cur.nodes.push(node);
      cur.end = index + 1;
    }
  });
  for (const s of slices) s.empty = isPlaceholderOnly(s.nodes);
  return slices;
}

export function findSection(slices: SectionSlice[], id: string): SectionSlice | undefined {
  return slices.find((s) => s.known && s.id === id);
}

/** Plain text of nodes, whitespace collapsed; comments and placeholders dropped. */
export function plainText(nodes: RootContent[]): string {
  if (isPlaceholderOnly(nodes)) return '';
  return nodes
    .filter((n) => !isNoise(n))
    .map((n) => nodeText(n))
    .join('\n')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

// ---------------------------------------------------------------- timeline

export interface TimelineItemParts {
  /** The time text as written (`16:01 PM`), when the item starts with one. */
  time?: string;
  marker?: string;
  text: string;
  /** Inline nodes of the first paragraph after the time and marker were taken off. */
  rest: PhrasingContent[];
  hasDetails: boolean;
  line?: number;
}

const MARKER = /^\s*\[([a-z][a-z-]*)\]\s*/i;
const LEADING_SEPARATOR = /^\s*[:：\-–—|]\s*/;
/** A time written as plain text at the head of an item: `16:01`, `2024-03-05 14:20 KST`, `오후 4시 1분`. */
const LEADING_TIME =
  /^\s*(\d{4}[-./]\d{1,2}[-./]\d{1,2}[T\s]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM))?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,4}))?|\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|am|pm))?(?:\s*[A-Z]{3,4}\b)?|(?:(?:오전|오후|새벽|저녁|밤)\s*)?\d{1,2}\s*시(?:\s*\d{1,2}\s*분|\s*반)?)/u;

function trimStartOfInlines(nodes: PhrasingContent[], pattern: RegExp): { matched?: RegExpMatchArray; nodes: PhrasingContent[] } {
  const [first, ...others] = nodes;
  if (first?.type !== 'text') return { nodes };
  const m = first.value.match(pattern);
  if (!m) return { nodes };
  const value = first.value.slice(m[0].length);
  return { matched: m, nodes: value ? [{ ...first, value }, ...others] : others };
}

/** Split a timeline list item into its time, marker and text. Never throws. */
export function timelineItemParts(item: ListItem): TimelineItemParts {
  const para = item.children[0]?.type === 'paragraph' ? (item.children[0] as Paragraph) : undefined;
  let inlines: PhrasingContent[] = para ? [...para.children] : [];
  let time: string | undefined;
  const first = inlines[0];
  if (first?.type === 'inlineCode' && parseClock(first.value)) {
    time = first.value.trim();
    inlines = inlines.slice(1);
  } else if (first?.type === 'strong' && parseClock(nodeText(first))) {
    time = nodeText(first).trim();
    inlines = inlines.slice(1);
  } else {
    const r = trimStartOfInlines(inlines, LEADING_TIME);
    if (r.matched && parseClock(r.matched[1])) {
      time = r.matched[1].trim();
      inlines = r.nodes;
    }
  }
  let marker: string | undefined;
  inlines = trimStartOfInlines(inlines, LEADING_SEPARATOR).nodes;
  const mk = trimStartOfInlines(inlines, MARKER);
  if (mk.matched) {
    marker = mk.matched[1].toLowerCase();
    inlines = mk.nodes;
  }
  inlines = trimStartOfInlines(inlines, LEADING_SEPARATOR).nodes;
  inlines = trimStartOfInlines(inlines, /^\s+/).nodes;
  const text = inlines
    .map((n) => nodeText(n))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return { time, marker, text, rest: inlines, hasDetails: item.children.length > 1, line: item.position?.start.line };
}

/** The lists of a section, in order (a timeline may be split across several). */
export function sectionLists(slice: SectionSlice): List[] {
  return slice.nodes.filter((n): n is List => n.type === 'list');
}

export interface ExtractedTimelineEntry {
  time?: string;
  marker?: string;
  text: string;
  has_details: boolean;
  line?: number;
}

export function extractTimeline(slice: SectionSlice | undefined): ExtractedTimelineEntry[] {
  if (!slice || slice.empty) return [];
  return sectionLists(slice).flatMap((list) =>
    list.children.map((item) => {
      const p = timelineItemParts(item);
      return { time: p.time, marker: p.marker, text: p.text, has_details: p.hasDetails, line: p.line };
    }),
  );
}

// ---------------------------------------------------------------- 5 whys

export interface WhyParts {
  question: string;
  answer: string;
  line?: number;
}

/** `Why ...? — answer`, `Why ...? answer`, `Q: ... A: ...`, or a bare statement (taken as the answer). */
export function splitWhy(text: string): { question: string; answer: string } {
  const clean = text.replace(/\s+/g, ' ').trim();
  const qa = clean.match(/^(?:Q|Why|질문|왜)\s*[:：]\s*(.+?)\s*(?:A|Because|답|답변|이유)\s*[:：]\s*(.+)$/iu);
  if (qa) return { question: qa[1].trim(), answer: qa[2].trim() };
  const dash = clean.match(/^(.+?[?？])\s*(?:[—–→:：]|-{1,2}|=>)?\s*(.*)$/u);
  if (dash) return { question: dash[1].trim(), answer: dash[2].trim() };
  const sep = clean.match(/^(.+?)\s+(?:—|–|→|=>)\s+(.+)$/u);
  if (sep) return { question: sep[1].trim(), answer: sep[2].trim() };
  return { question: '', answer: clean };
}

/** Every list in the section is a chain: one per problem when the review asked why about several. */
export function extractWhys(slice: SectionSlice | undefined): WhyParts[] {
  if (!slice || slice.empty) return [];
  return sectionLists(slice)
    .flatMap((list) => list.children)
    .map((item) => {
      const para = item.children.find((c) => c.type === 'paragraph');
      const rest = item.children.filter((c) => c !== para && !isNoise(c));
      const text = [para ? nodeText(para) : '', ...rest.map((n) => nodeText(n))].join(' ');
      return { ...splitWhy(text), line: item.position?.start.line };
    })
    .filter((w) => w.question || w.answer);
}

// ---------------------------------------------------------------- playbook steps

export interface StepParts {
  title: string;
  commands: string[];
  line?: number;
}

/** One step per `###` heading (with its code blocks), or else one per list item. */
export function extractSteps(slice: SectionSlice | undefined): StepParts[] {
  if (!slice || slice.empty) return [];
  const steps: StepParts[] = [];
  const sub = slice.headingNode.depth + 1;
  const hasSubheadings = slice.nodes.some((n) => n.type === 'heading' && n.depth === sub);
  if (hasSubheadings) {
    for (const node of slice.nodes) {
      if (node.type === 'heading' && node.depth === sub) {
        steps.push({ title: nodeText(node).trim(), commands: [], line: node.position?.start.line });
      } else if (steps.length) {
        collectCode(node, steps[steps.length - 1].commands);
      }
    }
    return steps;
  }
  for (const list of sectionLists(slice)) {
    for (const item of list.children) {
      const para = item.children.find((c) => c.type === 'paragraph');
      const commands: string[] = [];
      collectCode(item, commands);
      steps.push({ title: para ? nodeText(para).trim() : '', commands, line: item.position?.start.line });
    }
  }
  return steps;
}

function collectCode(node: Nodes, into: string[]): void {
  if (node.type === 'code') into.push((node as Code).value);
  else if ('children' in node) for (const c of node.children as Nodes[]) collectCode(c, into);
}

// ---------------------------------------------------------------- whole documents

export interface SectionSummary {
  id: string;
  heading: string;
  known: boolean;
  empty: boolean;
  line?: number;
}

const summarize = (slices: SectionSlice[]): SectionSummary[] =>
  slices.map(({ id, heading, known, empty, line }) => ({ id, heading, known, empty, line }));

/** Everything an incident body contributes to the typed data. */
export function extractIncidentBody(root: Root) {
  const slices = splitSections(root, 'incident');
  return {
    slices,
    sections: summarize(slices),
    timeline: extractTimeline(findSection(slices, 'timeline')),
    five_whys: extractWhys(findSection(slices, 'five-whys')),
    root_cause_statement: plainText(findSection(slices, 'root-cause')?.nodes ?? []),
  };
}

/** Everything a playbook body contributes to the typed data. */
export function extractPlaybookBody(root: Root) {
  const slices = splitSections(root, 'playbook');
  return {
    slices,
    sections: summarize(slices),
    causes: extractSteps(findSection(slices, 'causes')),
    diagnosis: extractSteps(findSection(slices, 'diagnosis')),
    fixes: extractSteps(findSection(slices, 'fixes')),
  };
}
