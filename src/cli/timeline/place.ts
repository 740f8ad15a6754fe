/**
 * Messages placed in time. A source that states instants (Slack `ts`, PagerDuty
 * and Alertmanager UTC, ISO with an offset) keeps them; a wall clock (pasted
 * chat, a CSV without a zone) is read in the source's zone. A wall clock that
 * happens twice (the hour repeated when clocks go back) follows the file's
 * order, one that never happens (the hour skipped) is read as TZDate reads it;
 * both are noted. Then the window keeps what belongs to the incident.
 */
import { tzOffset } from '@date-fns/tz';
import { parseClock } from '../../core/time/clock.ts';
import { localDateTime, zonedToEpoch } from '../../core/time/zone.ts';
import { CliError, UsageError } from '../shared/args.ts';
import type { SourceKind, SourceMessage } from './sources/index.ts';
import { listing, plural } from './sources/input.ts';

export interface Placed {
  /** Epoch ms. */
  epoch: number;
  message: SourceMessage;
  source: SourceKind;
  /** Position in the input (sources in the order given, messages in file order): ties keep it. */
  order: number;
  replies: Placed[];
}

export interface ReadInput {
  path: string;
  kind: SourceKind;
  messages: SourceMessage[];
}

type Day = { year: number; month: number; day: number };
type Clock = { hour: number; minute: number; second: number };

/** Every instant at which `zone`'s clocks show this wall time: none (skipped), one, or two (repeated). */
export function wallInstants(date: Day, clock: Clock, zone: string): number[] {
  const wall = Date.UTC(date.year, date.month - 1, date.day, clock.hour, clock.minute, clock.second);
  const offsets = new Set([tzOffset(zone, new Date(wall - 43_200_000)), tzOffset(zone, new Date(wall + 43_200_000))]);
  return [...offsets]
    .map((off) => wall - off * 60_000)
    .filter((epoch) => tzOffset(zone, new Date(epoch)) * 60_000 === wall - epoch)
    .sort((a, b) => a - b);
}

const dayOf = (iso: string): Day => ({ year: +iso.slice(0, 4), month: +iso.slice(5, 7), day: +iso.slice(8, 10) });

/** Put every message of every source on the time line. `zone` reads wall clocks. */
export function placeMessages(inputs: ReadInput[], zone: string, notes: string[]): Placed[] {
  const placed: Placed[] = [];
  let order = 0;
  for (const input of inputs) {
    let previous = -Infinity;
    const repeated: string[] = [];
    const skipped: string[] = [];
    const undated: string[] = [];
    const where = (m: SourceMessage) => (m.origin.line !== undefined ? `line ${m.origin.line}` : `message ${(m.origin.index ?? 0) + 1}`);
    const place = (m: SourceMessage): number | undefined => {
      if (m.epoch !== undefined) return m.epoch;
      if (!m.local) return undefined;
      if (!m.local.date) {
        undated.push(where(m));
        return undefined;
      }
      const t = parseClock(m.local.time);
      if (!t) return undefined;
      const date = dayOf(m.local.date);
      const candidates = wallInstants(date, t, zone);
      if (candidates.length === 0) {
        skipped.push(`${where(m)} (${m.local.time})`);
        return zonedToEpoch(date, t, zone);
      }
      if (candidates.length === 1) return candidates[0];
      // The repeated hour: the earlier reading unless the file has already moved past it.
      const chosen = candidates.find((c) => c >= previous - 60_000) ?? candidates[candidates.length - 1];
      repeated.push(`${where(m)} (${m.local.time} read as ${chosen === candidates[0] ? 'the first' : 'the second'})`);
      return chosen;
    };
    for (const m of input.messages) {
      const epoch = place(m);
      if (epoch === undefined) continue;
      previous = Math.max(previous, epoch);
      const replies: Placed[] = [];
      for (const r of m.replies ?? []) {
        const e = place(r);
        if (e !== undefined) replies.push({ epoch: e, message: r, source: input.kind, order: order++, replies: [] });
      }
      placed.push({ epoch, message: m, source: input.kind, order: order++, replies });
    }
    if (undated.length)
      throw new CliError(
        `${input.path}: ${plural(undated.length, 'message')} (${listing(undated, 3)}) have a time but no day; pass --date YYYY-MM-DD (the incident has no \`started\` to take it from)`,
        2,
      );
    if (repeated.length)
      notes.push(
        `${input.path}: ${listing(repeated, 4)} fall in the hour that happens twice in ${zone} when the clocks go back; each is read as the earlier or later one following the file's order`,
      );
    if (skipped.length)
      notes.push(`${input.path}: ${listing(skipped, 4)} fall in the hour skipped in ${zone} when the clocks go forward; check them`);
  }
  return placed.sort((a, b) => a.epoch - b.epoch || a.order - b.order);
}

