/**
 * Chat text as people paste or export it → messages.
 *
 * Shapes read (one file may mix them):
 * - Slack / Mattermost desktop copy: a header line `mina  2:14 PM`, `Mina Kim 2:14 PM`, `mina [14:02]`,
 *   `@mina 2:14 PM`, or the name and the time on two lines (`Mina Kim` / `2:14 PM`), then the message;
 *   a bare time line (`2:16 PM`) starts another message by the same author; date lines
 *   (`Tuesday, March 5th`, `March 5th, 2024`) set the day; "3 replies", "View thread" and
 *   "(edited)" are dropped.
 * - `[2:14 PM] mina: text`, `[14:02] mina: text`, `[2024-03-05 14:02] mina: text`.
 * - Microsoft Teams copy: `[3/5/2024 2:14 PM] Mina Kim` then the text on the next lines,
 *   or `[3/5/2024 2:14 PM] Mina Kim: text`.
 * - KakaoTalk PC export: `[mina] [오후 2:14] 메시지` under dividers
 *   `--------------- 2024년 3월 5일 화요일 ---------------`; mobile exports:
 *   `2024년 3월 5일 오후 2:14, mina : 메시지` (Android) and `2024. 3. 5. 오후 2:14, mina : 메시지` (iOS),
 *   with `2024년 3월 5일 화요일` date lines; join/leave lines and the file's title lines are dropped.
 * - Plain logs: `2024-03-05 14:02:11 mina: text`, `[2024-03-05 14:02:11] mina: text`,
 *   `2024-03-05T05:02:11Z mina: text` (an instant), `[14:02] mina: text`.
 * Lines that start no message continue the one before (multi-line messages).
 * 12-hour clocks and 오전/오후 become 24-hour. Times stay wall-clock (`local`) unless the line
 * states an offset; the day comes from the line, the last date divider, or `date`.
 */
import { ALERT_APPS, alertStatus } from './alerts.ts';
import { listing, plural, splitLines, stripBom } from './input.ts';
import { isEmojiOnly } from './slack-markup.ts';
import { formatDate, minutesOf, nextDay, parseDateText, parseIsoDate, parseStamp, type Stamp } from './time.ts';
import { type ReadSource, SourceError, type SourceMessage } from './types.ts';

export interface ChatTextOptions {
  /** 'YYYY-MM-DD' for lines that carry only a time and follow no date line. */
  date?: string;
  /** The file name, for origins and errors. */
  file?: string;
  /** Where `date` came from, for the note (default: `--date`). */
  dateFrom?: string;
}

interface Header {
  author?: string;
  /** True when the header named no author: the message continues the previous author. */
  sameAuthor?: boolean;
  stamp: Stamp;
  text?: string;
  /** Lines the header takes (a name line and a time line make two). */
  span: number;
  bot?: boolean;
}

type Classified =
  | { t: 'header'; h: Header }
  | { t: 'divider'; date?: { year?: number; month: number; day: number }; raw: string }
  | { t: 'noise'; system?: boolean }
  | { t: 'body' };

const NOISE = [
  /^\d+ repl(?:y|ies)$/i,
  /^view thread$/i,
  /^last reply\b.*$/i,
  /^new messages?$/i,
  /^also sent to the channel$/i,
  /^\(edited\)$/i,
  /^.{1,40} has (?:joined|left) the channel\.?$/i,
  // KakaoTalk title lines
  /^.+ 님과 카카오톡 대화$/,
  /^.+ \d+ 카카오톡 대화$/,
  /^저장한 날짜\s*:/,
  /^Talk_[\d.]+/,
  /^Date Saved\s*:/i,
];
const KAKAO_SYSTEM = /^.{1,40}님이 (?:들어왔습니다|나갔습니다|.*(?:초대했습니다|초대하였습니다)|퇴장했습니다)\.?$/;
const RELATIVE_DAY = /^(today|yesterday|오늘|어제)$/i;

const EDITED = /\s*\((?:edited|수정됨)\)\s*$/i;

