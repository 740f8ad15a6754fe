/**
 * The time zone a post-mortem states in words (`All times in UTC`, `All times
 * CET.`, `(all times PST)`, `Times below are IST.`, `모든 시각은 KST 기준`,
 * `以下は日本時間（JST）です`, `## Timeline (PDT)`, `| 시각 (KST) |`, `(GMT+9)`),
 * and the IANA zone each abbreviation stands for, with the reason, because an
 * abbreviation is not a zone: PST and PDT are both America/Los_Angeles, CET is
 * half of Europe, IST is three countries.
 */
import { parseClock, type ParsedTime } from '../../core/time/clock.ts';
import { isoInZone, zonedToEpoch } from '../../core/time/zone.ts';
import type { DocLang } from './text.ts';

interface ZoneName {
  zone: string;
  /** Why this zone, when the abbreviation could mean more than one place. */
  why?: string;
  /** The offset the abbreviation means (minutes east of UTC), to notice PST written in summer. */
  offset?: number;
}

const PACIFIC: ZoneName = { zone: 'America/Los_Angeles', why: 'Pacific time' };
const EASTERN: ZoneName = { zone: 'America/New_York', why: 'US Eastern time' };
const CENTRAL_US: ZoneName = { zone: 'America/Chicago', why: 'US Central time (CST can also mean China Standard Time)' };
const MOUNTAIN: ZoneName = { zone: 'America/Denver', why: 'US Mountain time' };
const CET: ZoneName = {
  zone: 'Europe/Berlin',
  why: 'Central European Time is the clock of most of central Europe; Europe/Berlin stands for it (set your own city if it differs)',
};

/** Abbreviations and words → IANA zones. */
const NAMES: Record<string, ZoneName> = {
  UTC: { zone: 'UTC' },
  GMT: { zone: 'UTC', why: 'GMT read as UTC (Europe/London if the team meant British time)' },
  Z: { zone: 'UTC' },
  KST: { zone: 'Asia/Seoul' },
  JST: { zone: 'Asia/Tokyo' },
  PST: { ...PACIFIC, offset: -480 },
  PDT: { ...PACIFIC, offset: -420 },
  PT: PACIFIC,
  PACIFIC: PACIFIC,
  EST: { ...EASTERN, offset: -300 },
  EDT: { ...EASTERN, offset: -240 },
  ET: EASTERN,
  EASTERN: EASTERN,
  CST: { ...CENTRAL_US, offset: -360 },
  CDT: { ...CENTRAL_US, offset: -300 },
  CENTRAL: CENTRAL_US,
  MST: { ...MOUNTAIN, offset: -420 },
  MDT: { ...MOUNTAIN, offset: -360 },
  MOUNTAIN: MOUNTAIN,
  CET: { ...CET, offset: 60 },
  CEST: { ...CET, offset: 120 },
  BST: { zone: 'Europe/London', why: 'British Summer Time' },
  IST: { zone: 'Asia/Kolkata', why: 'India Standard Time (IST also means Irish and Israel Standard Time)' },
  SGT: { zone: 'Asia/Singapore' },
  HKT: { zone: 'Asia/Hong_Kong' },
  AEST: { zone: 'Australia/Sydney', offset: 600 },
  AEDT: { zone: 'Australia/Sydney', offset: 660 },
  日本時間: { zone: 'Asia/Tokyo' },
  한국시간: { zone: 'Asia/Seoul' },
  한국표준시: { zone: 'Asia/Seoul' },
};

/**
 * A zone named in prose: an abbreviation (case-sensitive, bounded by non-Latin
 * characters only, since Japanese and Korean run it into a particle: `JSTで`),
 * `GMT+9`, or a zone in words.
 */
const ZONE_WORD =
  /(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?|(?<![A-Za-z0-9])(?:UTC|GMT|KST|JST|[PMCE][SD]T|CES?T|BST|IST|SGT|HKT|AE[SD]T|ET|PT)(?![A-Za-z0-9])|\b(?:US )?(?:Eastern|Pacific|Central|Mountain)(?= time|\b)|日本時間|한국\s*(?:시간|표준시)/gu;
/** Words that make a zone mention a statement about the document's times. */
const TIME_WORDS = /\b(?:times?|timestamps?|time zone|timezone)\b|시각|시간|기준|時刻|時間|時系列|タイムライン/iu;

export interface ZoneFinding {
  zone: string;
  /** The words as the source wrote them: `All times CET.` */
  text: string;
  /** The abbreviation or offset: `CET`, `GMT+9`. */
  token: string;
  why?: string;
}

/** Reads one zone word (`PST`, `GMT+9`, `Pacific`) into a zone; an offset takes the document's language into account. */
export function zoneOfWord(word: string, lang: DocLang): ZoneName | undefined {
  const key = word
    .replace(/^US\s+/i, '')
    .replace(/\s+/g, '')
    .toUpperCase();
  const named = NAMES[key] ?? NAMES[word.replace(/\s+/g, '')];
  if (named) return named;
  const m = key.match(/^(?:UTC|GMT)([+-])(\d{1,2})(?::?(\d{2}))?$/);
  if (!m) return undefined;
  return zoneOfOffset((m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)), lang);
}

