import { z } from 'astro/zod';

/** `2019-02-15T16:01`, `2019-02-15 16:01:30`, optionally with `Z` or `+09:00`. */
export const LOCAL_OR_OFFSET_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `name` is an IANA time zone this runtime knows. */
const zoneValidity = new Map<string, boolean>();
export function isValidTimeZone(name: string): boolean {
  // Building an Intl.DateTimeFormat costs ~0.3 ms; check runs this for every incident.
  let valid = zoneValidity.get(name);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: name });
      valid = name.includes('/') || name === 'UTC';
    } catch {
      valid = false;
    }
    if (zoneValidity.size < 1000) zoneValidity.set(name, valid);
  }
  return valid;
}

/** A YAML date may arrive as a Date (js-yaml) or a string (yaml 1.2); keep the authored text. */
const dateToString = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
const dateTimeToString = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

export const instantString = z.preprocess(
  dateTimeToString,
  z.string().regex(LOCAL_OR_OFFSET_DATETIME, 'use "YYYY-MM-DDTHH:MM" (local to `timezone`) or add an offset like "+09:00"'),
);

export const dateString = z.preprocess(
  dateToString,
  z
    .string()
    .regex(ISO_DATE, 'use a calendar date "YYYY-MM-DD"')
    .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date'),
);

export const timeZoneName = z
  .string()
  .refine(isValidTimeZone, { message: 'not an IANA time zone name; use one like "Asia/Seoul", "Europe/Berlin" or "UTC"' });

export const slugId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes, e.g. "ssh-permission-denied"');

export const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const sectionSummarySchema = z.object({
  id: z.string().describe('Canonical section id, e.g. "timeline"; unknown headings get their slug.'),
  heading: z.string().describe('The heading as written.'),
  known: z.boolean().describe('True when the heading maps to a canonical section.'),
  empty: z.boolean().describe('True when the section holds only placeholders (-, TBD, TODO) or nothing.'),
  line: z.number().int().optional(),
});