/** A display name, as chat headers print them: up to four words, no sentence punctuation. */
export function nameLike(s: string): boolean {
  const t = s.trim().replace(/^@/, '');
  if (!t || t.length > 40 || /^\d+$/.test(t) || /[.!?,;:]$/.test(t)) return false;
  if (!/^[\p{L}\p{N}][\p{L}\p{M}\p{N}._'’()-]*(?: [\p{L}\p{M}\p{N}._'’()-]+){0,3}$/u.test(t)) return false;
  return true;
}

/** Capitalised words (`Mina Kim`) or a single token (`mina`): safe to read before a time with one space. */
const tightName = (name: string) =>
  !/\s/.test(name.trim()) ||
  name
    .trim()
    .split(/\s+/)
    .every((w) => /^[\p{Lu}\p{Lo}]/u.test(w));

function cleanAuthor(name: string): { author: string; bot: boolean } {
  let author = name.trim().replace(/^@/, '').trim();
  // Alerting tools posting into the chat (`pagerduty: Resolved #4172`).
  let bot = ALERT_APPS.test(author);
  // Slack marks apps with an "APP" badge that copies as text.
  const app = /^(.+?)(?:\s+|(?<=[a-z]))APP$/.exec(author);
  if (app) {
    author = app[1].trim();
    bot = true;
  }
  return { author, bot };
}

/** A stamp that carries at least a time of day. */
function timeStamp(text: string): Stamp | undefined {
  const t = text
    .trim()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\s*•\s*/g, ' ')
    .trim();
  if (!/\d{1,2}:\d{2}/.test(t)) return undefined;
  return parseStamp(t);
}

const LOG_DATE = String.raw`\d{4}[-/.]\s?\d{1,2}[-/.]\s?\d{1,2}\.?`;
const LOG_CLOCK = String.raw`(?:(?:[AaPp]\.?[Mm]\.?|오전|오후)\s*)?\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?(?:\s*(?:[AaPp]\.?[Mm]\.?|오전|오후))?`;
const LOG_ZONE = String.raw`(?:\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT|[A-Z]{3,4}))?`;
/** `2024-03-05 14:02:11 mina: text`, `[2024-03-05 14:02:11] mina: text`, `2024-03-05 14:02 <mina> text`. */
const PLAIN_LOG = new RegExp(
  String.raw`^\[?(${LOG_DATE}[ T,]\s*${LOG_CLOCK}${LOG_ZONE})\]?\s+(?:<([^<>]{1,40})>\s?|([^:\s][^:]{0,39}?)\s*:(?:\s|$))(.*)$`,
);
/** KakaoTalk mobile: `2024년 3월 5일 오후 2:14, mina : text`, `2024. 3. 5. 오후 2:14, mina : text`. */
const KAKAO_MOBILE = /^(.{6,40}?\d{1,2}:\d{2}(?:\s*[AaPp]\.?[Mm]\.?)?),\s(.{1,40}?)\s:\s?(.*)$/;
/** KakaoTalk mobile system line: `2024년 3월 5일 오후 2:14: mina님이 들어왔습니다.` */
const KAKAO_MOBILE_SYSTEM = /^(.{6,40}?\d{1,2}:\d{2}):\s(.+)$/;
const BRACKET_FIRST = /^\[([^\]]{1,40})\]\s*(.*)$/;

