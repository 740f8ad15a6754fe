/**
 * When an incident started, as typed by a tired human: `now`, `30m ago`,
 * `03:10` (today, or yesterday when that is still to come), `2024-03-05 14:02`,
 * `2024-03-05T14:02+09:00`, `오후 3시 10분`, `2시간 전`. Resolved to an instant,
 * then written back as the wall-clock time in the incident's zone.
 */
import { dateInZone, localDateTime, zonedToEpoch } from '../../core/time/zone.ts';
import { parseClock } from '../../core/time/clock.ts';

const MINUTE = 60_000;
const UNITS: Record<string, number> = { m: MINUTE, h: 60 * MINUTE, d: 1440 * MINUTE, 분: MINUTE, 시간: 60 * MINUTE, 일: 1440 * MINUTE };

export const STARTED_FORMATS = '"now", "30m ago", "HH:MM" (today), "YYYY-MM-DD HH:MM", or with an offset like "2024-03-05T14:02+09:00"';

export type StartedResult = { epoch: number } | { error: string };

/** The instant `input` names, read in `timeZone`; `now` is the current time in ms. */
export function parseStarted(input: string | undefined, timeZone: string, now: number): StartedResult {
  const text = (input ?? '').trim();
  const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
  if (text === '' || /^(now|지금)$/i.test(text)) return { epoch: floorMinute(now) };

  const relative =
    text.match(/^(\d+)\s*(m|h|d)(?:in|ins|inutes?|ours?|rs?|ays?)?\s+ago$/i) ??
    text.match(/^-\s*(\d+)\s*(m|h|d)$/i) ??
    text.match(/^(\d+)\s*(분|시간|일)\s*전$/u);
  if (relative) return { epoch: floorMinute(now - Number(relative[1]) * UNITS[relative[2].toLowerCase()]) };

  const t = parseClock(text);
  if (!t) return { error: `cannot read the start time "${text}"; use ${STARTED_FORMATS}` };
  let epoch: number;
  if (t.date) {
    const { year, month, day } = t.date;
    const probe = new Date(Date.UTC(year, month - 1, day));
    if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) {
      return { error: `"${text}" is not a real date` };
    }
    epoch = zonedToEpoch(t.date, t, timeZone, t.offsetMinutes);
  } else {
    // A time of day means today; at 03:00, "23:40" means last night.
    epoch = zonedToEpoch(dateInZone(now, timeZone), t, timeZone, t.offsetMinutes);
    if (epoch > now + MINUTE) epoch -= 1440 * MINUTE;
  }
  if (epoch > now + 5 * MINUTE) {
    return { error: `the start time "${text}" is in the future (now is ${localDateTime(now, timeZone).replace('T', ' ')} ${timeZone})` };
  }
  return { epoch };
}
