/**
 * `time/*`: the timeline parses, runs forwards, lies within the incident, and
 * the frontmatter instants are in order, all in a real IANA zone.
 */
import type { Paragraph } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { isValidTimeZone, TIMELINE_MARKERS } from '../../schema/index.ts';
import { findSection, sectionLists, timelineItemParts } from '../../core/markdown/extract.ts';
import { dateInZone, instantToEpoch, zonedToEpoch } from '../../core/time/zone.ts';
import { formatDuration } from '../../core/time/timeline.ts';
import { parseClock } from '../../core/time/clock.ts';
import { suggest } from '../suggest.ts';
import type { FileContext, Rule } from '../types.ts';

const INSTANTS = ['started', 'detected', 'mitigated', 'resolved'] as const;
const MARKER_FIELD: Record<string, (typeof INSTANTS)[number]> = {
  start: 'started',
  detected: 'detected',
  mitigated: 'mitigated',
  resolved: 'resolved',
};
const HALF_DAY = 12 * 3_600_000;

let zoneNames: string[] | undefined;
/** The IANA zone closest to what was written: "Seoul" → Asia/Seoul, "asia/seoul" → Asia/Seoul. */
export function suggestZone(name: string): string | undefined {
  zoneNames ??= Intl.supportedValuesOf('timeZone');
  const n = name.trim().toLowerCase().replace(/\s+/g, '_');
  return (
    zoneNames.find((z) => z.toLowerCase() === n) ??
    zoneNames.find((z) => z.toLowerCase().endsWith(`/${n}`)) ??
    (
      {
        kst: 'Asia/Seoul',
        jst: 'Asia/Tokyo',
        pst: 'America/Los_Angeles',
        est: 'America/New_York',
        cet: 'Europe/Berlin',
        gmt: 'UTC',
        z: 'UTC',
      } as Record<string, string>
    )[n]
  );
}

/** Looks like someone meant a time here (`25:61`, `16.01`, `4pm`), so failing to parse it is a mistake. */
const TIME_LIKE = /^\s*(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}\s*[:.h시]\s*\d{0,2}|\d{1,2}\s*(?:am|pm)\b|(?:오전|오후)\s*\d)/iu;