/** What one line is, without looking at the lines after it. */
function classifyLine(raw: string): Classified {
  const line = raw.trim();
  if (!line) return { t: 'body' };
  if (NOISE.some((re) => re.test(line))) return { t: 'noise' };
  if (KAKAO_SYSTEM.test(line)) return { t: 'noise', system: true };

  // Date dividers and date lines.
  const divider = /^[-=─━]{3,}\s*(.+?)\s*[-=─━]{3,}$/.exec(line);
  if (divider) return { t: 'divider', date: parseDateText(divider[1]), raw: line };
  const dateLine = parseDateText(line);
  if (dateLine) return { t: 'divider', date: dateLine, raw: line };
  if (RELATIVE_DAY.test(line)) return { t: 'divider', raw: line };

  const kakao = KAKAO_MOBILE.exec(line);
  if (kakao) {
    const stamp = parseStamp(kakao[1]);
    if (stamp?.local?.date || stamp?.epoch !== undefined) {
      const { author, bot } = cleanAuthor(kakao[2]);
      return { t: 'header', h: { author, stamp, text: kakao[3], span: 1, bot } };
    }
  }
  const kakaoSystem = KAKAO_MOBILE_SYSTEM.exec(line);
  if (kakaoSystem && (parseStamp(kakaoSystem[1])?.local?.date ?? '') !== '') return { t: 'noise', system: true };

  const log = PLAIN_LOG.exec(line);
  if (log) {
    const stamp = parseStamp(log[1].replace(/,/g, ' '));
    if (stamp) {
      const name = log[2] ?? log[3];
      if (nameLike(name) || log[2]) {
        const { author, bot } = cleanAuthor(name);
        return { t: 'header', h: { author, stamp, text: log[4], span: 1, bot } };
      }
      return { t: 'header', h: { stamp, text: `${name}: ${log[4]}`.trim(), span: 1 } };
    }
  }

  const bracket = BRACKET_FIRST.exec(line);
  if (bracket) {
    const stamp = timeStamp(bracket[1]);
    const rest = bracket[2].replace(EDITED, '');
    if (stamp) {
      if (!rest) return { t: 'header', h: { stamp, sameAuthor: true, span: 1 } };
      const named = /^([^:[\]]{1,40}?)\s*:(?:\s(.*)|$)/.exec(rest);
      if (named && nameLike(named[1])) {
        const { author, bot } = cleanAuthor(named[1]);
        return { t: 'header', h: { author, stamp, text: named[2] ?? '', span: 1, bot } };
      }
      // `[2:14 PM] Mina Kim` (Teams) or `[14:02] deploy started` (a log line without author): decided with the next line.
      return { t: 'header', h: { stamp, text: rest, span: 1 } };
    }
    // KakaoTalk PC: `[mina] [오후 2:14] text`.
    const kakaoPc = /^\[([^\]]{1,20})\]\s?(.*)$/.exec(bracket[2]);
    const pcStamp = kakaoPc ? timeStamp(kakaoPc[1]) : undefined;
    if (kakaoPc && pcStamp) {
      const { author, bot } = cleanAuthor(bracket[1]);
      return { t: 'header', h: { author, stamp: pcStamp, text: kakaoPc[2], span: 1, bot } };
    }
  }

  // `mina  2:14 PM`, `Mina Kim 2:14 PM`, `mina [14:02]`, `Mina Kim  3/5/2024 2:14 PM`.
  const bare = line.replace(EDITED, '');
  const whole = timeStamp(bare);
  if (whole) return { t: 'header', h: { stamp: whole, sameAuthor: true, span: 1 } };
  const spaces = [...bare.matchAll(/\s+/g)];
  for (const sp of spaces) {
    const name = bare.slice(0, sp.index);
    const when = bare.slice(sp.index + sp[0].length);
    // The time part holds only a date and a clock: "Meeting at 3:00 PM" is a sentence, not a header.
    const words = when.replace(/[AaPp]\.?[Mm]\.?|오전|오후|년|월|일/g, '');
    if (!/\d{1,2}:\d{2}/.test(when) || /[\p{L}]/u.test(words) || !nameLike(name)) continue;
    const bracketed = /^\[.*\]$/.test(when);
    if (!(sp[0].length >= 2 || sp[0].includes('\t') || bracketed || tightName(name))) continue;
    const stamp = timeStamp(when);
    if (!stamp) continue;
    const { author, bot } = cleanAuthor(name);
    return { t: 'header', h: { author, stamp, span: 1, bot } };
  }
  return { t: 'body' };
}

interface Draft {
  author?: string;
  bot: boolean;
  stamp: Stamp;
  date?: string;
  dateFromOption: boolean;
  lines: string[];
  line: number;
}

