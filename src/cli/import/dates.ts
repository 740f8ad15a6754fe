/**
 * Calendar dates as post-mortems write them: `2024-02-13`, `2024/02/08`,
 * `2024.07.12`, `14-03-2024`, `March 5, 2024`, `Oct 30th`, `16 January 2024`,
 * `2025년 10월 3일`, `3월 17일`, `2024年2月8日`, `02/08`, `11/04(월)`, and in
 * file names and titles `20240318`. A date without a year is a `PartialDate`;
 * its year comes from the document (`withYear`). Returns undefined rather than guess.
 */
import { parseClock } from '../../core/time/clock.ts';
import { pad } from './text.ts';

export interface PartialDate {
  year?: number;
  month: number;
  day: number;
}

export function isRealDate(y: number, m: number, d: number): boolean {
  if (y < 1970 || y > 2100 || m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const validPartial = (m: number, d: number) => isRealDate(2024, m, d); // 2024 is a leap year: Feb 29 passes

export const isoDate = (d: { year: number; month: number; day: number }) => `${d.year}-${pad(d.month)}-${pad(d.day)}`;

export const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?';
const monthOf = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
const YEAR = '((?:19|20)\\d{2})';

/** Each notation: the pattern at the start of the text, and how to read its groups. `iso` marks `YYYY-MM-DD`. */
const NOTATIONS: { re: RegExp; read: (m: RegExpMatchArray) => PartialDate; iso?: true }[] = [
  { re: new RegExp(`^${YEAR}-(\\d{1,2})-(\\d{1,2})(?![\\d-])`), read: (m) => ymd(m[1], m[2], m[3]), iso: true },
  { re: new RegExp(`^${YEAR}[/.](\\d{1,2})[/.](\\d{1,2})(?![\\d/.]\\d)`), read: (m) => ymd(m[1], m[2], m[3]) },
  { re: new RegExp(`^(\\d{1,2})-(\\d{1,2})-${YEAR}(?!\\d)`), read: (m) => ymd(m[3], m[2], m[1]) },
  { re: new RegExp(`^(\\d{1,2})/(\\d{1,2})/${YEAR}(?!\\d)`), read: (m) => ymd(m[3], m[1], m[2]) },
  { re: new RegExp(`^${YEAR}\\s*년\\s*(\\d{1,2})\\s*월\\s*(\\d{1,2})\\s*일`, 'u'), read: (m) => ymd(m[1], m[2], m[3]) },
  { re: new RegExp(`^${YEAR}\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日`, 'u'), read: (m) => ymd(m[1], m[2], m[3]) },
  { re: /^(\d{1,2})\s*월\s*(\d{1,2})\s*일/u, read: (m) => md(m[1], m[2]) },
  { re: /^翌?(\d{1,2})\s*月\s*(\d{1,2})\s*日/u, read: (m) => md(m[1], m[2]) },
  {
    re: new RegExp(`^${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+${YEAR})?(?!\\d)`, 'i'),
    read: (m) => ({ ...(m[3] ? { year: Number(m[3]) } : {}), month: monthOf(m[1]), day: Number(m[2]) }),
  },
  {
    re: new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH},?(?:\\s+${YEAR})?(?!\\d)`, 'i'),
    read: (m) => ({ ...(m[3] ? { year: Number(m[3]) } : {}), month: monthOf(m[2]), day: Number(m[1]) }),
  },
  { re: /^(\d{1,2})\/(\d{1,2})(?![\d/:])/, read: (m) => md(m[1], m[2]) },
];

function ymd(y: string, m: string, d: string): PartialDate {
  return { year: Number(y), month: Number(m), day: Number(d) };
}
function md(m: string, d: string): PartialDate {
  return { month: Number(m), day: Number(d) };
}

/** A date at the very start of `text`, and how many characters it takes. */
export function readDateToken(text: string): { date: PartialDate; length: number; iso: boolean } | undefined {
  for (const n of NOTATIONS) {
    const m = text.match(n.re);
    if (!m) continue;
    const date = n.read(m);
    const ok = date.year === undefined ? validPartial(date.month, date.day) : isRealDate(date.year, date.month, date.day);
    if (ok) return { date, length: m[0].length, iso: !!n.iso };
  }
  return undefined;
}

export interface FoundDate {
  date: PartialDate;
  index: number;
  length: number;
}

/** Every date in a text, in order: full and partial. Digits inside longer numbers or versions are skipped. */
export function findDates(text: string): FoundDate[] {
  const out: FoundDate[] = [];
  for (let i = 0; i < text.length; i++) {
    const prev = text[i - 1] ?? ' ';
    if (/[\p{L}\p{N}._/:-]/u.test(prev) && !/[년월일年月日]/u.test(prev)) continue; // a date starts a token
    if (!/[\p{L}\p{N}翌]/u.test(text[i])) continue;
    const d = readDateToken(text.slice(i));
    if (!d) continue;
    out.push({ date: d.date, index: i, length: d.length });
    i += d.length - 1;
  }
  return out;
}

/** The first full calendar date in a text, as `YYYY-MM-DD`. */
export function findDate(text: string): string | undefined {
  const d = findDates(text).find((f) => f.date.year !== undefined);
  return d ? isoDate(d.date as Required<PartialDate>) : undefined;
}

/** The first year in a text that reads as one (`2024년 11월`, `Q3 2024`, `2024年`), for dates written without it. */
export function findYear(text: string): number | undefined {
  const full = findDates(text).find((f) => f.date.year !== undefined);
  if (full) return full.date.year;
  const m = text.match(/(?<!\d)((?:19|20)\d{2})(?:\s*[년年]|(?!\d))/u);
  return m ? Number(m[1]) : undefined;
}

/** A date in a file name or a title written as one number: `2019-02-15-foo.md`, `20190215_foo.md`, `보고서 - 20240318`. */
export function compactDate(name: string): string | undefined {
  const m = name.match(/(?<!\d)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)/);
  return m && isRealDate(Number(m[1]), Number(m[2]), Number(m[3])) ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** A frontmatter date value (string, Date or number) as `YYYY-MM-DD` plus an optional `HH:MM`. */
export function dateFromValue(value: unknown): { date: string; time?: string } | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return { date: value.toISOString().slice(0, 10) };
  if (typeof value !== 'string') return undefined;
  const clock = parseClock(value.replace('T', ' '));
  if (clock?.date && isRealDate(clock.date.year, clock.date.month, clock.date.day)) {
    return { date: isoDate(clock.date), time: `${pad(clock.hour)}:${pad(clock.minute)}` };
  }
  const date = findDate(value);
  return date ? { date } : undefined;
}

/**
 * A month and day placed in the document's year. A date more than six months
 * after the reference (a December incident reviewed in January) is the year before.
 */
export function withYear(d: PartialDate, reference: string | number | undefined): string | undefined {
  if (d.year !== undefined) return isoDate(d as Required<PartialDate>);
  if (reference === undefined) return undefined;
  const refYear = typeof reference === 'number' ? reference : Number(reference.slice(0, 4));
  let year = refYear;
  if (typeof reference === 'string') {
    const [, rm] = reference.split('-').map(Number);
    if (d.month - rm > 6) year--;
  }
  return isRealDate(year, d.month, d.day) ? isoDate({ year, month: d.month, day: d.day }) : undefined;
}

/** One day later, `YYYY-MM-DD`. */
export function nextDay(date: string): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

const LOG_LINE = [
  // date(1): Fri Feb 15 16:53:11 KST 2019
  /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{1,2})\s+(\d{1,2}:\d{2})(?::\d{2})?\s+([A-Z]{2,5})?\s*((?:19|20)\d{2})\b/,
  // ISO-ish log stamps: [2024-11-28 03:12:45 KST], 2024-02-08T22:52:31.118+09:00
  /((?:19|20)\d{2})-(\d{2})-(\d{2})[T\s](\d{2}:\d{2})(?::\d{2}(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5}\b)?/,
];

export interface LogStamp {
  date: string;
  time: string;
  zone?: string;
  /** The log line as written, for the note. */
  text: string;
}

/** The first date-time in code (a log line, a shell transcript), with its zone when the line has one. */
export function findLogStamp(code: string): LogStamp | undefined {
  let best: (LogStamp & { index: number }) | undefined;
  const consider = (s: LogStamp & { index: number }) => {
    if (!best || s.index < best.index) best = s;
  };
  const d1 = code.match(LOG_LINE[0]);
  if (d1 && isRealDate(Number(d1[5]), monthOf(d1[1]), Number(d1[2])))
    consider({
      date: isoDate({ year: Number(d1[5]), month: monthOf(d1[1]), day: Number(d1[2]) }),
      time: d1[3].padStart(5, '0'),
      ...(d1[4] ? { zone: d1[4] } : {}),
      text: lineAt(code, d1.index!),
      index: d1.index!,
    });
  const d2 = code.match(LOG_LINE[1]);
  if (d2 && isRealDate(Number(d2[1]), Number(d2[2]), Number(d2[3])))
    consider({
      date: `${d2[1]}-${d2[2]}-${d2[3]}`,
      time: d2[4],
      ...(d2[5] ? { zone: d2[5] } : {}),
      text: lineAt(code, d2.index!),
      index: d2.index!,
    });
  if (!best) return undefined;
  const { index: _index, ...stamp } = best;
  return stamp;
}

function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index) + 1;
  const end = text.indexOf('\n', index);
  return text.slice(start, end < 0 ? undefined : end).trim();
}
