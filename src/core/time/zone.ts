/**
 * Zone maths: a local date and time in an IANA zone to an instant and back,
 * fast (one offset lookup per zone and day; TZDate only on days with a
 * change), and exactly as TZDate computes it (tests/time-zones.test.ts).
 */
import { TZDate, tzOffset } from '@date-fns/tz';
import { LOCAL_OR_OFFSET_DATETIME } from '../../schema/common.ts';
import { parseClock } from './clock.ts';

type Day = { year: number; month: number; day: number };
type Clock = { hour: number; minute: number; second: number };

const DAY_MS = 86_400_000;
/** `${zone}|${y}|${m}|${d}` → epoch of that day's local midnight, or NaN when the day needs TZDate. */
const midnights = new Map<string, number>();

function midnight(date: Day, zone: string): number {
  const key = `${zone}|${date.year}|${date.month}|${date.day}`;
  let e0 = midnights.get(key);
  if (e0 !== undefined) return e0;
  e0 = NaN;
  if (date.year >= 100 && date.year <= 9999) {
    // Midnight at the offset the zone has then; kept only if the offset holds all day.
    const utcMidnight = Date.UTC(date.year, date.month - 1, date.day);
    const off = tzOffset(zone, new Date(utcMidnight));
    const start = utcMidnight - off * 60_000;
    const steady =
      Number.isInteger(off) &&
      tzOffset(zone, new Date(start)) === off &&
      tzOffset(zone, new Date(start + DAY_MS - 1000)) === off &&
      // A fall-back just after the day ends repeats its last hours (Beirut, 2016-10-30 00:00 → 23:00):
      // TZDate then takes the later one, so such a day goes to TZDate too. No shift is over 2 hours.
      tzOffset(zone, new Date(start + DAY_MS + 2 * 3_600_000)) === off &&
      // TZDate goes through the process's zone too: no change there that day either.
      new Date(date.year, date.month - 1, date.day).getTimezoneOffset() ===
        new Date(date.year, date.month - 1, date.day, 23, 59, 59).getTimezoneOffset() &&
      new Date(start).getTimezoneOffset() === new Date(start + DAY_MS - 1000).getTimezoneOffset();
    if (steady) e0 = start;
  }
  if (midnights.size > 100_000) midnights.clear();
  midnights.set(key, e0);
  return e0;
}

/**
 * Epoch ms for a wall-clock time in an IANA zone, or with an explicit offset:
 * what `new TZDate(y, m, d, h, min, s, zone)` gives, at a fraction of its cost
 * (~27 µs, and a build places every timeline entry and frontmatter instant).
 * On a calendar day without an offset change (in the zone and in the process's
 * own zone, checked once per zone and day) every wall time is local midnight
 * plus its seconds. Days with a change, and anything unusual, go to TZDate
 * itself. tests/time-zones.test.ts compares both in every zone, across DST changes.
 */
export function zonedToEpoch(date: Day, t: Clock, zone: string, offsetMinutes?: number): number {
  if (offsetMinutes === undefined && t.hour >= 0 && t.hour <= 23 && t.minute >= 0 && t.minute <= 59 && t.second >= 0 && t.second <= 59) {
    const e0 = midnight(date, zone);
    if (!Number.isNaN(e0)) {
      if (lastDay?.start !== e0 || lastDay.zone !== zone) {
        const u = new Date(Date.UTC(date.year, date.month - 1, date.day)); // Feb 30 is Mar 1 or 2
        lastDay = { zone, start: e0, date: { year: u.getUTCFullYear(), month: u.getUTCMonth() + 1, day: u.getUTCDate() } };
      }
      return e0 + (t.hour * 3600 + t.minute * 60 + t.second) * 1000;
    }
  }
  if (offsetMinutes !== undefined) {
    return Date.UTC(date.year, date.month - 1, date.day, t.hour, t.minute, t.second) - offsetMinutes * 60_000;
  }
  return new TZDate(date.year, date.month - 1, date.day, t.hour, t.minute, t.second, zone).getTime();
}

/** The last steady day `zonedToEpoch` placed a time on: its epochs all fall on that date. */
let lastDay: { zone: string; start: number; date: Day } | undefined;

/** The calendar date of an epoch in a zone: TZDate(epoch, zone) shifts the epoch by the zone's offset, rounded to the second. */
export function dateInZone(epoch: number, zone: string): Day {
  if (lastDay && lastDay.zone === zone && epoch >= lastDay.start && epoch < lastDay.start + DAY_MS) return { ...lastDay.date };
  const off = tzOffset(zone, new Date(epoch));
  if (!Number.isFinite(off) || !Number.isFinite(epoch)) {
    const z = new TZDate(epoch, zone);
    return { year: z.getFullYear(), month: z.getMonth() + 1, day: z.getDate() };
  }
  const d = new Date(epoch);
  d.setUTCSeconds(d.getUTCSeconds() - Math.round(-off * 60));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const epochCache = new Map<string, number | undefined>();

/** Frontmatter instant (`2019-02-15T16:01`, local to `timeZone` unless it has an offset) to epoch ms. */
export function instantToEpoch(value: string, timeZone: string): number | undefined {
  // Memoised: every list an incident appears on asks again, and zone maths is not cheap.
  const key = `${value}|${timeZone}`;
  if (epochCache.has(key)) return epochCache.get(key);
  const epoch = computeInstant(value, timeZone);
  if (epochCache.size > 200_000) epochCache.clear();
  epochCache.set(key, epoch);
  return epoch;
}

function computeInstant(value: string, timeZone: string): number | undefined {
  if (!LOCAL_OR_OFFSET_DATETIME.test(value)) return undefined;
  const parsed = parseClock(value);
  if (!parsed?.date) return undefined;
  return zonedToEpoch(parsed.date, parsed, timeZone, parsed.offsetMinutes);
}

/**
 * ISO 8601 with the zone's offset, for `<time datetime>`: exactly
 * `new TZDate(epoch, timeZone).toISOString()`, with one offset lookup instead of
 * the four a TZDate makes (it was ~0.1 ms a call, and a build makes one per
 * incident time on each page and API record that shows it).
 */
export function isoInZone(epoch: number, timeZone: string): string {
  const offset = tzOffset(timeZone, new Date(epoch));
  if (!Number.isFinite(offset) || !Number.isFinite(epoch)) return new TZDate(epoch, timeZone).toISOString();
  // TZDate's wall clock: the instant shifted by the offset, rounded to whole seconds.
  const wall = new Date(epoch - Math.round(-offset * 60) * 1000);
  // TZDate's printed offset: whole minutes, truncated towards zero.
  const west = -offset;
  const minutes = west > 0 ? Math.floor(west) : Math.ceil(west);
  const sign = minutes > 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0');
  const mm = String(Math.abs(minutes) % 60).padStart(2, '0');
  return `${wall.toISOString().slice(0, -1)}${sign}${hh}:${mm}`;
}

/** `YYYY-MM-DDTHH:MM`: the frontmatter form of an instant, as the wall clock in `timeZone` shows it. */
export function localDateTime(epoch: number, timeZone: string): string {
  return isoInZone(epoch, timeZone).slice(0, 16);
}

/** `YYYY-MM-DD`: the calendar date of an instant in `timeZone`. */
export function localDate(epoch: number, timeZone: string): string {
  return isoInZone(epoch, timeZone).slice(0, 10);
}
