/**
 * The zone maths of the `time/*` rules, with the same results as `src/lib/time.ts`
 * (`zonedToEpoch`, `dateInZone`, `instantToEpoch`) at a fraction of the cost:
 * a TZDate costs ~27 µs and a timeline has 5–15 entries per incident.
 *
 * - `dateInZone` is what TZDate's constructor does for an epoch (one `tzOffset`).
 * - `zonedToEpoch` without an explicit offset: on a calendar day without an
 *   offset change (in the zone and in the process's own zone, checked once per
 *   zone and day) every wall time is local midnight plus its seconds. Days with
 *   a change, and anything unusual, go to TZDate itself.
 *
 * tests/check-time.test.ts compares both over every zone, across DST changes.
 */
import { tzOffset } from '@date-fns/tz';
import { LOCAL_OR_OFFSET_DATETIME } from '../../schema/common.ts';
import { dateInZone as slowDateInZone, parseClock, zonedToEpoch as slowZonedToEpoch } from '../time.ts';

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
      new Date(date.year, date.month - 1, date.day).getTimezoneOffset() === new Date(date.year, date.month - 1, date.day, 23, 59, 59).getTimezoneOffset() &&
      new Date(start).getTimezoneOffset() === new Date(start + DAY_MS - 1000).getTimezoneOffset();
    if (steady) e0 = start;
  }
  if (midnights.size > 100_000) midnights.clear();
  midnights.set(key, e0);
  return e0;
}

/** `zonedToEpoch` from time.ts, same result. */
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
  return slowZonedToEpoch(date, t, zone, offsetMinutes);
}

/** The last steady day `zonedToEpoch` placed a time on: its epochs all fall on that date. */
let lastDay: { zone: string; start: number; date: Day } | undefined;

/** `dateInZone` from time.ts: TZDate(epoch, zone) shifts the epoch by the zone's offset, rounded to the second. */
export function dateInZone(epoch: number, zone: string): Day {
  if (lastDay && lastDay.zone === zone && epoch >= lastDay.start && epoch < lastDay.start + DAY_MS) return { ...lastDay.date };
  const off = tzOffset(zone, new Date(epoch));
  if (!Number.isFinite(off) || !Number.isFinite(epoch)) return slowDateInZone(epoch, zone);
  const d = new Date(epoch);
  d.setUTCSeconds(d.getUTCSeconds() - Math.round(-off * 60));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** `instantToEpoch` from time.ts (its memo only helps callers that ask again). */
export function instantToEpoch(value: string, zone: string): number | undefined {
  if (!LOCAL_OR_OFFSET_DATETIME.test(value)) return undefined;
  const parsed = parseClock(value);
  if (!parsed?.date) return undefined;
  return zonedToEpoch(parsed.date, parsed, zone, parsed.offsetMinutes);
}