function checkTimeline(
  ctx: FileContext,
  zone: string,
  started: number | undefined,
  resolved: number | undefined,
  instants: Map<string, number>,
): void {
  const slice = findSection(ctx.sections, 'timeline');
  if (!slice || slice.empty) return;
  let day = started === undefined ? undefined : dateInZone(started, zone);
  let previous: { epoch: number; time: string } | undefined;
  const lists = sectionLists(slice);
  // parseEntry already split these items (data.timeline, same section, same order): reuse their markers.
  const extracted = ctx.file.parsed.data.timeline as { marker?: string }[] | undefined;
  const reuse = Array.isArray(extracted) && extracted.length === lists.reduce((n, l) => n + l.children.length, 0);
  let index = 0;
  for (const list of lists) {
    for (const item of list.children) {
      const itemIndex = index++;
      const line = item.position?.start.line ?? slice.line ?? 1;
      const column = item.position?.start.column ?? 1;
      const para = item.children[0]?.type === 'paragraph' ? (item.children[0] as Paragraph) : undefined;
      const head = para?.children[0];
      const raw =
        head?.type === 'inlineCode' ? head.value : head?.type === 'strong' ? nodeText(head) : head?.type === 'text' ? head.value : '';
      const time = raw.trim();
      const parsed = head?.type === 'text' ? undefined : parseClock(time);
      let clock = parsed;
      let written = time;
      if (!parsed) {
        // Plain-text heads: the extractor takes a leading time; find it the same way.
        const m =
          head?.type === 'text'
            ? time.match(
                /^(\d{4}[-./]\d{1,2}[-./]\d{1,2}[T\s]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|[A-Z]{2,4}|[+-]\d{2}:?\d{2}))?|\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|am|pm))?)/,
              )
            : null;
        clock = m ? parseClock(m[1]) : undefined;
        written = m?.[1] ?? time;
        const timeLike = (head?.type === 'inlineCode' || head?.type === 'strong' || m) && TIME_LIKE.test(written);
        if (!clock && timeLike) {
          ctx.report({
            ruleId: 'time/timeline-parse',
            line,
            column,
            message: `timeline time \`${written}\` does not parse; write \`HH:MM\` (24-hour, or with AM/PM), \`YYYY-MM-DD HH:MM\`, an offset like \`+09:00\`, or \`오후 4시 1분\``,
          });
          continue;
        }
      }
      if (!clock) continue; // untimed: takes the previous time
      let epoch: number;
      if (clock.date) {
        epoch = zonedToEpoch(clock.date, clock, zone, clock.offsetMinutes);
        if (previous && epoch < previous.epoch - 60_000) {
          ctx.report({
            ruleId: 'time/order',
            line,
            column,
            message: `\`${written}\` is ${formatDuration(previous.epoch - epoch)} before the entry above it (\`${previous.time}\`); keep the timeline in chronological order`,
          });
        }
      } else {
        if (!day) continue; // `started` is invalid: `schema` says so
        epoch = zonedToEpoch(day, clock, zone, clock.offsetMinutes);
        if (previous && epoch < previous.epoch - 60_000) {
          // Backwards by less than half a day is a misordering; more is the clock passing midnight.
          if (previous.epoch - epoch < HALF_DAY) {
            ctx.report({
              ruleId: 'time/order',
              line,
              column,
              message: `\`${written}\` is earlier than the entry above it (\`${previous.time}\`); keep the timeline in chronological order, or write the full date if it is another day`,
            });
          } else epoch += 86_400_000;
        }
      }
      day = dateInZone(epoch, zone);
      if (started !== undefined && epoch < started - 60_000) {
        ctx.report({
          ruleId: 'time/range',
          line,
          column,
          message: `\`${written}\` is ${formatDuration(started - epoch)} before \`started\`; move \`started\` earlier, or the entry out of the timeline`,
        });
      } else if (resolved !== undefined && epoch > resolved + 60_000) {
        ctx.report({
          ruleId: 'time/range',
          line,
          column,
          message: `\`${written}\` is ${formatDuration(epoch - resolved)} after \`resolved\`; move \`resolved\` later, or give the entry its date`,
        });
      }
      const marker = reuse ? extracted[itemIndex]?.marker : timelineItemParts(item).marker;
      const field = marker ? MARKER_FIELD[marker] : undefined;
      const expected = field ? instants.get(field) : undefined;
      if (field && expected !== undefined && Math.abs(expected - epoch) > 60_000) {
        ctx.report({
          ruleId: 'time/marker',
          line,
          column,
          message: `the [${marker}] entry is at \`${written}\` but frontmatter \`${field}\` is ${formatDuration(Math.abs(expected - epoch))} ${expected < epoch ? 'earlier' : 'later'}; make them agree`,
        });
      }
      previous = { epoch, time: written };
    }
  }
}

/** `[detcted]`: close to a marker, so meant as one. Other words are the team's own markers and stay. */
function checkMarkerNames(ctx: FileContext): void {
  const timeline = ctx.file.parsed.data.timeline as { marker?: string; line?: number }[] | undefined;
  if (!Array.isArray(timeline)) return;
  const known = Object.keys(MARKER_FIELD);
  for (const entry of timeline) {
    const { marker } = entry;
    if (!marker || marker in MARKER_FIELD) continue;
    const meant = suggest(marker, known);
    if (!meant) continue;
    ctx.report({
      ruleId: 'time/marker-name',
      line: entry.line ?? 1,
      column: 1,
      message: `timeline marker [${marker}]: did you mean [${meant}]? The markers are [${known.join('], [')}]`,
    });
  }
}

