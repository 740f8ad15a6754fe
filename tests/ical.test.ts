/** The iCalendar writer (src/site/ical.ts) and the output gate's reading of what it writes. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { scanOutput } from '../src/build/output-gate.ts';
import { escapeText, foldLine, renderCalendar } from '../src/site/ical.ts';
import { k } from './helpers/secrets.ts';

describe('RFC 5545 text', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets, never inside a UTF-8 character, and unfolds to the same line', () => {
    for (const line of ['x'.repeat(200), `SUMMARY:${'결제 지연 '.repeat(30)}`, `A:${'é'.repeat(100)}🙂${'z'.repeat(80)}`]) {
      const folded = foldLine(line);
      for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(75);
      expect(folded.replace(/\r\n /g, '')).toBe(line);
      expect(folded).not.toContain('\ufffd');
    }
  });

  it('round-trips through ical.js', () => {
    const summary = `Ünïcode, commas; semicolons \\ and\nnew lines ${'long '.repeat(30)}`;
    const text = renderCalendar({
      prodId: '-//t//t//EN',
      name: 'T',
      stamp: '2025-01-02',
      events: [{ uid: 'u1@example.com', date: '2025-02-28', summary, categories: ['a,b', 'c'] }],
    });
    const event = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!;
    expect(event.getFirstPropertyValue('summary')).toBe(summary);
    expect(String(event.getFirstPropertyValue('dtend'))).toBe('2025-03-01');
    expect(event.getFirstProperty('categories')!.getValues()).toEqual(['a,b', 'c']);
  });
});

it('the output gate sees a secret that folding split across lines', () => {
  const token = `ghp_${k(36)}`;
  const text = renderCalendar({
    prodId: '-//t//t//EN',
    name: 'T',
    stamp: '2025-01-02',
    events: [{ uid: 'u', date: '2025-01-03', summary: `${'x'.repeat(60)} ${token}` }],
  });
  expect(text).not.toContain(token); // folded
  const dir = mkdtempSync(join(tmpdir(), 'kb-gate-ics-'));
  writeFileSync(join(dir, 'action-items.ics'), text);
  expect(scanOutput(dir).map((l) => l.ruleId)).toContain('secrets/github-token');
});