export interface Window {
  from?: number;
  to?: number;
  /** How it was chosen, for the report: "started − 30 min to resolved + 30 min", "--from/--to", "the whole source". */
  basis: string;
}

const MARGIN = 30 * 60_000;

/** `--from`/`--to`: a date and time, a frontmatter instant, or a time of day on `started`'s date, in the incident's zone. */
export function parseWhen(flag: string, value: string, zone: string, startedDay: string | undefined): number {
  const t = parseClock(value.replace('T', ' '));
  const day = t?.date ?? (startedDay ? dayOf(startedDay) : undefined);
  if (!t || !day)
    throw new UsageError(
      `--${flag} ${value}: write a time as YYYY-MM-DD HH:MM${startedDay ? ' or HH:MM (on the day of `started`)' : ''}, in the incident's zone or with an offset (+09:00)`,
    );
  return zonedToEpoch(day, t, zone, t.offsetMinutes);
}

export function chooseWindow(
  flags: { from?: string; to?: string },
  incident: { zone: string; started?: number; resolved?: number },
): Window {
  const startedDay = incident.started === undefined ? undefined : localDateTime(incident.started, incident.zone).slice(0, 10);
  const from = flags.from !== undefined ? parseWhen('from', flags.from, incident.zone, startedDay) : undefined;
  const to = flags.to !== undefined ? parseWhen('to', flags.to, incident.zone, startedDay) : undefined;
  if (from !== undefined && to !== undefined && to < from) throw new UsageError(`--to ${flags.to} is before --from ${flags.from}`);
  const window: Window = {
    from: from ?? (incident.started === undefined ? undefined : incident.started - MARGIN),
    to: to ?? (incident.resolved === undefined ? undefined : incident.resolved + MARGIN),
    basis: '',
  };
  const parts = [
    from !== undefined ? '--from' : incident.started !== undefined ? '`started` − 30 min' : 'the first message (no `started`)',
    to !== undefined ? '--to' : incident.resolved !== undefined ? '`resolved` + 30 min' : 'the last message (no `resolved`)',
  ];
  window.basis = `${parts[0]} to ${parts[1]}`;
  return window;
}

export interface Windowed {
  kept: Placed[];
  /** Messages (replies included) outside the window. */
  outside: number;
}

/** Keep what lies in the window (to the end of its last minute). A reply in it whose parent is not stands alone. */
export function applyWindow(placed: Placed[], w: Window): Windowed {
  const inside = (e: number) => (w.from === undefined || e >= w.from) && (w.to === undefined || e < w.to + 60_000);
  const kept: Placed[] = [];
  let outside = 0;
  for (const p of placed) {
    const replies = p.replies.filter((r) => inside(r.epoch));
    outside += p.replies.length - replies.length;
    if (inside(p.epoch)) kept.push({ ...p, replies });
    else {
      outside++;
      kept.push(...replies);
    }
  }
  return { kept: kept.sort((a, b) => a.epoch - b.epoch || a.order - b.order), outside };
}

/** "there are no messages in the window" with where the sources' messages are, so the user can widen it. */
export function emptyWindowError(placed: Placed[], w: Window, zone: string): CliError {
  const show = (e: number) => localDateTime(e, zone).replace('T', ' ');
  const span = placed.length
    ? `the sources run from ${show(placed[0].epoch)} to ${show(placed[placed.length - 1].epoch)}`
    : 'the sources hold no timed messages';
  const range = `${w.from === undefined ? 'the start' : show(w.from)} – ${w.to === undefined ? 'the end' : show(w.to)} ${zone} (${w.basis})`;
  return new CliError(`no messages in the window ${range}; ${span}; pass --from and --to to choose another window`, 2);
}
