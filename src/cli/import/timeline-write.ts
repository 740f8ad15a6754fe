/**
 * The timeline's entries placed on the calendar and written back as the
 * project's list: `` - `HH:MM` [marker] text``, the date in the code span where
 * rollover alone would not place the entry, the source's stamp kept after it
 * when it says more than the time. What `timeline.ts` read goes in.
 */
import type { RootContent } from 'mdast';
import { nextDay, withYear } from './dates.ts';
import type { Edit, SourceText } from './source.ts';
import { codeOf } from './stamp.ts';
import { dedent, indent, pad } from './text.ts';
import type { ReadTimeline, TimelineEvent } from './timeline.ts';

/**
 * Place the events on the calendar: an entry's own date, or the day heading
 * above it, or the previous entry's day (rolling over midnight when the clock
 * goes back). `reference` gives dates written without a year their year.
 */
export function placeEvents(events: TimelineEvent[], date: string | undefined, reference: string | number | undefined): void {
  let day = date;
  let prev: number | undefined;
  for (const ev of events) {
    const c = ev.stamp?.clock;
    if (!c) {
      ev.at = null;
      continue;
    }
    const minutes = c.hour * 60 + c.minute;
    const own = ev.stamp?.date ? withYear(ev.stamp.date, reference) : ev.dayAbove ? withYear(ev.dayAbove, reference) : undefined;
    const rolled = day && prev !== undefined && minutes < prev - 1 ? nextDay(day) : day;
    const placed = own ?? rolled;
    if (own && (ev.stamp?.date || ev.dayAbove || own !== rolled)) ev.showDate = own;
    day = placed;
    prev = minutes;
    ev.at = placed ? `${placed}T${pad(c.hour)}:${pad(c.minute)}` : `${pad(c.hour)}:${pad(c.minute)}`;
  }
}

/** The entry's head as the project writes it: the code span, the marker, then the text. */
function headPrefix(ev: TimelineEvent): string {
  const code = ev.stamp ? codeOf(ev.stamp, ev.showDate) : undefined;
  return `${code ? `\`${code}\` ` : ''}${ev.marker ? `[${ev.marker}] ` : ''}`;
}

/** The timeline section's blocks as markdown, after `placeEvents`. */
export function renderTimeline(read: ReadTimeline, src: SourceText, renderNode: (n: RootContent) => string): string[] {
  return read.blocks.map((b) => {
    if (b.kind === 'node') return renderNode(b.node);
    if (b.kind === 'text') return b.text;
    if (b.kind === 'items') {
      const loose = b.items.some((it) => it.details.length || it.head.includes('\n'));
      return b.items
        .map((it) => {
          const head = `- ${headPrefix(it.event)}${it.head.replace(/\n/g, '\n  ')}`.trimEnd();
          return [head, ...it.details.map((d) => indent(d))].join('\n\n');
        })
        .join(loose ? '\n\n' : '\n');
    }
    const edits: Edit[] = [];
    for (const h of b.heads) {
      const prefix = headPrefix(h.event);
      if (h.event.stamp?.plain) edits.push({ start: h.paraStart, end: h.paraStart + h.restStart, text: prefix });
      else {
        edits.push({ start: h.paraStart, end: h.paraStart, text: prefix });
        if (h.marker) edits.push({ start: h.paraStart + h.marker[0], end: h.paraStart + h.marker[1], text: '' });
      }
    }
    return dedent(src.block(b.list, edits), b.dedent);
  });
}

/** What the reading of the entries inferred: `13:55 PM` read as 13:55, vague and unknown times, approximations. */
export function timelineNotes(events: TimelineEvent[]): string[] {
  const notes: string[] = [];
  const list = (xs: string[]) => xs.map((x) => `\`${x}\``).join(', ');
  const mixes = events.filter((e) => e.stamp?.impossibleMix).map((e) => e.stamp!.timeText!);
  if (mixes.length) notes.push(`${list(mixes)}: a 24-hour time with AM/PM, read as the 24-hour time`);
  const vague = events.filter((e) => e.vague).map((e) => e.vague!);
  if (vague.length) notes.push(`${list(vague)}: a vague time; the entry keeps its place, its time is left unknown`);
  const unknown = events.filter((e) => e.stamp?.unknown).map((e) => e.stamp!.written);
  if (unknown.length) notes.push(`${list(unknown)}: an unknown time; the entry keeps its place, its time is left empty`);
  const approx = events.filter((e) => e.stamp?.clock?.approximate).map((e) => e.stamp!.written);
  if (approx.length)
    notes.push(
      `${list(approx.slice(0, 3))}${approx.length > 3 ? ` and ${approx.length - 3} more` : ''}: approximate, read as the time written`,
    );
  return notes;
}
