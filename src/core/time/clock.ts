/**
 * Times as people write them in timelines: `16:01`, `4:01 PM`, `16:01 PM`,
 * `오후 4시 1분`, `午後3時 9分`, `2024-03-05 14:20 KST`, `09:14 UTC`, `+09:00`,
 * and approximately (`± 17:20`, `~09:00`, `18:00頃`, `22:00경`). Read into a
 * `ParsedTime` before it is placed on a date and in a zone (`zone.ts`).
 */
/** A time as written in a timeline item, before it is placed on a date and zone. */
export interface ParsedTime {
  /** Calendar date if the text carried one. */
  date?: { year: number; month: number; day: number };
  hour: number;
  minute: number;
  second: number;
  /** Offset in minutes east of UTC, if the text carried one (`+09:00`, `KST`). */
  offsetMinutes?: number;
  /** Written as approximate: `± 17:20`, `~09:00`, `18:00頃`, `오후 10시경`. */
  approximate?: true;
}

/** "About": before the time (`± 17:20`, `~09:00`, `약 10시`, `approx. 9:00`) or after it (`18:00頃`, `10시경`). */
const APPROX_BEFORE = /^(?:±|~|〜|約|약|approx\.?|approximately|around|about|ca\.|c\.)\s*/iu;
const APPROX_AFTER = /\s*(?:頃|ごろ|경|쯤|즈음)$/u;

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

/** Minutes east of UTC of a zone abbreviation (`KST`, `UTC`) or an offset (`+09:00`, `UTC+9`); undefined when unknown. */
export function zoneOffset(text: string | undefined): number | undefined {
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
  const trimmed = input.trim();
  const text = trimmed.replace(APPROX_BEFORE, '').replace(APPROX_AFTER, '');
  if (text !== trimmed) {
    const t = text ? parseExact(text) : undefined;
    return t && { ...t, approximate: true };
  }
  return parseExact(text);
}

function parseExact(text: string): ParsedTime | undefined {
  // ISO-ish date + time
  let m = text.match(
    /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(AM|PM|am|pm)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,4}(?:[+-]\d{1,2}(?::?\d{2})?)?)?$/,
  );
  if (m) {
    const t = clock(Number(m[4]), Number(m[5]), Number(m[6] ?? 0), m[7]);
    if (!t) return undefined;
    const offsetMinutes = m[8] ? zoneOffset(m[8]) : undefined;
    if (m[8] && offsetMinutes === undefined) return undefined;
    return valid({ ...t, date: { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, offsetMinutes });
  }
  // time of day with optional AM/PM and zone
  m = text.match(/^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|am|pm|a\.m\.|p\.m\.)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{2,4})?$/);
  if (m) {
    const t = clock(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4]);
    if (!t) return undefined;
    const offsetMinutes = m[5] ? zoneOffset(m[5]) : undefined;
    if (m[5] && offsetMinutes === undefined) return undefined;
    return valid({ ...t, offsetMinutes });
  }
  // Korean and Japanese: 오후 4시 1분, 14시 32분, 오전 9시, 4시 반, 午後3時 9分, 22時40分, 오전 2:27
  m = text.match(
    /^(?:(오전|오후|새벽|저녁|밤|午前|午後)\s*)?(\d{1,2})\s*(?:[시時]\s*(?:(\d{1,2})\s*[분分]|([반半]))?\s*(?:(\d{1,2})\s*[초秒])?|:(\d{2}))$/u,
  );
  if (m && (m[1] || m[6] === undefined)) {
    let hour = Number(m[2]);
    const pm = m[1] === '오후' || m[1] === '저녁' || m[1] === '밤' || m[1] === '午後';
    if (pm && hour < 12) hour += 12;
    if ((m[1] === '오전' || m[1] === '午前') && hour === 12) hour = 0;
    const minute = m[6] !== undefined ? Number(m[6]) : m[4] ? 30 : Number(m[3] ?? 0);
    return valid({ hour, minute, second: Number(m[5] ?? 0) });
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
