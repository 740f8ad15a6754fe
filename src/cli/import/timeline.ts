/**
 * The source's timeline, in any of the shapes people write it, → the project's
 * list (`` - `HH:MM` [marker] text``) and the events it holds.
 *
 * Read: list items with a time at the head (nested under bold labels too), a
 * table with a time column, paragraphs that start with a time, bold time labels
 * each followed by its paragraph (`**18:00頃**`, `**夜**`), one heading per event
 * (`### 07:30am - First report`), and day headings and date lines (`### 2024-04-16`,
 * `2024-02-13`) that date the entries under them. Written: one list item per
 * event; the source's words stay, and the stamp stays as written after the code
 * span when it says more than the time (a weekday, a date in words, a range).
 */
import type { Heading, List, ListItem, Paragraph, RootContent, Table } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import type { PartialDate } from './dates.ts';
import type { SourceText } from './source.ts';
import { readStamp, type Stamp, VAGUE_TIME } from './stamp.ts';
import { dedent, plainInline } from './text.ts';

export interface TimelineEvent {
  stamp?: Stamp;
  /** The date of the day heading or date line right above (set on the first entry under it). */
  dayAbove?: PartialDate;
  marker?: string;
  /** The entry's text, plain, without its stamp. */
  text: string;
  /** A vague time word (`夜`, `朝`): the time is unknown, the order kept. */
  vague?: string;
  line?: number;
  /** Set by `placeEvents`: `YYYY-MM-DDTHH:MM` (or `HH:MM` without a date), null when the time is unknown. */
  at?: string | null;
  /** The date to write in the code span, when rollover alone would not place the entry. */
  showDate?: string;
}

export interface Item {
  event: TimelineEvent;
  /** The entry's head, markdown, without the stamp when the code span says it all. */
  head: string;
  /** Blocks nested under the entry (its paragraphs, code, lists), as markdown. */
  details: string[];
}

export type Block =
  | { kind: 'node'; node: RootContent }
  | { kind: 'text'; text: string }
  | { kind: 'list'; list: List; events: TimelineEvent[]; heads: HeadEdit[]; dedent: number }
  | { kind: 'items'; items: Item[] };

/** Where an item's head is rewritten in the source. */
export interface HeadEdit {
  event: TimelineEvent;
  paraStart: number;
  /** Offsets in the head paragraph: the stamp's end, the marker's span, the text's start. */
  restStart: number;
  marker?: [number, number];
}

export interface ReadTimeline {
  blocks: Block[];
  events: TimelineEvent[];
  /** Header cells of timeline tables (`시각 (KST)`), where a zone may be stated. */
  headers: string[];
  /** Headings that are entries or days (`### 07:30am - First report`, `### 2024-04-16`), not section headings. */
  skip: Set<RootContent>;
}

const MARKER = /^\[([a-z][a-z-]*)\]\s*/i;
const TIME_HEADER = /^(time|times|when|timestamp|date\s*\/?\s*time|datetime|시간|시각|일시|시점|발생 시간|日時|時刻|時間)\b/iu;

/** The stamp, marker and text of an entry's head, read from its markdown. */
function readHead(md: string): { stamp?: Stamp; marker?: string; markerSpan?: [number, number]; restStart: number } {
  const stamp = readStamp(md);
  let at = stamp?.end ?? 0;
  const mk = md.slice(at).match(MARKER);
  let markerSpan: [number, number] | undefined;
  if (mk) {
    markerSpan = [at, at + mk[0].length];
    at += mk[0].length;
    at += md.slice(at).match(/^\s*[:：\-–—|]?\s*/)![0].length;
  }
  return {
    ...(stamp ? { stamp } : {}),
    ...(mk ? { marker: mk[1].toLowerCase() } : {}),
    ...(markerSpan ? { markerSpan } : {}),
    restStart: at,
  };
}

const timed = (s: Stamp | undefined) => !!s && (!!s.clock || !!s.unknown);

/** A date alone (`2024-02-13`, `### 8월 19일 (토)`, `2023-09-19 (all times UTC)`): the day of the entries below. */
function dayOf(md: string): PartialDate | undefined {
  const s = readStamp(md, { dateOnly: true });
  if (!s?.date || s.clock) return undefined;
  const rest = md.slice(s.end).trim();
  return rest === '' || /^[(（][^)）]*[)）]\.?$/u.test(rest) ? s.date : undefined;
}

/** A list whose items are entries: at least half start with a time. */
export function isEventList(list: List, src: SourceText): boolean {
  const n = list.children.filter((it) => {
    const p = it.children[0];
    return p?.type === 'paragraph' && timed(readStamp(src.text.slice(src.start(p), src.end(p))));
  }).length;
  return n > 0 && n * 2 >= list.children.length;
}

