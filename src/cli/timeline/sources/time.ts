/**
 * Reading the times that exports write: ISO instants, Slack `ts`, epoch numbers,
 * wall-clock dates in the shapes chat apps print (`3/5/2024 2:14 PM`,
 * `2024년 3월 5일 오후 2:14`, `2024. 3. 5.`), 12-hour and Korean 오전/오후 clocks.
 * Nothing here converts zones: a time with a stated offset becomes an epoch,
 * anything else stays as the wall-clock it was written as.
 */
import { parseClock, zoneOffset } from '../../../core/time/clock.ts';
import { zonedToEpoch } from '../../../core/time/zone.ts';
import type { LocalTime } from './types.ts';

export interface Clock {
  hour: number;
  minute: number;
  second?: number;
}

export interface DateParts {
  year?: number;
  month: number;
  day: number;
}

export interface Stamp {
  epoch?: number;
  local?: LocalTime;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

export function formatClock(c: Clock): string {
  return c.second === undefined ? `${pad(c.hour)}:${pad(c.minute)}` : `${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1 || day > 31) return false;
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** 'YYYY-MM-DD' → parts, or undefined when it is not a real calendar day. */
export function parseIsoDate(text: string): { year: number; month: number; day: number } | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidDate(year, month, day) ? { year, month, day } : undefined;
}

/** The next calendar day of 'YYYY-MM-DD'. */
export function nextDay(date: string): string {
  const p = parseIsoDate(date);
  if (!p) return date;
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + 1));
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Minutes since midnight of 'HH:MM[:SS]'. */
export function minutesOf(time: string): number {
  const [h, m, s] = time.split(':').map(Number);
  return h * 60 + m + (s ?? 0) / 60;
}

/** 12-hour markers as chat apps print them, before or after the clock. */
const MERIDIEM = String.raw`(?:[AaPp]\.?[Mm]\.?|오전|오후)`;
/** Where a clock is in a line (before-marker, `H:MM[:SS]`, fraction, after-marker), to hand to `parseChatClock`. */
export const CLOCK_SOURCE = String.raw`(?:${MERIDIEM}\s*)?\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s*${MERIDIEM})?`;
const CLOCK_PARTS = new RegExp(String.raw`^(?:(${MERIDIEM})\s*)?(\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d{1,9})?(?:\s*(${MERIDIEM}))?$`);

/**
 * '2:14 PM', '14:02', '14:02:11', '오후 2:14', 'PM 2:14', '[2:14 PM]' → a 24-hour clock. The
 * shapes chat apps add (a marker before the clock, Korean 오전/오후, brackets, fractions of a
 * second) are rewritten into what the timeline's own parser (`core/time/clock.ts`) reads, and
 * that parser decides: one clock reader for the chat and the timeline.
 */
export function parseChatClock(text: string): Clock | undefined {
  const t = text
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .trim();
  const m = CLOCK_PARTS.exec(t);
  if (!m || (m[1] && m[3])) return undefined;
  const marker = m[1] ?? m[3];
  const meridiem = marker === undefined ? '' : /^(?:오후|[Pp])/.test(marker) ? ' PM' : ' AM';
  const parsed = parseClock(`${m[2]}${meridiem}`);
  if (!parsed) return undefined;
  const clock: Clock = { hour: parsed.hour, minute: parsed.minute };
  if (m[2].split(':').length === 3) clock.second = parsed.second;
  return clock;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
const MONTH_NAME = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const WEEKDAY = String.raw`(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?`;
const ORDINAL = '(?:st|nd|rd|th)?';

const DATE_PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => DateParts | undefined }[] = [
  // 2024-03-05, 2024/03/05, 2024. 3. 5.
  { re: /^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\.?$/, read: (m) => ({ year: +m[1], month: +m[2], day: +m[3] }) },
  // 2024년 3월 5일 화요일, 2024년 3월 5일 (화)
  {
    re: /^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*\(?[월화수목금토일](?:요일)?\)?)?$/,
    read: (m) => ({ year: +m[1], month: +m[2], day: +m[3] }),
  },
  // 3월 5일 화요일 (no year)
  { re: /^(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*\(?[월화수목금토일](?:요일)?\)?)?$/, read: (m) => ({ month: +m[1], day: +m[2] }) },
  // 3/5/2024 (US month first unless the first number cannot be a month), 13.08.2024 (day first)
  {
    re: /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/,
    read: (m) => {
      const a = +m[1];
      const b = +m[3];
      const dayFirst = m[2] !== '/' || a > 12;
      return dayFirst ? { year: +m[4], month: b, day: a } : { year: +m[4], month: a, day: b };
    },
  },
  // Tuesday, March 5th, 2024 / March 5, 2024 / Mar 5 2024 / March 5th
  {
    re: new RegExp(`^${WEEKDAY}${MONTH_NAME}\\s+(\\d{1,2})${ORDINAL},?(?:\\s+(\\d{4}))?$`, 'i'),
    read: (m) => ({ year: m[3] ? +m[3] : undefined, month: monthOf(m[1]), day: +m[2] }),
  },
  // Tuesday, 5 March 2024 / 5 Mar 2024
  {
    re: new RegExp(`^${WEEKDAY}(\\d{1,2})${ORDINAL}\\s+${MONTH_NAME},?(?:\\s+(\\d{4}))?$`, 'i'),
    read: (m) => ({ year: m[3] ? +m[3] : undefined, month: monthOf(m[2]), day: +m[1] }),
  },
];

/** A calendar date in the shapes exports and chat apps print; the year may be missing ('March 5th'). */
export function parseDateText(text: string): DateParts | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  for (const p of DATE_PATTERNS) {
    const m = p.re.exec(t);
    if (!m) continue;
    const d = p.read(m);
    if (!d) return undefined;
    if (d.year !== undefined ? !isValidDate(d.year, d.month, d.day) : !isValidDate(2024, d.month, d.day)) return undefined;
    return d;
  }
  return undefined;
}

/** Abbreviations that name several zones (CST: US Central, China, Cuba): an export never says which. */
const AMBIGUOUS_ZONES = new Set(['CST', 'IST', 'BST']);

/** Minutes east of UTC of `Z`, `+09:00`, `UTC+9`, `(KST)`: the timeline's own table, less the ambiguous names. */
function offsetMinutes(zone: string): number | undefined {
  const z = zone
    .trim()
    .replace(/^\((.*)\)$/, '$1')
    .toUpperCase();
  return AMBIGUOUS_ZONES.has(z) ? undefined : zoneOffset(z);
}

function instant(d: { year: number; month: number; day: number }, c: Clock, millis: number, offset: number): number {
  return zonedToEpoch(d, { hour: c.hour, minute: c.minute, second: c.second ?? 0 }, 'UTC', offset) + millis;
}

/** `2024-03-05T14:02:11.123+09:00`: the date and clock (read by the timeline's parser), a fraction, a zone. */
const ISO =
  /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?)(?:[.,](\d{1,9}))?\s*(Z|[+-]\d{2}(?::?\d{2})?|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|[A-Z]{3,4}|\([A-Z]{3,4}\))?$/i;
const ZONE_TAIL = /\s*(Z|[+-]\d{2}:?\d{2}|(?:UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?|\(?[A-Z]{3,4}\)?)$/;
const CLOCK_ANYWHERE = new RegExp(CLOCK_SOURCE);

/**
 * A timestamp cell or header: an instant when it states a zone (`Z`, `+09:00`, `UTC`, `KST`)
 * or is an epoch number, else the wall-clock as written. Undefined when it is not a time,
 * or names a zone this reader does not know (`CST` is three zones).
 */
export function parseStamp(text: string): Stamp | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (/^\d{9,10}(\.\d{1,6})?$/.test(t)) return { epoch: slackTsToEpoch(t) };
  if (/^\d{12,13}$/.test(t)) return { epoch: Number(t) };
  const iso = ISO.exec(t);
  if (iso) {
    const p = parseClock(iso[1]);
    if (!p?.date || !isValidDate(p.date.year, p.date.month, p.date.day)) return undefined;
    const d = p.date;
    const c: Clock = iso[1].length > 16 ? { hour: p.hour, minute: p.minute, second: p.second } : { hour: p.hour, minute: p.minute };
    const millis = iso[2] ? Number(iso[2].slice(0, 3).padEnd(3, '0')) : 0;
    if (iso[3]) {
      const off = offsetMinutes(iso[3]);
      return off === undefined ? undefined : { epoch: instant(d, c, millis, off) };
    }
    return { local: { date: formatDate(d.year, d.month, d.day), time: formatClock(c) } };
  }
  // Free forms: '3/5/2024 2:14 PM', '2024년 3월 5일 오후 2:14', 'Mar 5, 2024 at 2:14:07 PM PST'.
  let rest = t;
  let offset: number | undefined;
  const zone = ZONE_TAIL.exec(rest);
  if (zone && !/^(AM|PM)$/i.test(zone[1])) {
    offset = offsetMinutes(zone[1]);
    if (offset === undefined) return undefined;
    rest = rest.slice(0, zone.index);
  }
  const cm = CLOCK_ANYWHERE.exec(rest);
  if (!cm) return undefined;
  const clock = parseChatClock(cm[0]);
  if (!clock) return undefined;
  const datePart = (rest.slice(0, cm.index) + rest.slice(cm.index + cm[0].length)).replace(/\b(at|um|à)\b|,/gi, ' ').trim();
  if (!datePart) {
    return offset === undefined ? { local: { time: formatClock(clock) } } : undefined;
  }
  const date = parseDateText(datePart);
  if (!date || date.year === undefined) return undefined;
  const full = { year: date.year, month: date.month, day: date.day };
  if (offset !== undefined) return { epoch: instant(full, clock, 0, offset) };
  return { local: { date: formatDate(full.year, full.month, full.day), time: formatClock(clock) } };
}

/** Slack's `ts` ('1709647331.000200', seconds since the epoch in UTC) → epoch ms. */
export function slackTsToEpoch(ts: string): number | undefined {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts.trim());
  if (!m) return undefined;
  return Number(m[1]) * 1000 + Math.floor(Number((m[2] ?? '0').padEnd(6, '0')) / 1000);
}

/** Order two Slack `ts` strings exactly (float parsing loses the microseconds). */
export function compareSlackTs(a: string, b: string): number {
  const [as, au = ''] = a.split('.');
  const [bs, bu = ''] = b.split('.');
  return Number(as) - Number(bs) || Number(au.padEnd(6, '0')) - Number(bu.padEnd(6, '0'));
}
