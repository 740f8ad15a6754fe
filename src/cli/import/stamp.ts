/**
 * The stamp at the head of a timeline entry, in the shapes people write:
 * `**14:02** -`, `**± 17:20 UTC:**`, `2024-06-06 10:23 -`, `14-03-2024 10:45 -`,
 * `02:00-04:30`, `13:55 PM PST Saturday Oct 30th:`, `2025년 10월 3일 오전 2:27`,
 * `3월 17일 오후 10시경:`, `午後3時 9分：`, `02/08 23:30`, `??:??`. The time itself
 * is read by the one clock parser (`parseClock`); this finds where the stamp
 * ends and what else it says (a date, a weekday, a zone, a range's end).
 */
import { parseClock, type ParsedTime } from '../../core/time/clock.ts';
import { type PartialDate, readDateToken } from './dates.ts';

export interface Stamp {
  /** Where the entry's text starts: after the stamp, its closing markers and separator. */
  end: number;
  /** The stamp as written, without markdown markers or separator. */
  written: string;
  /** The time-of-day token as written (`07:30am`, `오후 3시 12분`). */
  timeText?: string;
  clock?: ParsedTime;
  date?: PartialDate;
  /** Zone text as written after the time (`UTC`, `PST`, `GMT+9`). */
  zone?: string;
  /** `??:??` or a word like `夜`: an entry whose time is unknown. */
  unknown?: boolean;
  /** The end of a range (`02:00-04:30`), as written. */
  rangeEnd?: string;
  /** `13:55 PM`: a 24-hour time with AM/PM, read as the 24-hour time. */
  impossibleMix?: boolean;
  /** `± `, `~`: written before the time. */
  approx?: string;
  /** True when the code span says all the stamp says (no weekday, date in words, range…). */
  plain: boolean;
}

const WEEKDAY =
  /^(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?|[(（][월화수목금토일月火水木金土日](?:요일)?[)）]|[월화수목금토일]요일|[月火水木金土日]曜日?)/iu;
const APPROX = /^(?:±|~|〜|約|약|approx\.?|approximately|around|about|ca\.)\s*/iu;
const TIME =
  /^(?:(?:오전|오후|새벽|저녁|밤|午前|午後)\s*)?\d{1,2}\s*(?:[시時]\s*(?:\d{1,2}\s*[분分]|[반半])?|:\d{2}(?::\d{2})?(?:\s*(?:[ap]\.?m\.?)(?![a-z]))?)(?:\s*(?:頃|ごろ|경|쯤|즈음))?/iu;