/** `- **Key events**` with the entries nested under it. */
function labelledLists(list: List, src: SourceText): { label: Paragraph; nested: List }[] | undefined {
  const out: { label: Paragraph; nested: List }[] = [];
  for (const item of list.children) {
    const [label, ...rest] = item.children;
    const nested = rest.find((c): c is List => c.type === 'list');
    if (label?.type !== 'paragraph' || !nested || !isEventList(nested, src) || rest.some((c) => c.type !== 'list')) return undefined;
    if (timed(readStamp(src.text.slice(src.start(label), src.end(label))))) return undefined;
    out.push({ label, nested });
  }
  return out.length ? out : undefined;
}

function listBlock(list: List, src: SourceText, day: { date?: PartialDate }, dedentBy = 0): Block & { kind: 'list' } {
  const events: TimelineEvent[] = [];
  const heads: HeadEdit[] = [];
  for (const item of list.children as ListItem[]) {
    const para = item.children[0]?.type === 'paragraph' ? item.children[0] : undefined;
    const md = para ? src.text.slice(src.start(para), src.end(para)) : '';
    const h = readHead(md);
    const event: TimelineEvent = {
      ...(h.stamp && timed(h.stamp) ? { stamp: h.stamp } : {}),
      ...(h.marker ? { marker: h.marker } : {}),
      text: plainInline(md.slice(h.restStart)),
      line: item.position?.start.line,
    };
    takeDay(event, day);
    events.push(event);
    if (para && event.stamp?.clock)
      heads.push({ event, paraStart: src.start(para), restStart: h.restStart, ...(h.markerSpan ? { marker: h.markerSpan } : {}) });
  }
  return { kind: 'list', list, events, heads, dedent: dedentBy };
}

function takeDay(event: TimelineEvent, day: { date?: PartialDate }): void {
  if (day.date && event.stamp?.clock) {
    event.dayAbove = day.date;
    day.date = undefined;
  }
}

/** Read a timeline section's blocks. */
export function readTimeline(nodes: RootContent[], src: SourceText): ReadTimeline {
  const blocks: Block[] = [];
  const headers: string[] = [];
  const skip = new Set<RootContent>();
  const day: { date?: PartialDate } = {};
  const md = (n: RootContent) => src.text.slice(src.start(n), src.end(n));
  let i = 0;
  while (i < nodes.length) {
    const node = nodes[i];
    // one heading per event: `### 07:30am - First report`, and what follows it
    if (node.type === 'heading') {
      const inner = src.inner(node);
      const h = readHead(inner);
      if (h.stamp?.clock) {
        skip.add(node);
        let j = i + 1;
        while (j < nodes.length && !(nodes[j].type === 'heading' && (nodes[j] as Heading).depth <= node.depth)) j++;
        blocks.push({ kind: 'items', items: [itemOf(h, inner, nodes.slice(i + 1, j), src, day, node.position?.start.line)] });
        i = j;
        continue;
      }
      const d = dayOf(inner);
      if (d) {
        day.date = d;
        skip.add(node);
      }
      blocks.push({ kind: 'node', node });
      i++;
      continue;
    }
    if (node.type === 'paragraph') {
      const text = md(node);
      const d = dayOf(text);
      if (d) {
        day.date = d;
        blocks.push({ kind: 'node', node });
        i++;
        continue;
      }
      // a bold label that is only a time (or a vague time), followed by what happened
      const label = boldLabel(node);
      if (label) {
        let j = i + 1;
        while (j < nodes.length && nodes[j].type !== 'heading' && !(nodes[j].type === 'paragraph' && boldLabel(nodes[j] as Paragraph))) j++;
        const h = label.vague ? { restStart: text.length } : readHead(text);
        const event: TimelineEvent = label.vague ? { vague: label.vague, text: '' } : { text: '' };
        const item = itemOf(h, text, nodes.slice(i + 1, j), src, day, node.position?.start.line, event);
        if (label.vague) item.head = `${text} ${item.head}`.trim();
        pushItems(blocks, [item]);
        i = j;
        continue;
      }
      // a paragraph that starts with a time: one entry
      const h = readHead(text);
      if (h.stamp?.clock && text.slice(h.restStart).trim()) {
        pushItems(blocks, [itemOf(h, text, [], src, day, node.position?.start.line)]);
        i++;
        continue;
      }
    }
    if (node.type === 'list') {
      const labelled = labelledLists(node, src);
      if (labelled) {
        for (const { label, nested } of labelled) {
          blocks.push({ kind: 'text', text: dedent(src.block(label), src.start(label) - src.lineStart(src.start(label))) });
          blocks.push(listBlock(nested, src, day, src.start(nested) - src.lineStart(src.start(nested))));
        }
        i++;
        continue;
      }
      if (isEventList(node, src)) {
        blocks.push(listBlock(node, src, day));
        i++;
        continue;
      }
    }
    if (node.type === 'table') {
      const items = tableItems(node, src, day);
      if (items) {
        headers.push(...node.children[0].children.map((c) => nodeText(c)));
        blocks.push({ kind: 'items', items });
        i++;
        continue;
      }
    }
    blocks.push({ kind: 'node', node });
    i++;
  }
  const events = blocks.flatMap((b) => (b.kind === 'list' ? b.events : b.kind === 'items' ? b.items.map((it) => it.event) : []));
  return { blocks, events, headers, skip };
}