/** A draft imported without a date got this year's id; once `started` is filled in, the years may differ. */
function checkIdYear(ctx: FileContext): void {
  const fm = ctx.file.parsed.frontmatter!;
  if (fm.status !== undefined && fm.status !== 'draft') return; // a shared id never changes
  const id = typeof fm.id === 'string' ? /^INC-(\d{4})-\d{3,}$/.exec(fm.id) : null;
  const year = typeof fm.started === 'string' ? /^(\d{4})-/.exec(fm.started)?.[1] : undefined;
  if (!id || !year || id[1] === year) return;
  ctx.report({
    ruleId: 'time/id-year',
    ...ctx.file.parsed.locate(['id']),
    message: `the id says ${id[1]} but \`started\` is in ${year}: run \`npm run renumber -- ${fm.id}\` to give it a ${year} id (the old id stays as an alias, so links keep working)`,
  });
}

export const timeRule: Rule = {
  docs: [
    { id: 'time/zone', level: 'error', doc: '`timezone` is not an IANA time zone name (suggests the closest one).' },
    {
      id: 'time/sequence',
      level: 'error',
      doc: 'The frontmatter instants are out of order: started ≤ detected ≤ mitigated ≤ resolved must hold.',
    },
    { id: 'time/timeline-parse', level: 'error', doc: 'A timeline entry starts with something meant as a time that does not parse.' },
    { id: 'time/order', level: 'error', doc: 'A timeline entry is earlier than the entry before it.' },
    { id: 'time/range', level: 'warn', doc: 'A timeline entry lies before `started` or after `resolved`.' },
    {
      id: 'time/marker-name',
      level: 'warn',
      doc: `A timeline marker looks like a misspelt [${TIMELINE_MARKERS.join('], [')}] (e.g. [detcted]); the entry would not count as that moment.`,
    },
    {
      id: 'time/id-year',
      level: 'warn',
      doc: "A draft's id has another year than its `started`; `npm run renumber` gives it the right id and keeps the old one as an alias.",
    },
    {
      id: 'time/marker',
      level: 'warn',
      doc: `A [${TIMELINE_MARKERS.join('], [')}] timeline entry disagrees with the matching frontmatter instant.`,
    },
  ],
  checkFile(ctx) {
    const { parsed, kind } = ctx.file;
    const fm = parsed.frontmatter;
    if (kind !== 'incident' || !fm) return;
    checkMarkerNames(ctx);
    checkIdYear(ctx);
    const zone = fm.timezone;
    if (typeof zone !== 'string') return; // `schema` reports a missing or non-string zone
    if (!isValidTimeZone(zone)) {
      const hint = suggestZone(zone);
      ctx.report({
        ruleId: 'time/zone',
        ...parsed.locate(['timezone']),
        message: `\`timezone: ${zone}\` is not an IANA time zone name; ${hint ? `did you mean \`${hint}\`?` : 'use one like `Asia/Seoul`, `Europe/Berlin` or `UTC`'}`,
      });
      return;
    }
    const instants = new Map<string, number>();
    let last: { field: string; epoch: number } | undefined;
    for (const field of INSTANTS) {
      const v = fm[field];
      if (typeof v !== 'string') continue;
      const epoch = instantToEpoch(v, zone);
      if (epoch === undefined) continue; // `schema` reports the format
      instants.set(field, epoch);
      if (last && epoch < last.epoch) {
        ctx.report({
          ruleId: 'time/sequence',
          ...parsed.locate([field]),
          message: `\`${field}\` (${v}) is ${formatDuration(last.epoch - epoch)} before \`${last.field}\`; started ≤ detected ≤ mitigated ≤ resolved must hold`,
        });
      }
      last = { field, epoch };
    }
    checkTimeline(ctx, zone, instants.get('started'), instants.get('resolved'), instants);
  },
};