/** Zones that `parseClock` turns into a fixed offset. */
const ZONE_TOKEN =
  /^(?:\(?(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?\)?|UTC|GMT|Z|KST|JST|[PMCE][SD]T|CES?T|BST|IST|SGT|HKT|AES?T|AEDT|ET|PT)(?![\p{L}\p{N}])/u;
const FIXED_ZONES = /^(?:UTC|GMT|Z|KST|JST)$/;
const RANGE = /^\s*(?:-|–|—|~|〜|to|until)\s*/iu;
const SEPARATOR = /^\s*[:：\-–—|·•]*\s*/u;
const UNKNOWN = /^\?{1,2}:\?{1,2}/;
/** Words that stand for a vague time of day (`夜`, `朝`, `새벽`, `morning`), alone in a bold label. */
export const VAGUE_TIME =
  /^(?:朝|昼|夕方|夜|深夜|未明|翌朝|早朝|새벽|아침|낮|저녁|밤|오전 중|오후 중|morning|afternoon|evening|night|later|overnight)$/iu;

/** Markdown wrappers around a stamp: `**14:02**`, `` `14:02` ``, `__14:02__`. */
const OPEN = /^(?:\*\*|__|`)/;

/**
 * Read the stamp at the start of `text`, or undefined when the text does not start
 * with a time (or, with `dateOnly`, a date). Never throws.
 */
export function readStamp(text: string, opts: { dateOnly?: boolean } = {}): Stamp | undefined {
  let at = 0;
  const open = text.match(OPEN)?.[0];
  if (open) at = open.length;
  const start = at;
  let plain = true;
  let clock: ParsedTime | undefined;
  let timeText: string | undefined;
  let date: PartialDate | undefined;
  let zone: string | undefined;
  let rangeEnd: string | undefined;
  let unknown = false;
  let approx = '';
  const rest = () => text.slice(at);
  const skipSpace = () => {
    at += rest().match(/^[\s,]*/)![0].length;
  };
  for (let guard = 0; guard < 8; guard++) {
    skipSpace();
    const r = rest();
    let m: RegExpMatchArray | null;
    if (!clock && !unknown && (m = r.match(UNKNOWN))) {
      unknown = true;
      at += m[0].length;
      continue;
    }
    if (!clock && !unknown && (m = r.match(APPROX)) && TIME.test(r.slice(m[0].length))) {
      approx = m[0];
      at += m[0].length;
      continue;
    }
    if (!clock && !unknown && (m = r.match(TIME))) {
      const t = parseClock(approx + m[0]);
      if (!t) break;
      clock = t;
      timeText = m[0].trim();
      at += m[0].length;
      const range = rest().match(RANGE);
      const end = range && rest().slice(range[0].length).match(TIME);
      if (range && end && parseClock(end[0])) {
        rangeEnd = end[0].trim();
        at += range[0].length + end[0].length;
        plain = false;
      }
      continue;
    }
    if ((clock || unknown) && !zone && (m = r.match(ZONE_TOKEN))) {
      zone = m[0].replace(/[()]/g, '').replace(/\s+/g, '');
      if (!FIXED_ZONES.test(zone) || m[0].startsWith('(')) plain = false;
      at += m[0].length;
      continue;
    }
    if ((m = r.match(WEEKDAY))) {
      plain = false;
      at += m[0].length;
      continue;
    }
    const d = !date ? readDateToken(r) : undefined;
    if (d) {
      date = d.date;
      if (!d.iso) plain = false;
      at += d.length;
      continue;
    }
    break;
  }
  if (!clock && !unknown && !(opts.dateOnly && date)) return undefined;
  const stampEnd = at;
  if (open) {
    // the separator may sit inside the markers: `**± 17:20 UTC:**`
    const close = text.slice(at).match(/^[\s:：\-–—]*/)![0];
    if (!text.startsWith(open, at + close.length)) return undefined; // `**14:02 and more words**`
    at += close.length + open.length;
  }
  const written = text.slice(start, stampEnd).trim();
  const sep = text.slice(at).match(SEPARATOR)![0];
  at += sep.length;
  const impossibleMix = !!timeText && /[ap]\.?m\.?$/i.test(timeText) && Number(timeText.match(/\d{1,2}/)![0]) > 12;
  if (approx && !/^[±~〜]/.test(approx)) plain = false; // 약, approx.: words the code span does not keep
  if (timeText && /[時分]/u.test(timeText) && !twelveHour(timeText, impossibleMix)) plain = false; // 22時40分 → 22:40
  return {
    ...(approx ? { approx } : {}),
    end: at,
    written,
    ...(timeText ? { timeText } : {}),
    ...(clock ? { clock } : {}),
    ...(date ? { date } : {}),
    ...(zone ? { zone } : {}),
    ...(unknown ? { unknown } : {}),
    ...(rangeEnd ? { rangeEnd } : {}),
    ...(impossibleMix ? { impossibleMix } : {}),
    plain,
  };
}

/** A 12-hour time the parser reads as written (`07:30am`, `08:52 PM`, `午後3時 9分`) stays as written. */
function twelveHour(timeText: string, impossibleMix: boolean): boolean {
  return /[ap]\.?m\.?|午前|午後/iu.test(timeText) && !impossibleMix;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The time for the entry's code span: 24-hour `HH:MM` (Korean forms and
 * `13:55 PM` included, as the importer always wrote them), a 12-hour time as
 * written, an approximation kept (`± 17:20`, `18:00頃`), the date in front when
 * the entry needs it, and a fixed zone (`UTC`, `KST`) after it.
 */
export function codeOf(s: Stamp, showDate?: string, twentyFour = false): string | undefined {
  if (!s.clock || !s.timeText) return undefined;
  const c = s.clock;
  const suffix = s.timeText.match(/(?:頃|ごろ|경|쯤|즈음)$/u)?.[0] ?? '';
  // as written only when the code span replaces the stamp; a stamp kept after it reads best next to a 24-hour time
  const time =
    !twentyFour && s.plain && twelveHour(s.timeText, !!s.impossibleMix)
      ? s.timeText
      : `${pad(c.hour)}:${pad(c.minute)}${c.second ? `:${pad(c.second)}` : ''}${suffix}`;
  const prefix = s.approx && /^[±~〜]/.test(s.approx) ? s.approx : '';
  const zone = s.zone && FIXED_ZONES.test(s.zone) ? ` ${s.zone}` : '';
  return `${prefix}${showDate ? `${showDate} ` : ''}${time}${zone}`;
}

/**
 * The canonical 24-hour form of a time written in any shape: `16:01 PM` → `16:01`,
 * `4:01 PM` → `16:01`, `오후 4시 1분` → `16:01`, `2024-03-05 14:20 KST` stays.
 */
export function canonicalTime(text: string): string | undefined {
  const s = readStamp(text.trim());
  if (!s?.clock) return undefined;
  const d = s.date?.year !== undefined ? `${s.date.year}-${pad(s.date.month)}-${pad(s.date.day)}` : undefined;
  return codeOf(s, d, true);
}
