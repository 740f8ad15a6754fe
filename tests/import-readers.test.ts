/**
 * The importer's small readers, one shape at a time: timeline stamps, dates,
 * zones stated in words, stated metrics, action-item annotations, incident logs.
 * (tests/import-world.test.ts measures them together on whole post-mortems.)
 */
import { describe, expect, it } from 'vitest';
import { findDates, findLogStamp, withYear } from '../src/cli/import/dates.ts';
import { actionFromText } from '../src/cli/import/facts.ts';
import { incidentLog } from '../src/cli/import/log.ts';
import { durationMinutes, statedMetrics } from '../src/cli/import/metrics.ts';
import { codeOf, readStamp } from '../src/cli/import/stamp.ts';
import { seasonMismatch, zoneStatement } from '../src/cli/import/zones.ts';

describe('timeline stamps', () => {
  it.each([
    // head as written, the code span, whether the stamp is replaced, the entry's text
    ['**14:02** - Deploy starts', '14:02', true, 'Deploy starts'],
    ['**± 17:20 UTC:** Replication lag', '± 17:20 UTC', true, 'Replication lag'],
    ['23:30 UTC - Engineer on call', '23:30 UTC', true, 'Engineer on call'],
    ['16:01 PM : 장애 상황 파악', '16:01', true, '장애 상황 파악'],
    ['07:30am - First report', '07:30am', true, 'First report'],
    ['오후 3시 12분: 평촌 2센터', '15:12', true, '평촌 2센터'],
    ['午後3時 9分：データセンター', '午後3時 9分', true, 'データセンター'],
    ['18:00頃', '18:00頃', true, ''],
    ['13:55 PM PST Saturday Oct 30th: The weekly job', '13:55', false, 'The weekly job'],
    ['2024-08-21 02:00-04:30 - Search API slow', '02:00', false, 'Search API slow'],
    ['14:10 ~ 14:25 발송 워커 재시도', '14:10', false, '발송 워커 재시도'],
    ['3월 17일 오후 10시경: 내부 데몬', '22:00경', false, '내부 데몬'],
  ])('%s', (head, code, plain, text) => {
    const s = readStamp(head)!;
    expect(codeOf(s)).toBe(code);
    expect(s.plain).toBe(plain);
    expect(head.slice(s.end)).toBe(text);
  });

  it('reads a weekday and a date after the time, and an impossible 13:55 PM', () => {
    const s = readStamp('13:55 PM PST Saturday Oct 30th: x')!;
    expect(s).toMatchObject({ date: { month: 10, day: 30 }, zone: 'PST', impossibleMix: true });
    expect(codeOf(s, '2021-10-30')).toBe('2021-10-30 13:55');
  });

  it('is not a stamp: words in bold, a size, an unknown time is', () => {
    expect(readStamp('**Key events**')).toBeUndefined();
    expect(readStamp('2.4 GB of memory')).toBeUndefined();
    expect(readStamp('**14:02 and more words**')).toBeUndefined();
    expect(readStamp('**??:??** - The CDN')).toMatchObject({ unknown: true });
  });
});

describe('dates', () => {
  it('finds dates in every notation, with or without a year', () => {
    const found = (t: string) => findDates(t).map((d) => d.date);
    expect(found('On Tuesday, March 5, 2024 and 16 January 2024')).toEqual([
      { year: 2024, month: 3, day: 5 },
      { year: 2024, month: 1, day: 16 },
    ]);
    expect(found('2025년 10월 3일, 2024年2月8日, 14-03-2024, 2024/02/08')).toEqual([
      { year: 2025, month: 10, day: 3 },
      { year: 2024, month: 2, day: 8 },
      { year: 2024, month: 3, day: 14 },
      { year: 2024, month: 2, day: 8 },
    ]);
    expect(found('Oct 30th, 3월 17일, 11/04(월)')).toEqual([
      { month: 10, day: 30 },
      { month: 3, day: 17 },
      { month: 11, day: 4 },
    ]);
    expect(found('version 10.2.3, 2.4 GB, 2019-02-30')).toEqual([]);
  });

  it('gives a date without a year the document year, the year before for a December incident reviewed in January', () => {
    expect(withYear({ month: 3, day: 17 }, '2024-03-18')).toBe('2024-03-17');
    expect(withYear({ month: 12, day: 30 }, '2025-01-08')).toBe('2024-12-30');
    expect(withYear({ month: 2, day: 30 }, 2024)).toBeUndefined();
  });

  it('reads a date-time from a log line, with its zone', () => {
    expect(findLogStamp('$ date\nFri Feb 15 16:53:11 KST 2019\n')).toMatchObject({ date: '2019-02-15', time: '16:53', zone: 'KST' });
    expect(findLogStamp('[2024-11-28 03:12:45 KST] ERROR x')).toMatchObject({ date: '2024-11-28', time: '03:12', zone: 'KST' });
    expect(findLogStamp('evicted_keys:2214770')).toBeUndefined();
  });
});

