/**
 * When and where the incident happened: its date and time zone, decided from
 * every place a post-mortem states them (frontmatter, the timeline, the title,
 * the text, the file name), with a note saying which won and why, and a YAML
 * comment for the frontmatter. A date or zone found only in a log line or code
 * block is proposed, never set.
 */
import { isValidTimeZone } from '../../schema/common.ts';
import { compactDate, dateFromValue, findDate, findDates, findLogStamp, findYear, type LogStamp, withYear } from './dates.ts';
import type { TimelineEvent } from './timeline.ts';
import { type DocLang, str } from './text.ts';
import { seasonMismatch, type ZoneFinding, zoneOfLogToken, zoneOfTime, zoneStatement } from './zones.ts';

export interface Note {
  level: 'info' | 'warning';
  message: string;
}

export interface WhenInput {
  fm: Record<string, unknown>;
  title: string;
  fileName?: string;
  lang: DocLang;
  /** Prose blocks in document order (no code): headings and header cells count as headings. */
  prose: { text: string; heading: boolean }[];
  /** Preamble, summary, impact and timeline prose: where a text date is the incident's. */
  narrative: string;
  events: TimelineEvent[];
  /** Code blocks with the source line of their first content line. */
  codes: { value: string; line: number }[];
  optionZone?: string;
  /** The date an incident log's entry heading gives (`--split`). */
  entryDate?: string;
}

export interface When {
  date?: string;
  /** Where the date came from, for `started`'s comment. */
  dateFrom?: string;
  /** The year for dates written without one. */
  reference?: string | number;
  zone: string;
  zoneFrom: 'frontmatter' | 'statement' | 'timeline' | 'option' | 'default';
  zoneComment?: string;
  /** A date-time or zone only a log line gives: proposed in comments. */
  suggestion?: { date: string; time: string; line: number; text: string };
  /** A zone only a log line names: proposed in a comment. */
  suggestedZone?: { zone: string; line: number; token: string };
  notes: Note[];
}

export const DEFAULT_TIMEZONE = 'UTC';

const describe = (d: string, from: string) => `${from} (${d})`;

