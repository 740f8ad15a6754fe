import { TZDate, tzOffset } from '@date-fns/tz';
import { LOCAL_OR_OFFSET_DATETIME } from '../schema/common.ts';

/** A time as written in a timeline item, before it is placed on a date and zone. */
export interface ParsedTime {
  /** Calendar date if the text carried one. */
  date?: { year: number; month: number; day: number };
  hour: number;
  minute: number;
  second: number;
  /** Offset in minutes east of UTC, if the text carried one (`+09:00`, `KST`). */
  offsetMinutes?: number;
}

const ZONE_ABBREVIATIONS: Record<string, number> = {
  UTC: 0,
  GMT: 0,
  Z: 0,
  KST: 540,
  JST: 540,
  CST: -360,
  CDT: -300,
  EST: -300,
  EDT: -240,
  PST: -480,
  PDT: -420,
  MST: -420,
  MDT: -360,
  CET: 60,
  CEST: 120,
  BST: 60,
  IST: 330,
  SGT: 480,
  HKT: 480,
  AEST: 600,
  AEDT: 660,
};

function offsetFrom(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const t = text.trim().toUpperCase();
  if (t in ZONE_ABBREVIATIONS) return ZONE_ABBREVIATIONS[t];
  const m = t.match(/^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/);
  if (!m) return undefined;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function valid(t: ParsedTime): ParsedTime | undefined {
  if (t.hour > 23 || t.minute > 59 || t.second > 59) return undefined;
  if (t.date && (t.date.month < 1 || t.date.month > 12 || t.date.day < 1 || t.date.day > 31)) return undefined;
  return t;
}

/**
 * Parse the time at the head of a timeline item. Accepts `16:01`, `4:01 PM`,
 * `16:01 PM` (a 24-hour time with a redundant suffix, as in the seed), `16:01:30`,
 * `2024-03-05 14:20 KST`, ISO instants, and Korean `오후 4시 1분` / `14시 32분`.
 * Returns undefined when the text is not a time.
 */
export function parseClock(input: string): ParsedTime | undefined {
  const text = input.trim();
  // ISO-ish date + time
  let m = text.match(
    /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(AM|PM|am|pm)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,4}(?:[+-]\d{1,2}(?::?\d{2})?)?)?$/,
  );
  if (m) {
    const t = clock(Number(m[4]), Number(m[5]), Number(m[6] ?? 0), m[7]);
    if (!t) return undefined;
    const offsetMinutes = m[8] ? offsetFrom(m[8]) : undefined;
    if (m[8] && offsetMinutes === undefined) return undefined;
    return valid({ ...t, date: { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, offsetMinutes });
  }
  // time of day with optional AM/PM and zone
  m = text.match(/^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|am|pm|a\.m\.|p\.m\.)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{2,4})?$/);
  if (m) {
    const t = clock(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4]);
    if (!t) return undefined;
    const offsetMinutes = m[5] ? offsetFrom(m[5]) : undefined;
    if (m[5] && offsetMinutes === undefined) return undefined;
    return valid({ ...t, offsetMinutes });
  }
  // Korean: 오후 4시 1분, 14시 32분, 오전 9시, 4시 반
  m = text.match(/^(?:(오전|오후|새벽|저녁|밤)\s*)?(\d{1,2})\s*시\s*(?:(\d{1,2})\s*분|(반))?\s*(?:(\d{1,2})\s*초)?$/u);
  if (m) {
    let hour = Number(m[2]);
    const pm = m[1] === '오후' || m[1] === '저녁' || m[1] === '밤';
    if (pm && hour < 12) hour += 12;
    if (m[1] === '오전' && hour === 12) hour = 0;
    return valid({ hour, minute: m[4] ? 30 : Number(m[3] ?? 0), second: Number(m[5] ?? 0) });
  }
  return undefined;
}

function clock(hour: number, minute: number, second: number, meridiem?: string): ParsedTime | undefined {
  const mer = meridiem?.toLowerCase().replace(/\./g, '');
  if (mer === 'pm' && hour < 12) hour += 12;
  else if (mer === 'am' && hour === 12) hour = 0;
  if (mer && hour > 23) return undefined;
  return { hour, minute, second };
}

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

export interface ResolvedTimelineTime {
  /** Epoch ms, or undefined when the entry has no time and none precedes it. */
  epoch?: number;
  /** True when the entry had no time of its own and took the previous one. */
  inherited: boolean;
  /** True when the time could not be parsed at all. */
  invalid: boolean;
}

/**
 * Place timeline times on the calendar: times of day take the incident's start
 * date, roll over midnight when they go backwards, and untimed entries take the
 * previous entry's time.
 */
export function resolveTimeline(entries: { time?: string }[], started: string, timeZone: string): ResolvedTimelineTime[] {
  const startEpoch = instantToEpoch(started, timeZone);
  let day = startEpoch === undefined ? undefined : dateInZone(startEpoch, timeZone);
  let previous: number | undefined;
  return entries.map((entry) => {
    if (!entry.time) return { epoch: previous, inherited: true, invalid: false };
    const t = parseClock(entry.time);
    if (!t) return { epoch: previous, inherited: true, invalid: true };
    let epoch: number;
    if (t.date) {
      epoch = zonedToEpoch(t.date, t, timeZone, t.offsetMinutes);
      day = dateInZone(epoch, timeZone);
    } else {
      if (!day) return { epoch: undefined, inherited: false, invalid: true };
      epoch = zonedToEpoch(day, t, timeZone, t.offsetMinutes);
      // A time of day earlier than the previous one means the clock passed midnight.
      if (previous !== undefined && epoch < previous - 60_000) {
        epoch += 86_400_000;
        day = dateInZone(epoch, timeZone);
      }
    }
    previous = epoch;
    return { epoch, inherited: false, invalid: false };
  });
}

export interface Durations {
  /** started → detected */
  timeToDetect?: number;
  /** started → mitigated */
  timeToMitigate?: number;
  /** started → resolved */
  timeToResolve?: number;
}

/** Derived durations in ms. Never typed in by authors. */
export function incidentDurations(i: {
  started: string;
  detected?: string;
  mitigated?: string;
  resolved?: string;
  timezone: string;
}): Durations {
  const start = instantToEpoch(i.started, i.timezone);
  const since = (v?: string) => {
    if (start === undefined || !v) return undefined;
    const e = instantToEpoch(v, i.timezone);
    return e === undefined ? undefined : e - start;
  };
  return { timeToDetect: since(i.detected), timeToMitigate: since(i.mitigated), timeToResolve: since(i.resolved) };
}

const DURATION_UNITS = { en: ['d', 'h', 'm'], ko: ['일', '시간', '분'] } as const;

/** `52m`, `1h 5m`, `2d 3h`, `0m`; in Korean `52분`, `1시간 5분`, `2일 3시간`. Two largest units. */
export function formatDuration(ms: number | undefined, lang: 'en' | 'ko' = 'en'): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  let minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const [d, h, m] = DURATION_UNITS[lang];
  const parts = [days && `${days}${d}`, hours && `${hours}${h}`, (minutes || (!days && !hours)) && `${minutes}${m}`].filter(Boolean);
  return sign + parts.slice(0, 2).join(' ');
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
