import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { TZDate } from '@date-fns/tz';
import { formatDuration, incidentDurations, resolveTimeline } from '../src/core/time/timeline.ts';
import { instantToEpoch, isoInZone } from '../src/core/time/zone.ts';
import { parseClock } from '../src/core/time/clock.ts';

describe('parseClock', () => {
  it.each([
    ['16:01', 16, 1],
    ['16:01 PM', 16, 1],
    ['4:01 PM', 16, 1],
    ['12:30 AM', 0, 30],
    ['오후 4시 1분', 16, 1],
    ['오전 9시', 9, 0],
    ['14시 32분', 14, 32],
    ['2024-03-05 14:20 KST', 14, 20],
    ['午後3時 9分', 15, 9],
    ['22時40分', 22, 40],
    ['오전 2:27', 2, 27],
  ])('%s', (text, hour, minute) => {
    expect(parseClock(text)).toMatchObject({ hour, minute });
  });
  it.each([
    ['± 17:20 UTC', 17, 20],
    ['~09:00', 9, 0],
    ['18:00頃', 18, 0],
    ['오후 10시경', 22, 0],
    ['2024-03-17 22:00경', 22, 0],
  ])('%s is approximate', (text, hour, minute) => {
    expect(parseClock(text)).toMatchObject({ hour, minute, approximate: true });
  });
  it.each(['25:00', '16:61', 'ssh -vv', '', 'soon'])('rejects %j', (text) => {
    expect(parseClock(text)).toBeUndefined();
  });
});

describe('instants and durations', () => {
  it('reads a local time in the incident zone', () => {
    expect(new Date(instantToEpoch('2019-02-15T16:01', 'Asia/Seoul')!).toISOString()).toBe('2019-02-15T07:01:00.000Z');
    expect(new Date(instantToEpoch('2019-02-15T16:01+00:00', 'Asia/Seoul')!).toISOString()).toBe('2019-02-15T16:01:00.000Z');
  });
  it('derives time to detect, mitigate and resolve', () => {
    const d = incidentDurations({
      started: '2024-03-05T14:02',
      detected: '2024-03-05T14:09',
      mitigated: '2024-03-05T14:40',
      resolved: '2024-03-05T16:10',
      timezone: 'Europe/Berlin',
    });
    expect([d.timeToDetect, d.timeToMitigate, d.timeToResolve].map((ms) => formatDuration(ms))).toEqual(['7m', '38m', '2h 8m']);
  });
  it('handles a DST change inside the incident', () => {
    // Europe/Berlin springs forward at 02:00 on 2024-03-31.
    const d = incidentDurations({ started: '2024-03-31T01:30', resolved: '2024-03-31T03:30', timezone: 'Europe/Berlin' });
    expect(d.timeToResolve).toBe(60 * 60_000);
  });
  it('places times of day on the start date and rolls over midnight', () => {
    const r = resolveTimeline([{ time: '23:50' }, {}, { time: '00:10' }], '2019-02-15T23:40', 'Asia/Seoul');
    expect(r.map((x) => x.epoch && isoInZone(x.epoch, 'Asia/Seoul'))).toEqual([
      '2019-02-15T23:50:00.000+09:00',
      '2019-02-15T23:50:00.000+09:00',
      '2019-02-16T00:10:00.000+09:00',
    ]);
    expect(r[1].inherited).toBe(true);
  });
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0m');
    expect(formatDuration(3 * 86_400_000 + 2 * 3_600_000 + 5 * 60_000)).toBe('3d 2h');
    expect(formatDuration(undefined)).toBe('—');
  });
});

describe('formatDuration in Korean', () => {
  it('uses Korean units', () => {
    expect(formatDuration(65 * 60_000, 'ko')).toBe('1시간 5분');
    expect(formatDuration(0, 'ko')).toBe('0분');
  });
});

describe('isoInZone', () => {
  it('prints the offset of the zone at that instant', () => {
    expect(isoInZone(Date.UTC(2024, 2, 31, 0, 30), 'Europe/Berlin')).toBe('2024-03-31T01:30:00.000+01:00');
    expect(isoInZone(Date.UTC(2024, 2, 31, 1, 30), 'Europe/Berlin')).toBe('2024-03-31T03:30:00.000+02:00');
    expect(isoInZone(Date.UTC(2024, 0, 1, 12), 'America/St_Johns')).toBe('2024-01-01T08:30:00.000-03:30');
    expect(isoInZone(Date.UTC(2024, 0, 1, 12), 'UTC')).toBe('2024-01-01T12:00:00.000+00:00');
  });
  it("is TZDate's toISOString, in every zone, at any instant (historical second offsets included)", () => {
    const zones = [
      'Asia/Seoul',
      'Asia/Kolkata',
      'Europe/Berlin',
      'Europe/Amsterdam',
      'America/St_Johns',
      'America/New_York',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Asia/Kathmandu',
      'Africa/Monrovia',
      'UTC',
      '+05:30',
      '-03:00',
    ];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: Date.UTC(1850, 0, 1), max: Date.UTC(2100, 0, 1) }), (zone, epoch) => {
        expect(isoInZone(epoch, zone)).toBe(new TZDate(epoch, zone).toISOString());
      }),
      { numRuns: 3000 },
    );
  });
});
