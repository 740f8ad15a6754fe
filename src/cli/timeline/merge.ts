/**
 * Merging new items into an incident's `## Timeline`, as text edits: existing
 * items, comments and everything outside the section keep their bytes; new
 * items go in time order before the first existing item that is later (so an
 * untimed item stays after the one it follows), in the list's own bullet and
 * spacing. An item already there (same minute, same text with or without the
 * author prefix) is not added again; new thread replies to it are appended.
 */
import type { List, ListItem } from 'mdast';
import { tzOffset } from '@date-fns/tz';
import { parseMarkdown } from '../../core/entry.ts';
import { findSection, type SectionSlice, sectionLists, timelineItemParts } from '../../core/markdown/extract.ts';
import { headingFor, headingLanguage, INCIDENT_SECTIONS } from '../../core/markdown/sections.ts';
import { parseClock } from '../../core/time/clock.ts';
import { resolveTimeline } from '../../core/time/timeline.ts';
import { localDateTime, zonedToEpoch } from '../../core/time/zone.ts';
import type { Incident } from './incident.ts';
import { type ItemInput, itemLines } from './render.ts';

export const minuteOf = (epoch: number) => Math.floor(epoch / 60_000) * 60_000;
export const normalizeText = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase();

export interface ExistingItem {
  item: ListItem;
  list: List;
  start: number;
  end: number;
  /** The time as written, if any. */
  time?: string;
  /** Resolved epoch (inherited by an untimed item), as the site reads it. */
  epoch?: number;
  text: string;
  marker?: string;
  replies: { minute?: number; text: string }[];
}

export interface NewItem extends ItemInput {
  minute: number;
  /** Normalized text as the timeline parser reads it, with and without the author prefix. */
  keys: string[];
  replies: NewItem[];
}

export interface TimelineState {
  slice?: SectionSlice;
  items: ExistingItem[];
}

type Day = { year: number; month: number; day: number };
const dayOf = (iso: string): Day => ({ year: +iso.slice(0, 4), month: +iso.slice(5, 7), day: +iso.slice(8, 10) });

/** The incident's timeline items, placed in time the way the site and check place them. */
export function readTimeline(incident: Incident, startedRaw: string | undefined): TimelineState {
  const slice = findSection(incident.parsed.slices, 'timeline');
  if (!slice) return { items: [] };
  const found = sectionLists(slice).flatMap((list) => list.children.map((item) => ({ list, item, parts: timelineItemParts(item) })));
  const resolved = resolveTimeline(
    found.map((f) => f.parts),
    startedRaw ?? '',
    incident.zone,
  );
  const items = found.map(({ list, item, parts }, i): ExistingItem => {
    const epoch = resolved[i]?.epoch;
    const day = epoch === undefined ? undefined : localDateTime(epoch, incident.zone).slice(0, 10);
    const replies = item.children
      .filter((c): c is List => c.type === 'list')
      .flatMap((l) => l.children)
      .map((r) => {
        const p = timelineItemParts(r);
        const t = p.time ? parseClock(p.time) : undefined;
        const d = t?.date ?? (day ? dayOf(day) : undefined);
        const minute = t && d ? minuteOf(zonedToEpoch(d, t, incident.zone, t.offsetMinutes)) : undefined;
        return { minute, text: normalizeText(p.text) };
      });
    return {
      item,
      list,
      start: item.position!.start.offset!,
      end: item.position!.end.offset!,
      time: parts.time,
      epoch: epoch === undefined ? undefined : minuteOf(epoch),
      text: normalizeText(parts.text),
      marker: parts.marker,
      replies,
    };
  });
  return { slice, items };
}

