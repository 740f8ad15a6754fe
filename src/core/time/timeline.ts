/** An incident's timeline placed in time, and the durations derived from its instants. */
import { parseClock } from './clock.ts';
import { dateInZone, instantToEpoch, zonedToEpoch } from './zone.ts';

export interface ResolvedTimelineTime {
  /** Epoch ms, or undefined when the entry has no time and none precedes it. */
  epoch?: number;
  /** True when the entry had no time of its own and took the previous one. */
  inherited: boolean;
  /** True when the time could not be parsed at all. */
  invalid: boolean;
}

/**
 * Place timeline times on the calendar: times of day take the incident's start
 * date, roll over midnight when they go backwards, and untimed entries take the
 * previous entry's time.
 */
export function resolveTimeline(entries: { time?: string }[], started: string, timeZone: string): ResolvedTimelineTime[] {
  const startEpoch = instantToEpoch(started, timeZone);
  let day = startEpoch === undefined ? undefined : dateInZone(startEpoch, timeZone);
  let previous: number | undefined;
  return entries.map((entry) => {
    if (!entry.time) return { epoch: previous, inherited: true, invalid: false };
    const t = parseClock(entry.time);
    if (!t) return { epoch: previous, inherited: true, invalid: true };
    let epoch: number;
    if (t.date) {
      epoch = zonedToEpoch(t.date, t, timeZone, t.offsetMinutes);
      day = dateInZone(epoch, timeZone);
    } else {
      if (!day) return { epoch: undefined, inherited: false, invalid: true };
      epoch = zonedToEpoch(day, t, timeZone, t.offsetMinutes);
      // A time of day earlier than the previous one means the clock passed midnight.
      if (previous !== undefined && epoch < previous - 60_000) {
        epoch += 86_400_000;
        day = dateInZone(epoch, timeZone);
      }
    }
    previous = epoch;
    return { epoch, inherited: false, invalid: false };
  });
}

export interface Durations {
  /** started → detected */
  timeToDetect?: number;
  /** started → mitigated */
  timeToMitigate?: number;
  /** started → resolved */
  timeToResolve?: number;
}

/** Derived durations in ms. Never typed in by authors. */
export function incidentDurations(i: {
  started: string;
  detected?: string;
  mitigated?: string;
  resolved?: string;
  timezone: string;
}): Durations {
  const start = instantToEpoch(i.started, i.timezone);
  const since = (v?: string) => {
    if (start === undefined || !v) return undefined;
    const e = instantToEpoch(v, i.timezone);
    return e === undefined ? undefined : e - start;
  };
  return { timeToDetect: since(i.detected), timeToMitigate: since(i.mitigated), timeToResolve: since(i.resolved) };
}

const DURATION_UNITS = { en: ['d', 'h', 'm'], ko: ['일', '시간', '분'] } as const;

/** `52m`, `1h 5m`, `2d 3h`, `0m`; in Korean `52분`, `1시간 5분`, `2일 3시간`. Two largest units. */
export function formatDuration(ms: number | undefined, lang: 'en' | 'ko' = 'en'): string {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  const sign = ms < 0 ? '-' : '';
  let minutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  minutes -= days * 1440;
  const hours = Math.floor(minutes / 60);
  minutes -= hours * 60;
  const [d, h, m] = DURATION_UNITS[lang];
  const parts = [days && `${days}${d}`, hours && `${hours}${h}`, (minutes || (!days && !hours)) && `${minutes}${m}`].filter(Boolean);
  return sign + parts.slice(0, 2).join(' ');
}
