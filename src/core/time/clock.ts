/**
 * Times as people write them in timelines: `16:01`, `4:01 PM`, `16:01 PM`,
 * `오후 4시 1분`, `2024-03-05 14:20 KST`, `09:14 UTC`, `+09:00`. Read into a
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
  const text = input.trim();
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