/** `+09:00` in a Korean document is Asia/Seoul, in a Japanese one Asia/Tokyo; otherwise a fixed `Etc/GMT-9`. */
export function zoneOfOffset(minutes: number, lang: DocLang): ZoneName | undefined {
  if (minutes === 0) return { zone: 'UTC' };
  if (minutes === 540 && lang === 'ko') return { zone: 'Asia/Seoul', why: 'UTC+9 in a Korean document' };
  if (minutes === 540 && lang === 'ja') return { zone: 'Asia/Tokyo', why: 'UTC+9 in a Japanese document' };
  if (minutes % 60 !== 0) return undefined;
  return { zone: `Etc/GMT${minutes > 0 ? '-' : '+'}${Math.abs(minutes / 60)}`, why: 'a fixed offset: no daylight saving time' };
}

/**
 * The first statement of the document's zone in a block of prose: the block says
 * what its times are in (`All times CET.`), or is a heading or header cell that
 * names a zone (`Timeline (PDT)`, `시각 (KST)`), or puts one in brackets after a time.
 */
export function zoneStatement(text: string, opts: { heading?: boolean; lang: DocLang }): ZoneFinding | undefined {
  for (const m of text.matchAll(ZONE_WORD)) {
    const before = text.slice(Math.max(0, m.index! - 60), m.index);
    const sentence = sentenceAround(text, m.index!);
    const bracketed = /[(（]\s*(?:all times\s+(?:in\s+)?|in\s+)?$/iu.test(before) || /[(（][^)）]*$/u.test(before);
    const afterTime = /\d{1,2}:\d{2}\s*[(（]?\s*$/u.test(before);
    if (!(opts.heading || bracketed || afterTime || TIME_WORDS.test(sentence))) continue;
    const z = zoneOfWord(m[0], opts.lang);
    if (z) return { zone: z.zone, text: sentence.trim(), token: m[0], ...(z.why ? { why: z.why } : {}) };
  }
  return undefined;
}

function sentenceAround(text: string, index: number): string {
  const start = Math.max(text.lastIndexOf('\n', index), text.slice(0, index).search(/[.。!?！？][^.。!?！？]*$/u)) + 1;
  const rest = text.slice(index);
  const end = rest.search(/[.。!?！？\n](?:\s|$)/u);
  return text.slice(start, end < 0 ? undefined : index + end + 1);
}

/** The zone of a time's own zone text (`23:30 UTC`, `10:00 KST`), as the timeline writes it. */
export function zoneOfTime(token: string, parsed: ParsedTime | undefined, lang: DocLang): ZoneName | undefined {
  return zoneOfWord(token, lang) ?? (parsed?.offsetMinutes !== undefined ? zoneOfOffset(parsed.offsetMinutes, lang) : undefined);
}

/**
 * When an abbreviation names standard time but the date is in daylight time
 * (or the other way round): `PST` on 2021-10-30, when Los Angeles was on PDT.
 * The times are then read as the zone's wall clock, and the note says so.
 */
export function seasonMismatch(token: string, zone: string, date: string | undefined, statement = ''): string | undefined {
  const meant = NAMES[token.toUpperCase()]?.offset;
  if (meant === undefined || !date) return undefined;
  const [year, month, day] = date.split('-').map(Number);
  let actual: number;
  try {
    const iso = isoInZone(zonedToEpoch({ year, month, day }, { hour: 12, minute: 0, second: 0 }, zone), zone);
    const m = iso.match(/([+-])(\d{2}):(\d{2})$/);
    actual = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  } catch {
    return undefined;
  }
  if (actual === meant) return undefined;
  const other = Object.entries(NAMES).find(([k, v]) => v.zone === zone && v.offset === actual && k.length <= 4)?.[0];
  if (other && new RegExp(`\\b${other}\\b`).test(statement)) return undefined; // `PST/PDT`: both seasons named
  return `${token} is written, but on ${date} ${zone} was on ${other ?? `UTC${actual >= 0 ? '+' : ''}${actual / 60}`}: the times are read as ${zone} wall-clock time, as written`;
}

/** The zone of a parsed log-line stamp (`KST`, `+09:00`), if it names one. */
export function zoneOfLogToken(token: string | undefined, lang: DocLang): string | undefined {
  if (!token) return undefined;
  const word = zoneOfWord(token, lang);
  if (word) return word.zone;
  const parsed = parseClock(`00:00 ${token}`) ?? parseClock(`2000-01-01 00:00${token}`);
  return parsed?.offsetMinutes !== undefined ? zoneOfOffset(parsed.offsetMinutes, lang)?.zone : undefined;
}