describe('zones stated in words', () => {
  it.each([
    ['All times CET.', 'en', 'Europe/Berlin'],
    ['Below is the sequence (all times PST).', 'en', 'America/Los_Angeles'],
    ['Times below are IST.', 'en', 'Asia/Kolkata'],
    ['All times are US Eastern (ET).', 'en', 'America/New_York'],
    ['모든 시각은 KST 기준입니다.', 'ko', 'Asia/Seoul'],
    ['以下は日本時間（JST）です。', 'ja', 'Asia/Tokyo'],
    ['時刻はJSTで記載しています。', 'ja', 'Asia/Tokyo'],
    ['2024-11-05 14:03 ~ 15:58 (GMT+9)', 'ko', 'Asia/Seoul'],
  ] as const)('%s → %s', (text, lang, zone) => {
    expect(zoneStatement(text, { lang })?.zone).toBe(zone);
  });

  it('a timeline heading states a zone; a zone named in passing does not', () => {
    expect(zoneStatement('Timeline (PDT)', { heading: true, lang: 'en' })?.zone).toBe('America/Los_Angeles');
    expect(zoneStatement('We moved the ET team to the new office.', { lang: 'en' })).toBeUndefined();
  });

  it('notes PST written during daylight time, unless the source names both', () => {
    expect(seasonMismatch('PST', 'America/Los_Angeles', '2021-10-30')).toMatch(/on PDT/);
    expect(seasonMismatch('PST', 'America/Los_Angeles', '2021-12-01')).toBeUndefined();
    expect(seasonMismatch('PST', 'America/Los_Angeles', '2024-04-16', 'all times in PST/PDT')).toBeUndefined();
  });
});

describe('metrics the source states', () => {
  it.each([
    ['0h 55m', 55],
    ['1 hour 9 minutes', 69],
    ['17 hours 5 minutes', 1025],
    ['02:27 ~ 04:02 (95분)', 95],
    ['1시간 35분', 95],
    ['1時間45分', 105],
  ])('%s = %i minutes', (text, minutes) => {
    expect(durationMinutes(text)).toBe(minutes);
  });

  it('reads labels, and "?" as unknown', () => {
    expect(statedMetrics('- Time to detection: ?\n- Time to repair: 0h 55m\n1. Minutes downtime or degradation : 41')).toEqual([
      { measures: 'detect', minutes: null, text: 'Time to detection: ?' },
      { measures: 'resolve', minutes: 55, text: 'Time to repair: 0h 55m' },
      { measures: 'resolve', minutes: 41, text: 'Minutes downtime or degradation: 41' },
    ]);
  });
});

describe('action items in every notation', () => {
  it.each([
    [
      'https://gitlab.example.com/x/-/issues/2291 - Make it reconnect. DRI: @mtanaka, ETA 2024-03-15',
      { title: 'Make it reconnect', owner: 'mtanaka', due: '2024-03-15', ticket: 'https://gitlab.example.com/x/-/issues/2291' },
    ],
    [
      '✅ Pin the timeout — Owner: @jkoch — https://jira.example.com/browse/PAY-4405',
      { title: 'Pin the timeout', owner: 'jkoch', status: 'done' },
    ],
    ['Set a lock timeout — owner @lgarcia — https://git.example.com/7714', { title: 'Set a lock timeout', owner: 'lgarcia' }],
    ['Add the alert (in progress)', { title: 'Add the alert', status: 'in-progress' }],
    ['알 수 없는 키 ID 수신 시 즉시 재조회 (배포 완료)', { title: '알 수 없는 키 ID 수신 시 즉시 재조회', status: 'done' }],
    ['디스크 사용량 알림 추가 (담당 박지훈)', { title: '디스크 사용량 알림 추가', owner: '박지훈' }],
    ['重複排除を導入する（担当: 佐々木、期限: 2024/02/29）', { title: '重複排除を導入する', owner: '佐々木', due: '2024-02-29' }],
    ['冗長化する（2023年12月完了予定）', { status: 'open' }],
  ])('%s', (text, expected) => {
    expect(actionFromText(text)).toMatchObject(expected);
  });

  it('a struck-through item is done; a trailing ticket link text leaves the title', () => {
    expect(actionFromText('Announce it (@rvasquez)', { struck: true })).toMatchObject({ owner: 'rvasquez', status: 'done' });
    expect(
      actionFromText('Add a canary (assignee: @kim) AUTH-101', { url: 'https://j.example.com/AUTH-101', urlText: 'AUTH-101' }),
    ).toEqual({
      title: 'Add a canary',
      kind: 'detect',
      owner: 'kim',
      status: 'open',
      ticket: 'https://j.example.com/AUTH-101',
    });
  });
});

describe('incident logs', () => {
  it('finds one entry per dated heading, and the year for dates without one', () => {
    const log = incidentLog(
      '# Weekly report (2024년 11월)\n\nIntro.\n\n#### 1. 11/04(월) Search slow\n\nx\n\n#### 2. 11/06(수) Login down\n\ny\n',
    );
    expect(log?.entries.map((e) => [e.title, e.date, e.body])).toEqual([
      ['Search slow', '2024-11-04', 'x'],
      ['Login down', '2024-11-06', 'y'],
    ]);
    expect(log?.intro).toBe('Intro.');
  });

  it('is not a log: one dated heading, or day headings inside a timeline', () => {
    expect(incidentLog('# X\n\n## 2024-01-09 — One incident\n\ntext\n')).toBeUndefined();
    expect(incidentLog('# X\n\n## Timeline\n\n### 2024-04-16\n\n- 10:00 a\n\n### 2024-04-17\n\n- 09:00 b\n')).toBeUndefined();
  });
});