function pushItems(blocks: Block[], items: Item[]): void {
  const last = blocks[blocks.length - 1];
  if (last?.kind === 'items') last.items.push(...items);
  else blocks.push({ kind: 'items', items });
}

/** `**18:00頃**` or `**夜**` as a paragraph of its own. */
function boldLabel(p: Paragraph): { vague?: string } | undefined {
  if (p.children.length !== 1 || p.children[0].type !== 'strong') return undefined;
  const t = nodeText(p.children[0]).trim();
  if (VAGUE_TIME.test(t)) return { vague: t };
  const s = readStamp(t);
  return s?.clock && s.end >= t.length ? {} : undefined;
}

/** An entry made from a heading, a paragraph or a bold label, with the blocks under it. */
function itemOf(
  h: ReturnType<typeof readHead>,
  md: string,
  following: RootContent[],
  src: SourceText,
  day: { date?: PartialDate },
  line: number | undefined,
  base?: TimelineEvent,
): Item {
  const details = following.map((n) => src.block(n));
  let rest = md.slice(h.restStart).trim();
  const first = following[0];
  if (!rest && first?.type === 'paragraph') {
    // `### 08:52 PM` or `**18:20**`: the paragraph under it is the entry's text
    rest = details.shift()!;
  }
  const event: TimelineEvent = base ?? { text: '' };
  if (!base?.vague && h.stamp && timed(h.stamp)) event.stamp = h.stamp;
  if (h.marker) event.marker = h.marker;
  event.text = plainInline(rest);
  event.line = line;
  takeDay(event, day);
  const kept = event.stamp && !event.stamp.plain ? md.slice(0, h.markerSpan?.[0] ?? h.restStart).trim() : '';
  return { event, head: [kept, rest].filter(Boolean).join(' '), details };
}

/** A table with a time column → entries; undefined when it has none. */
function tableItems(table: Table, src: SourceText, day: { date?: PartialDate }): Item[] | undefined {
  const [header, ...rows] = table.children;
  if (!header || !rows.length) return undefined;
  const cell = (row: typeof header, i: number) => {
    const c = row.children[i];
    return c ? src.inner(c).replace(/\\\|/g, '|').trim() : '';
  };
  const names = header.children.map((_, i) => cell(header, i));
  const bare = (s: string) => s.replace(/^[`*_]+|[`*_]+$/g, '').trim();
  let timeCol = names.findIndex((n) => TIME_HEADER.test(bare(n)));
  if (timeCol < 0)
    timeCol = names.findIndex((_, i) => {
      const values = rows.map((r) => bare(cell(r, i))).filter(Boolean);
      return values.length > 0 && values.filter((v) => readStamp(v)?.clock).length * 2 >= values.length;
    });
  if (timeCol < 0) return undefined;
  return rows.map((row) => {
    const raw = cell(row, timeCol);
    const stamp = raw ? readStamp(raw) : undefined;
    let marker: string | undefined;
    const texts = names
      .map((n, i) => ({ n, v: cell(row, i), i }))
      .filter((c) => c.i !== timeCol && c.v)
      .map((c, k) => {
        const m = c.v.match(MARKER);
        if (m && !marker) {
          marker = m[1].toLowerCase();
          c.v = c.v.slice(m[0].length);
        }
        return k === 0 ? c.v : `${c.n}: ${c.v}`;
      });
    let text = texts.join(' — ');
    const keep = raw && (!stamp?.clock || !stamp.plain || stamp.end < raw.length);
    if (keep) text = `${raw} — ${text}`;
    const event: TimelineEvent = {
      ...(stamp?.clock ? { stamp } : {}),
      ...(marker ? { marker } : {}),
      text: plainInline(texts.join(' — ')),
      line: row.position?.start.line,
    };
    takeDay(event, day);
    return { event, head: text, details: [] };
  });
}