export function decideWhen(input: WhenInput): When {
  const notes: Note[] = [];
  const info = (message: string) => notes.push({ level: 'info', message });

  // ---------------------------------------------------------------- the date
  const fmStarted = dateFromValue(input.fm.started);
  const fmDate = dateFromValue(input.fm.date) ?? dateFromValue(input.fm.created);
  const titleDate =
    findDate(input.title) ?? compactDate(input.title) ?? findDates(input.title).find((d) => d.date.year === undefined)?.date;
  const textDate = findDate(input.narrative);
  const fileDate = input.fileName ? compactDate(input.fileName) : undefined;
  const allProse = input.prose.map((p) => p.text).join('\n');
  // the year for dates written without one: the first full date the document gives
  const years: [string | number | undefined, string][] = [
    [input.entryDate, "the entry's heading"],
    [fmStarted?.date ?? fmDate?.date, 'the frontmatter'],
    [typeof titleDate === 'string' ? titleDate : undefined, 'the title'],
    [findDate(allProse), 'the text'],
    [fileDate, 'the file name'],
    [findYear(`${input.title}\n${allProse}`), 'a year in the text'],
  ];
  const [reference, referenceFrom] = years.find(([y]) => y !== undefined) ?? [undefined, ''];
  const firstTimed = input.events.find((e) => e.stamp?.clock);
  const own = firstTimed?.stamp?.date ?? firstTimed?.dayAbove;
  const timelineDate = own ? withYear(own, reference) : undefined;
  const titleFull = typeof titleDate === 'string' ? titleDate : titleDate ? withYear(titleDate, reference) : undefined;
  const candidates: [string | undefined, string][] = [
    [fmStarted?.date, 'the frontmatter `started`'],
    [timelineDate, "the timeline's first entry"],
    [input.entryDate, "the entry's heading"],
    [fmDate?.date, 'the frontmatter date'],
    [titleFull, 'the title'],
    [textDate, 'the text'],
    [fileDate, 'the file name'],
  ];
  const won = candidates.find(([d]) => d);
  const date = won?.[0];
  if (won && date) {
    if (won[1] !== 'the frontmatter `started`' && won[1] !== 'the frontmatter date') info(`incident date ${date} taken from ${won[1]}`);
    const others = candidates.filter(([d, from]) => d && d !== date && from !== won[1]);
    if (others.length)
      info(
        `the dates disagree: ${others.map(([d, from]) => describe(d!, from)).join(', ')}; ${won[1]} (${date}) wins${
          won[1] === "the timeline's first entry" ? ': a title, file name or review line often carries the review or publication date' : ''
        }`,
      );
    if (own && own.year === undefined && won[1] === "the timeline's first entry")
      info(`the timeline writes dates without a year: ${String(reference).slice(0, 4)} taken from ${referenceFrom}`);
  }

  // a log line is the last resort: proposed, never set
  const log = firstLog(input.codes);
  let suggestion: When['suggestion'];
  if (!date && log) {
    const firstTime = firstTimed?.stamp?.clock;
    const time = firstTime ? `${String(firstTime.hour).padStart(2, '0')}:${String(firstTime.minute).padStart(2, '0')}` : log.stamp.time;
    suggestion = { date: log.stamp.date, time, line: log.line, text: log.stamp.text };
  }
  // said after the zone: the zone decides how every time reads, the date only where they fall
  const dateNote: Note | undefined = suggestion
    ? {
        level: 'warning',
        message: `no incident date in the text; a log line (line ${suggestion.line}: \`${suggestion.text}\`) shows ${suggestion.date}: proposed as a comment on \`started\`, not set`,
      }
    : !date
      ? { level: 'warning', message: 'no incident date in the frontmatter, text or file name: `started` is left for you to fill in' }
      : undefined;

  // ---------------------------------------------------------------- the zone
  let zone: string | undefined;
  let zoneFrom: When['zoneFrom'] = 'default';
  let zoneComment: string | undefined;
  let suggestedZone: When['suggestedZone'];
  const fmZone = str(input.fm.timezone);
  const stated = input.prose
    .map((p) => zoneStatement(p.text, { heading: p.heading, lang: input.lang }))
    .filter((z): z is ZoneFinding => !!z);
  if (fmZone && isValidTimeZone(fmZone)) [zone, zoneFrom] = [fmZone, 'frontmatter'];
  else if (stated.length) {
    const s = stated[0];
    [zone, zoneFrom] = [s.zone, 'statement'];
    zoneComment = `stated as ${s.token} ("${clip(s.text)}")${s.why ? `; ${s.why}` : ''}`;
    info(`time zone ${s.zone} from "${clip(s.text)}"${s.why ? ` (${s.why})` : ''}`);
    const other = stated.find((x) => x.zone !== s.zone);
    if (other) info(`the source also states ${other.token} ("${clip(other.text)}"); ${s.token}, stated first, is used`);
  } else {
    const zoned = input.events.find((e) => e.stamp?.zone);
    const z = zoned?.stamp?.zone ? zoneOfTime(zoned.stamp.zone, zoned.stamp.clock, input.lang) : undefined;
    if (z) {
      [zone, zoneFrom] = [z.zone, 'timeline'];
      zoneComment = `from the timeline's "${zoned!.stamp!.written}"${z.why ? `; ${z.why}` : ''}`;
      info(`time zone ${z.zone} taken from the timeline's "${zoned!.stamp!.written}"${z.why ? ` (${z.why})` : ''}`);
    }
  }
  if (zone && input.optionZone && input.optionZone !== zone && zoneFrom !== 'frontmatter')
    info(`the source's own zone (${zone}) wins over --timezone ${input.optionZone}`);
  if (!zone && input.optionZone) [zone, zoneFrom] = [input.optionZone, 'option'];
  if (zoneFrom === 'statement' || zoneFrom === 'timeline') {
    const token = zoneFrom === 'statement' ? stated[0].token : input.events.find((e) => e.stamp?.zone)!.stamp!.zone!;
    const season = seasonMismatch(token, zone!, date ?? suggestion?.date, stated[0]?.text);
    if (season) {
      info(season);
      zoneComment = `${zoneComment}; ${token} written out of season: times read as written`;
    }
  }
  if (!zone) {
    zone = DEFAULT_TIMEZONE;
    const zonedLog = firstLog(input.codes, true);
    const logZone = zonedLog ? zoneOfLogToken(zonedLog.stamp.zone, input.lang) : undefined;
    if (logZone) {
      suggestedZone = { zone: logZone, line: zonedLog!.line, token: zonedLog!.stamp.zone! };
      info(
        `the source states no zone, but a log line (line ${zonedLog!.line}: \`${zonedLog!.stamp.text}\`) is in ${zonedLog!.stamp.zone}: ${logZone} proposed as a comment on \`timezone\`, not set`,
      );
    }
    if (input.events.some((e) => e.stamp?.clock))
      notes.push({
        level: 'warning',
        message: `the source gives no time zone: its times are read as ${DEFAULT_TIMEZONE}; pass --timezone (e.g. Asia/Seoul) or fix \`timezone\``,
      });
  }
  if (dateNote) notes.push(dateNote);
  return {
    ...(date ? { date, dateFrom: won![1] } : {}),
    ...(reference !== undefined ? { reference } : {}),
    zone,
    zoneFrom,
    ...(zoneComment ? { zoneComment } : {}),
    ...(suggestion ? { suggestion } : {}),
    ...(suggestedZone ? { suggestedZone } : {}),
    notes,
  };
}

/** The first date-time in the code blocks (or, with `zoned`, the first that names its zone). */
function firstLog(codes: WhenInput['codes'], zoned = false): { stamp: LogStamp; line: number } | undefined {
  for (const c of codes) {
    const lines = c.value.split('\n');
    for (const [i, l] of lines.entries()) {
      const stamp = findLogStamp(l);
      if (stamp && (!zoned || stamp.zone)) return { stamp, line: c.line + i };
    }
  }
  return undefined;
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