/** Read pasted or exported chat text. */
export function parseChatText(input: string, options: ChatTextOptions = {}): ReadSource {
  const file = options.file ?? 'chat.txt';
  const optionDate = options.date?.trim();
  if (optionDate !== undefined && !parseIsoDate(optionDate))
    throw new SourceError(`--date ${optionDate}: expected a day as YYYY-MM-DD`, file);
  const lines = splitLines(stripBom(input));
  const classified = lines.map(classifyLine);
  const notes: string[] = [];
  const messages: SourceMessage[] = [];

  let draft: Draft | undefined;
  let lastAuthor: { author?: string; bot: boolean } | undefined;
  let dividerDate: string | undefined;
  let rollingDate = optionDate;
  let preamble = 0;
  let system = 0;
  let fromOption = 0;
  let emojiOnly = 0;
  const rollovers: string[] = [];
  const backwards: string[] = [];
  const undated: string[] = [];
  let prev: { date?: string; time: string } | undefined;

  const flush = () => {
    if (!draft) return;
    const text = draft.lines
      .map((l) => l.replace(EDITED, '').replace(/\s+$/, ''))
      .join('\n')
      .replace(/^\n+|\n+$/g, '');
    if (isEmojiOnly(text)) emojiOnly++;
    else if (text.trim()) {
      const sm: SourceMessage = { text, kind: 'message', origin: { file, line: draft.line } };
      if (draft.stamp.epoch !== undefined) sm.epoch = draft.stamp.epoch;
      else if (draft.stamp.local)
        sm.local = draft.date ? { date: draft.date, time: draft.stamp.local.time } : { time: draft.stamp.local.time };
      if (draft.author) sm.author = draft.author;
      if (draft.bot) {
        sm.kind = 'bot';
        const status = alertStatus(text);
        if (status || ALERT_APPS.test(draft.author ?? '')) {
          sm.kind = 'alert';
          if (status) sm.status = status;
        }
      }
      if (draft.dateFromOption) fromOption++;
      messages.push(sm);
    }
    draft = undefined;
  };

  // A line followed by a bare time line is a name (`Alex Rivera` / `2:21 PM`) or the last line of a
  // message followed by the same author's next one (`restarting the pods` / `1:48 AM`). Names are
  // `@handles`, capitalised words, or names that head messages elsewhere in the file.
  const candidate = (i: number) => {
    const name = lines[i].replace(EDITED, '').trim();
    const next = classified[i + 1];
    return classified[i].t === 'body' && nameLike(name) && next?.t === 'header' && next.h.sameAuthor === true && !next.h.text
      ? cleanAuthor(name).author
      : undefined;
  };
  const known = new Map<string, number>();
  classified.forEach((c, i) => {
    const name = c.t === 'header' ? c.h.author : candidate(i);
    if (name) known.set(name, (known.get(name) ?? 0) + (c.t === 'header' ? 2 : 1));
  });
  const twoLineName = (i: number): boolean => {
    const name = candidate(i);
    if (!name) return false;
    if (lines[i].trim().startsWith('@')) return true;
    return (known.get(name) ?? 0) >= 2 || name.split(/\s+/).every((w) => /^[\p{Lu}\p{Lo}]/u.test(w));
  };

  const nextContent = (from: number): Classified | undefined => {
    for (let j = from; j < lines.length; j++) if (lines[j].trim()) return classified[j];
    return undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const c = classified[i];
    const raw = lines[i];
    if (c.t === 'noise') {
      if (c.system) system++;
      continue;
    }
    if (c.t === 'divider') {
      if (c.date) {
        const year = c.date.year ?? Number((dividerDate ?? rollingDate ?? '').slice(0, 4));
        if (year) {
          dividerDate = formatDate(year, c.date.month, c.date.day);
          continue;
        }
      }
      undated.push(`"${c.raw}" (line ${i + 1})`);
      continue;
    }

    let header: Header | undefined;
    if (c.t === 'header') header = c.h;
    else if (twoLineName(i)) {
      // A name on its own line with the time on the next: `Mina Kim` / `  2:14 PM`.
      const next = classified[i + 1] as { t: 'header'; h: Header };
      const { author, bot } = cleanAuthor(raw.replace(EDITED, ''));
      header = { author, bot, stamp: next.h.stamp, span: 2 };
    }
    if (header && header.author === undefined && !header.sameAuthor && header.text !== undefined) {
      // `[2:14 PM] Mina Kim` followed by body lines names an author; `[14:02] deploy started` is the message.
      const after = nextContent(i + 1);
      if (nameLike(header.text) && after?.t === 'body') {
        const { author, bot } = cleanAuthor(header.text);
        header = { ...header, author, bot, text: '' };
      }
    }

    if (!header) {
      if (draft) draft.lines.push(raw);
      else if (raw.trim()) preamble++;
      continue;
    }

    flush();
    const who = header.sameAuthor ? lastAuthor : { author: header.author, bot: header.bot ?? false };
    let date: string | undefined;
    let dateFromOption = false;
    const local = header.stamp.local;
    if (local?.date) {
      date = local.date;
      dividerDate = local.date;
    } else if (local && dividerDate) date = dividerDate;
    else if (local && rollingDate) {
      if (prev && prev.date === rollingDate && minutesOf(local.time) < minutesOf(prev.time) - 12 * 60) {
        rollingDate = nextDay(rollingDate);
        rollovers.push(`line ${i + 1} (${prev.time} → ${local.time}), so it is taken as ${rollingDate}`);
      }
      date = rollingDate;
      dateFromOption = true;
    } else if (local && prev && !prev.date && minutesOf(local.time) < minutesOf(prev.time) - 12 * 60) {
      rollovers.push(`line ${i + 1} (${prev.time} → ${local.time})`);
    }
    if (local && prev && (prev.date ?? '') === (date ?? '')) {
      const back = minutesOf(prev.time) - minutesOf(local.time);
      if (back > 0 && back <= 12 * 60) backwards.push(`line ${i + 1} (${prev.time} → ${local.time})`);
    }
    if (local) prev = { date, time: local.time };

    draft = {
      author: who?.author,
      bot: who?.bot ?? false,
      stamp: header.stamp,
      date,
      dateFromOption,
      lines: header.text ? [header.text.replace(EDITED, '')] : [],
      line: i + 1,
    };
    lastAuthor = { author: draft.author, bot: draft.bot };
    i += header.span - 1;
  }
  flush();

  if (!messages.length) {
    throw new SourceError(
      `${file}: no chat messages found; expected lines like "mina  2:14 PM", "[14:02] mina: text", "2024-03-05 14:02:11 mina: text", "[3/5/2024 2:14 PM] Mina Kim" or a KakaoTalk export`,
      file,
    );
  }
  if (preamble) notes.push(`ignored ${plural(preamble, 'line')} before the first message in ${file}`);
  if (emojiOnly) notes.push(`dropped ${plural(emojiOnly, 'emoji-only message')} in ${file}`);
  if (system) notes.push(`dropped ${plural(system, 'KakaoTalk join/leave line')}`);
  if (fromOption)
    notes.push(
      `the day of ${plural(fromOption, 'message')} in ${file} comes from ${options.dateFrom ?? '--date'} ${optionDate} (the chat gives only times)`,
    );
  if (rollovers.length) {
    notes.push(
      rollingDate && optionDate
        ? `the chat in ${file} crosses midnight at ${listing(rollovers)}`
        : `the chat in ${file} seems to cross midnight at ${listing(rollovers)}; pass --date YYYY-MM-DD for the first day`,
    );
  }
  if (backwards.length)
    notes.push(`times in ${file} go back at ${listing(backwards)}: a clock change (DST) or lines out of order; the file's order is kept`);
  if (undated.length) notes.push(`could not tell the day of the date line ${listing(undated)}; messages after it keep the previous day`);
  const anyDate = messages.some((m) => m.local?.date || m.epoch !== undefined);
  if (!anyDate) notes.push(`${file} gives times without a day; pass --date YYYY-MM-DD`);
  return { kind: 'chat-text', messages, notes };
}
