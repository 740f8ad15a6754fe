/**
 * The action items where people plan, in a real build: /action-items.ics and
 * one calendar per owner read back by ical.js, /action-items.csv by csv-parse,
 * /api/action-items.json; drafts nowhere, "overdue" relative to the build date.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import ICAL from 'ical.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { buildSite, type BuiltSite } from './helpers/site.ts';

let site: BuiltSite;
beforeAll(async () => {
  site = await buildSite('tests/fixtures/site-team', 'site-team', { KB_BUILD_DATE: '2025-06-15' });
}, 180_000);

const LONG = 'Roll flags out by percentage; never 0 → 100%, even for "safe" changes, and alert on the error-rate delta per cohort';
const ESCAPES = 'Serializer contract test, with a comma, a semicolon; and a backslash \\ in it';

function events(ics: string) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return { cal, events: cal.getAllSubcomponents('vevent') };
}

describe('/action-items.ics', () => {
  it('is RFC 5545 text: CRLF lines of at most 75 octets, VERSION and PRODID, parsed by ical.js', () => {
    const ics = site.read('action-items.ics');
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare line ends
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line), line).toBeLessThanOrEqual(75);
    const { cal } = events(ics);
    expect(cal.getFirstPropertyValue('version')).toBe('2.0');
    expect(cal.getFirstPropertyValue('prodid')).toBe('-//incident-kb//action items//EN');
  });

  it('holds the open published items with a due date, as all-day events with stable UIDs and the build date as DTSTAMP', () => {
    const { events: list } = events(site.read('action-items.ics'));
    const byTitle = new Map(list.map((e) => [String(e.getFirstPropertyValue('summary')), e]));
    expect([...byTitle.keys()].sort()).toEqual(
      [
        `OVERDUE: ${LONG} (INC-2025-003)`,
        "OVERDUE: Pin the broker's prefetch in config (INC-2025-004)",
        `${ESCAPES} (INC-2025-003)`,
      ].sort(),
    );
    for (const e of list) {
      const start = e.getFirstProperty('dtstart')!;
      expect(start.type).toBe('date');
      expect(e.getFirstPropertyValue('uid')).toMatch(/^[0-9a-f]{16}@kb\.example\.com$/);
      expect(String(e.getFirstPropertyValue('dtstamp'))).toBe('2025-06-15T00:00:00Z');
      expect(e.getFirstPropertyValue('url')).toMatch(/^https:\/\/kb\.example\.com\/incidents\/INC-2025-00[34]\/#action-items$/);
    }
    const escaped = byTitle.get(`${ESCAPES} (INC-2025-003)`)!;
    expect(String(escaped.getFirstPropertyValue('dtstart'))).toBe('2025-07-15');
    expect(String(escaped.getFirstPropertyValue('description'))).toContain(
      'Owner: 김민수\nKind: detect. Status: in-progress.\nTicket: https://tracker.example.com/OPS-301',
    );
    expect(escaped.getFirstProperty('categories')!.getValues()).toEqual(['detect', 'SEV2']);
  });

  it('keeps the UIDs when a build date changes (only the overdue marks and DTSTAMP move)', async () => {
    const later = await buildSite('tests/fixtures/site-team', 'site-team-later', { KB_BUILD_DATE: '2025-05-01' });
    const uids = (ics: string) =>
      events(ics)
        .events.map((e) => e.getFirstPropertyValue('uid'))
        .sort();
    expect(uids(later.read('action-items.ics'))).toEqual(uids(site.read('action-items.ics')));
    expect(later.read('action-items.ics')).not.toContain('OVERDUE');
  });

  it('one calendar per owner, at the owner page’s slug, linked from that page', () => {
    const sre = events(site.read('action-items/owner/sre-team.ics')).events;
    expect(sre.map((e) => e.getFirstPropertyValue('summary'))).toEqual([`OVERDUE: ${LONG} (INC-2025-003)`]);
    expect(events(site.read('action-items/owner/gimminsu.ics')).events).toHaveLength(1);
    expect(events(site.read('action-items/owner/unassigned.ics')).events).toHaveLength(0); // open but no due date
    expect(site.read('action-items/owner/sre-team/index.html')).toContain('href="/action-items/owner/sre-team.ics"');
    const tracker = site.read('action-items/index.html');
    expect(tracker).toContain('href="/action-items.ics"');
    expect(tracker).toContain('href="/action-items.csv"');
  });
});

describe('/action-items.csv and /api/action-items.json', () => {
  it('the CSV parses back to every published item, ticket links included', () => {
    const rows = parseCsv(site.read('action-items.csv'), { columns: true, bom: false }) as Record<string, string>[];
    expect(rows.map((r) => r.title).sort()).toEqual(
      [LONG, ESCAPES, "Pin the broker's prefetch in config", 'Dashboard for consumer lag', 'Document the flag runbook'].sort(),
    );
    const ticketed = rows.find((r) => r.title === ESCAPES)!;
    expect(ticketed).toMatchObject({ incident: 'INC-2025-003', owner: '김민수', status: 'in-progress', due: '2025-07-15', overdue: 'no' });
    expect(ticketed.ticket).toBe('https://tracker.example.com/OPS-301');
    expect(rows.find((r) => r.title === LONG)!.overdue).toBe('yes');
  });

  it('the JSON has the same items with their UIDs, owner slugs and the build date', () => {
    const json = site.json<{
      generated: string;
      severities: string[];
      items: { uid: string; title: string; owner_slug?: string; overdue: boolean }[];
    }>('api/action-items.json');
    expect(json.generated).toBe('2025-06-15');
    expect(json.items).toHaveLength(5);
    const uids = events(site.read('action-items.ics')).events.map((e) => e.getFirstPropertyValue('uid'));
    for (const uid of uids) expect(json.items.map((i) => i.uid)).toContain(uid);
    expect(json.items.find((i) => i.title === ESCAPES)?.owner_slug).toBe('gimminsu');
  });

  it('drafts appear in none of them', () => {
    for (const file of ['action-items.ics', 'action-items.csv', 'api/action-items.json', 'action-items/owner/sre-team.ics'])
      expect(site.read(file), file).not.toContain('Draft-only follow-up');
  });
});
