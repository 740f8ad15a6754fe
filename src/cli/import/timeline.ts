/**
 * The source's timeline → the project's list: each item's head rewritten to
 * `` `HH:MM` [marker] text`` (nested content untouched), a table with a time
 * column turned into the same list, and the facts (time, marker) collected.
 */
import type { List, Paragraph, PhrasingContent, Table } from 'mdast';
import { timelineItemParts } from '../../core/markdown/extract.ts';
import { parseClock, type ParsedTime } from '../../core/time/clock.ts';
import { canonicalTime, formatOffset } from './facts.ts';
import type { Edit, SourceText } from './source.ts';
import { pad } from './text.ts';

export interface TimelineFact {
  time?: string;
  marker?: string;
  parsed?: ParsedTime;
}

/** A local instant `YYYY-MM-DDTHH:MM` for the timeline's first time on `date`. */
export function instantOf(t: ParsedTime, date: string, timezone: string, zoneFromTimeline?: string): string {
  const d = t.date ? `${t.date.year}-${pad(t.date.month)}-${pad(t.date.day)}` : date;
  const local = `${d}T${pad(t.hour)}:${pad(t.minute)}`;
  if (t.offsetMinutes === undefined || zoneFromTimeline === timezone) return local;
  return `${local}${formatOffset(t.offsetMinutes)}`;
}

/** Rewrite each item's head to `` `HH:MM` [marker] text``; nested content is left exactly as it was. */
export function renderTimelineList(list: List, src: SourceText, facts: TimelineFact[]): string {
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
export function renderTimelineTable(table: Table, src: SourceText, facts: TimelineFact[]): string | undefined {
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
