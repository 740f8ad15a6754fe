/**
 * The zone maths of `src/core/time/zone.ts` (used by the site, the timeline plugin and
 * the check's time rules) gives exactly what TZDate gives, in every zone this
 * runtime knows, on ordinary days and around the offset changes (DST, zone
 * redefinitions) of 2016–2030 in zones chosen for their odd rules.
 */
import { describe, expect, it } from 'vitest';
import { TZDate, tzScan } from '@date-fns/tz';
import { parseClock } from '../src/core/time/clock.ts';
import * as fast from '../src/core/time/zone.ts';
import { LOCAL_OR_OFFSET_DATETIME } from '../src/schema/common.ts';

type Day = { year: number; month: number; day: number };
type Clock = { hour: number; minute: number; second: number };

/** The reference: TZDate for every call. */
const slow = {
  zonedToEpoch(date: Day, t: Clock, zone: string, offsetMinutes?: number): number {
    if (offsetMinutes !== undefined)
      return Date.UTC(date.year, date.month - 1, date.day, t.hour, t.minute, t.second) - offsetMinutes * 60_000;
    return new TZDate(date.year, date.month - 1, date.day, t.hour, t.minute, t.second, zone).getTime();
  },
  dateInZone(epoch: number, zone: string): Day {
    const d = new TZDate(epoch, zone);
    return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
  },
  instantToEpoch(value: string, zone: string): number | undefined {
    if (!LOCAL_OR_OFFSET_DATETIME.test(value)) return undefined;
    const p = parseClock(value);
    return p?.date ? slow.zonedToEpoch(p.date, p, zone, p.offsetMinutes) : undefined;
  },
};

const ZONES = Intl.supportedValuesOf('timeZone');

/** A small deterministic generator, so a failure names a reproducible case. */
function random(seed: number) {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
}

describe('zone maths', () => {
  it('places wall times and finds dates as TZDate does, in every zone', () => {
    const rnd = random(7);
    const bad: unknown[] = [];
    for (const zone of ZONES) {
      for (let k = 0; k < 12; k++) {
        const date = { year: 1950 + rnd(90), month: 1 + rnd(12), day: 1 + rnd(31) };
        const t = { hour: rnd(24), minute: rnd(60), second: rnd(60) };
        const epoch = slow.zonedToEpoch(date, t, zone);
        if (!Object.is(fast.zonedToEpoch(date, t, zone), epoch)) bad.push(['zonedToEpoch', zone, date, t]);
        for (const d of [0, 3_600_000 * rnd(30), -3_600_000 * rnd(30), 86_399_000]) {
          if (JSON.stringify(fast.dateInZone(epoch + d, zone)) !== JSON.stringify(slow.dateInZone(epoch + d, zone)))
            bad.push(['dateInZone', zone, epoch + d]);
        }
        const instant = `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}T${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`;
        if (!Object.is(fast.instantToEpoch(instant, zone), slow.instantToEpoch(instant, zone))) bad.push(['instantToEpoch', zone, instant]);
      }
    }
    expect(bad).toEqual([]);
  });

  it('agrees on the days around offset changes', () => {
    const bad: unknown[] = [];
    // Zones with DST at midnight, half-hour and 30-minute shifts, negative DST, skipped days, and Korea.
    const zones = [
      'America/New_York',
      'Europe/Dublin',
      'Australia/Lord_Howe',
      'America/Santiago',
      'America/Havana',
      'America/Scoresbysund',
      'Asia/Beirut',
      'Asia/Tehran',
      'Africa/Casablanca',
      'Pacific/Apia',
      'Antarctica/Troll',
      'Asia/Seoul',
    ];
    for (const zone of zones) {
      const changes = tzScan(zone, { start: new Date('2016-01-01'), end: new Date('2030-12-31') });
      if (zone !== 'Asia/Seoul') expect(changes.length, zone).toBeGreaterThan(0);
      for (const change of changes) {
        const local = new Date(+change.date + change.offset * 60_000); // the wall clock just after the change
        for (const dayShift of [-1, 0, 1]) {
          const base = new Date(+local + dayShift * 86_400_000);
          const date = { year: base.getUTCFullYear(), month: base.getUTCMonth() + 1, day: base.getUTCDate() };
          for (const hour of dayShift === 0 ? Array.from({ length: 24 }, (_, h) => h) : [0, 12, 23]) {
            for (const minute of [0, 59]) {
              const t = { hour, minute, second: 0 };
              const epoch = slow.zonedToEpoch(date, t, zone);
              expect(Number.isFinite(epoch), `${zone} ${JSON.stringify(date)}`).toBe(true);
              if (!Object.is(fast.zonedToEpoch(date, t, zone), epoch)) bad.push(['zonedToEpoch', zone, date, t]);
              if (JSON.stringify(fast.dateInZone(epoch + 1_800_000, zone)) !== JSON.stringify(slow.dateInZone(epoch + 1_800_000, zone)))
                bad.push(['dateInZone', zone, epoch]);
            }
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps explicit offsets and impossible dates as TZDate does', () => {
    const cases: [{ year: number; month: number; day: number }, { hour: number; minute: number; second: number }, string, number?][] = [
      [{ year: 2024, month: 2, day: 31 }, { hour: 10, minute: 0, second: 0 }, 'Asia/Seoul'],
      [{ year: 2024, month: 3, day: 10 }, { hour: 2, minute: 30, second: 0 }, 'America/New_York'],
      [{ year: 2024, month: 11, day: 3 }, { hour: 1, minute: 30, second: 0 }, 'America/New_York'],
      [{ year: 2024, month: 3, day: 5 }, { hour: 14, minute: 20, second: 0 }, 'UTC', 540],
      [{ year: 50, month: 1, day: 1 }, { hour: 0, minute: 0, second: 0 }, 'Europe/Berlin'],
    ];
    for (const [date, t, zone, offset] of cases) {
      expect(fast.zonedToEpoch(date, t, zone, offset)).toBe(slow.zonedToEpoch(date, t, zone, offset));
      const epoch = slow.zonedToEpoch(date, t, zone, offset);
      fast.zonedToEpoch(date, t, zone, offset);
      expect(fast.dateInZone(epoch, zone)).toEqual(slow.dateInZone(epoch, zone));
    }
  });
});