/** `HH:MM` on the day the timeline is on, else `YYYY-MM-DD HH:MM`; with the offset when the zone's clocks show that time twice. */
export function timeLabel(minute: number, zone: string, day: string | undefined, forceDate = false): string {
  const local = localDateTime(minute, zone);
  const date = local.slice(0, 10);
  const base = date === day && !forceDate ? local.slice(11, 16) : `${date} ${local.slice(11, 16)}`;
  const t = parseClock(base)!;
  if (zonedToEpoch(t.date ?? dayOf(date), t, zone) === minute) return base;
  const off = Math.round(tzOffset(zone, new Date(minute)));
  const abs = Math.abs(off);
  return `${base} ${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export interface MergeResult {
  text: string;
  added: NewItem[];
  duplicates: NewItem[];
  /** Replies appended under items that were already there. */
  repliesAdded: number;
}

const matches = (keys: string[], text: string) => keys.includes(text);

/** The list's bullet (`-`, `*`, `1.`), its indentation and whether its items are separated by blank lines. */
function listStyle(text: string, list: List): { bullet: string; indent: string; loose: boolean } {
  const first = list.children[0];
  const start = first.position!.start.offset!;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const mark = /^([-*+]|\d+[.)])/.exec(text.slice(start))?.[1] ?? '-';
  const bullet = /^\d/.test(mark) ? `1${mark.slice(-1)}` : mark;
  let loose = false;
  for (let i = 1; i < list.children.length; i++) {
    const gap = text.slice(list.children[i - 1].position!.end.offset!, list.children[i].position!.start.offset!);
    if (/\n[ \t]*\n/.test(gap)) loose = true;
  }
  return { bullet, indent: text.slice(lineStart, start), loose };
}

/**
 * Plan and apply the merge. `day` is the date `started` is on (the day times of
 * day belong to), undefined when `started` is unknown.
 */
export function mergeTimeline(incident: Incident, state: TimelineState, entries: NewItem[], day: string | undefined): MergeResult {
  const { text, zone } = incident;
  const existing = state.items;
  const used = new Set<number>();
  const seen = new Set<string>();
  const added: NewItem[] = [];
  const duplicates: NewItem[] = [];
  const replyEdits = new Map<number, NewItem[]>();
  for (const e of entries) {
    const key = `${e.minute}|${e.keys.at(-1)}`;
    const at = existing.findIndex((x, i) => !used.has(i) && x.epoch === e.minute && matches(e.keys, x.text));
    if (at >= 0) {
      used.add(at);
      seen.add(key);
      duplicates.push(e);
      const have = [...existing[at].replies];
      const fresh = e.replies.filter((r) => {
        const i = have.findIndex((h) => h.minute === r.minute && matches(r.keys, h.text));
        if (i >= 0) have.splice(i, 1);
        return i < 0;
      });
      if (fresh.length) replyEdits.set(at, fresh);
      continue;
    }
    if (seen.has(key)) {
      duplicates.push(e);
      continue;
    }
    seen.add(key);
    added.push(e);
  }

  // Where each new item goes: before the first existing item that is later.
  const before = new Map<number, NewItem[]>();
  for (const e of added) {
    let i = existing.findIndex((x) => x.epoch !== undefined && x.epoch > e.minute);
    if (i < 0) i = existing.length;
    const group = before.get(i);
    if (group) group.push(e);
    else before.set(i, [e]);
  }

  // Labels in document order: a time of day on the day the timeline is on, a full date otherwise.
  const assignLabels = (forced: Set<NewItem>) => {
    let ctx = day;
    for (let i = 0; i <= existing.length; i++) {
      for (const e of before.get(i) ?? []) {
        e.label = timeLabel(e.minute, zone, ctx, forced.has(e));
        ctx = localDateTime(e.minute, zone).slice(0, 10);
        const parentDay = ctx;
        for (const r of e.replies) r.label = timeLabel(r.minute, zone, parentDay);
      }
      const x = existing[i];
      if (x?.epoch !== undefined) ctx = localDateTime(x.epoch, zone).slice(0, 10);
    }
    for (const [i, replies] of replyEdits) {
      const x = existing[i];
      const parentDay = x.epoch === undefined ? day : localDateTime(x.epoch, zone).slice(0, 10);
      for (const r of replies) r.label = timeLabel(r.minute, zone, parentDay);
    }
  };
  // Read the merged times back as the site does; an item read wrong gets its full date and offset.
  const forced = new Set<NewItem>();
  for (let pass = 0; pass < 3; pass++) {
    assignLabels(forced);
    const order: { time?: string; item?: NewItem }[] = [];
    for (let i = 0; i <= existing.length; i++) {
      for (const e of before.get(i) ?? []) order.push({ time: e.label, item: e });
      if (existing[i]) order.push({ time: existing[i].time });
    }
    const back = resolveTimeline(order, day ? `${day}T00:00` : '', zone);
    const wrong = order.filter((o, i) => o.item && minuteOf(back[i].epoch ?? Number.NaN) !== o.item.minute);
    if (!wrong.length) break;
    for (const o of wrong) forced.add(o.item!);
  }

  // Text edits, applied back to front.
  const edits: Edit[] = [];
  const render = (items: NewItem[], bullet: string, indent: string, sep: string) =>
    items
      .map((e) =>
        itemLines(e, bullet)
          .map((l) => (l ? indent + l : l))
          .join('\n'),
      )
      .join(sep);
  for (const [i, replies] of replyEdits) {
    const x = existing[i];
    const nested = x.item.children.find((c): c is List => c.type === 'list');
    const column = (nested?.children[0] ?? x.item.children[0])?.position?.start.column ?? 3;
    edits.push({ at: x.end, text: `\n${render(replies, '-', ' '.repeat(column - 1), '\n')}`, rank: 0 });
  }
  for (const [i, items] of before) {
    const anchor = existing[Math.min(i, existing.length - 1)];
    if (anchor) {
      const style = listStyle(text, anchor.list);
      const sep = style.loose ? '\n\n' : '\n';
      const block = render(items, style.bullet, style.indent, sep);
      if (i < existing.length) edits.push({ at: anchor.start - style.indent.length, text: `${block}${sep}`, rank: 1 });
      else edits.push({ at: anchor.end, text: `${sep}${block}`, rank: 1 });
    } else edits.push(...newList(incident, state.slice, render(items, '-', '', '\n')));
  }
  let out = text;
  for (const e of edits.sort((a, b) => b.at - a.at || b.rank - a.rank))
    out = out.slice(0, e.at) + e.text + out.slice(e.at + (e.remove ?? 0));
  return { text: out, added, duplicates, repliesAdded: [...replyEdits.values()].reduce((n, r) => n + r.length, 0) };
}

/** A timeline list where there was none: in the section (replacing a placeholder list), or in a new section. */
interface Edit {
  at: number;
  text: string;
  /** Characters replaced at `at`. */
  remove?: number;
  /** Order of edits at the same place: lower goes first. */
  rank: number;
}

function newList(incident: Incident, slice: SectionSlice | undefined, list: string): Edit[] {
  const { text, parsed } = incident;
  if (slice) {
    const placeholder = slice.empty ? slice.nodes.find((n) => n.type === 'list') : undefined;
    if (placeholder) {
      const p = placeholder.position!;
      return [{ at: p.start.offset!, remove: p.end.offset! - p.start.offset!, text: list, rank: 1 }];
    }
    const last = slice.nodes.at(-1) ?? slice.headingNode;
    return [{ at: last.position!.end.offset!, text: `\n\n${list}`, rank: 1 }];
  }
  // No timeline section: add one where the canonical order puts it, in the file's heading language.
  const order = INCIDENT_SECTIONS.map((s) => s.id);
  const mine = order.indexOf('timeline');
  const known = parsed.slices.filter((s) => s.known);
  const next = known.find((s) => order.indexOf(s.id) > mine);
  const depth = known[0]?.headingNode.depth ?? 2;
  const heading = `${'#'.repeat(depth)} ${headingFor(
    INCIDENT_SECTIONS[mine],
    headingLanguage(
      known.map((s) => s.heading),
      text,
    ),
  )}`;
  if (next) {
    const at = next.headingNode.position!.start.offset!;
    return [{ at: text.lastIndexOf('\n', at - 1) + 1, text: `${heading}\n\n${list}\n\n`, rank: 1 }];
  }
  const ending = text.endsWith('\n') ? '' : '\n';
  return [{ at: text.length, text: `${ending}\n${heading}\n\n${list}\n`, rank: 1 }];
}

/** How the timeline parser reads items back: their text, for matching them in later runs. */
export function readBack(heads: string[]): string[] {
  const doc = heads.map((h) => `- \`00:00\` ${h.replace(/\n/g, '\n  ')}`).join('\n');
  const list = parseMarkdown(doc).children.find((n): n is List => n.type === 'list');
  if (list && list.children.length === heads.length) return list.children.map((i) => normalizeText(timelineItemParts(i).text));
  return heads.map((h) => {
    const one = parseMarkdown(`- \`00:00\` ${h.replace(/\n/g, '\n  ')}`).children.find((n): n is List => n.type === 'list');
    return normalizeText(one ? timelineItemParts(one.children[0]).text : h);
  });
}
