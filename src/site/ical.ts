/**
 * An RFC 5545 iCalendar writer, just what a feed of all-day events needs:
 * TEXT escaping (`\`, `;`, `,`, line breaks), lines folded at 75 octets
 * without splitting a UTF-8 character, CRLF line ends.
 */

export interface CalendarEvent {
  /** Globally unique and stable: a calendar replaces the event with the same UID on refresh. */
  uid: string;
  /** `YYYY-MM-DD`: an all-day event on that date. */
  date: string;
  summary: string;
  description?: string;
  url?: string;
  categories?: string[];
}

export interface Calendar {
  /** `-//org//product//EN` */
  prodId: string;
  name: string;
  /** `YYYY-MM-DD`: every event's DTSTAMP, so the same content gives the same file (reproducible builds). */
  stamp: string;
  events: CalendarEvent[];
}

/** TEXT value escaping (RFC 5545 3.3.11). */
export function escapeText(s: string): string {
  return s
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Fold a content line into lines of at most 75 octets, continuation lines starting with a space (3.1). */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const n = Buffer.byteLength(ch);
    // The first line holds 75 octets; a continuation line 74 after its leading space.
    if (octets + n > (out.length ? 74 : 75)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += n;
  }
  out.push(current);
  return out.join('\r\n ');
}

const day = (date: string) => date.replace(/-/g, '');
const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export function renderCalendar(cal: Calendar): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${cal.prodId}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(cal.name)}`,
  ];
  for (const e of cal.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${day(cal.stamp)}T000000Z`,
      `DTSTART;VALUE=DATE:${day(e.date)}`,
      `DTEND;VALUE=DATE:${day(nextDay(e.date))}`,
      `SUMMARY:${escapeText(e.summary)}`,
    );
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.url) lines.push(`URL:${e.url}`);
    if (e.categories?.length) lines.push(`CATEGORIES:${e.categories.map(escapeText).join(',')}`);
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}
