import { z } from 'astro/zod';

/**
 * For a process that validates a handful of files and exits (the pre-commit
 * hook): zod compiles a fast path for each object schema the first time it
 * parses with it (`new Function`), which costs more than it saves on a few
 * files (~10 ms). The results are the same either way (the whole check of
 * every fixture and a 300-incident corpus was compared both ways).
 */
export function validateWithoutCompiling(): void {
  z.config({ jitless: true });
}

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
    // Date.parse takes 2024-02-30 (as 1 March): a real date reads back as itself.
    .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date'),
);

export const timeZoneName = z
  .string()
  .refine(isValidTimeZone, { message: 'not an IANA time zone name; use one like "Asia/Seoul", "Europe/Berlin" or "UTC"' });

export const slugId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lowercase letters, digits and dashes, e.g. "ssh-permission-denied"');

/**
 * A link that is safe to put in `href`: `http:`, `https:`, `mailto:` or a
 * relative URL (`/incidents/…`, `../x`, `#timeline`). `javascript:`, `data:`,
 * `vbscript:` and every other scheme run code or smuggle content on click.
 */
export function isSafeUrl(value: string): boolean {
  // Browsers ignore ASCII whitespace and control characters inside a scheme: `java\tscript:` still runs.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what a browser strips from a scheme
  const squeezed = value.replace(/[\u0000-\u0020\u007f]+/g, '');
  const scheme = squeezed.match(/^([a-zA-Z][a-zA-Z0-9+.-]*):/)?.[1]?.toLowerCase();
  if (scheme === undefined) return !squeezed.startsWith('\\') && value.trim() !== '';
  return scheme === 'http' || scheme === 'https' || scheme === 'mailto';
}

export const safeUrl = z.string().trim().min(1, 'must not be empty').refine(isSafeUrl, {
  message: 'use an http:, https: or mailto: URL, or a relative one; other schemes (javascript:, data:, …) are refused',
});

/** Where a ticket lives: its full URL (http, https, mailto) or a path on this site; not a bare id like `OPS-1`. */
export const ticketUrl = safeUrl.refine((v) => !isSafeUrl(v) || /^(?:https?:\/\/|mailto:|\/)/i.test(v), {
  message: "use the ticket's full URL (https://…), a mailto: address, or a /path on this site",
});

/** An absolute web address (the site's base URL, an edit-link prefix). */
export const webUrl = z
  .string()
  .url()
  .refine((v) => /^https?:\/\//i.test(v), { message: 'use an http: or https: URL' });

/**
 * An old id or slug that gets a redirect page at `/incidents/<alias>/` and
 * `/i/<alias>/`: it must be a usable folder name on every system.
 */
export const aliasName = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'at most 100 characters (it becomes a folder name)')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a folder name must not hold control characters (NUL crashed the build)
  .refine((v) => !/[\u0000-\u001f\u007f/\\?#%<>:"|*]/.test(v), {
    message: 'use letters, digits, dashes, dots and underscores only: no slash, control character or ?#%<>:"|*',
  })
  .refine((v) => !/^\.{1,2}$/.test(v) && !/^index(\.html?)?$/i.test(v) && !/\.html?$/i.test(v), {
    message: 'reserved: ".", "..", "index" and names ending in .html cannot be URLs of their own',
  })
  .refine((v) => v === v.trim(), { message: 'no spaces at the start or end' });

export const nonEmpty = z.string().trim().min(1, 'must not be empty');

export const sectionSummarySchema = z.object({
  id: z.string().describe('Canonical section id, e.g. "timeline"; unknown headings get their slug.'),
  heading: z.string().describe('The heading as written.'),
  known: z.boolean().describe('True when the heading maps to a canonical section.'),
  empty: z.boolean().describe('True when the section holds only placeholders (-, TBD, TODO) or nothing.'),
  line: z.number().int().optional(),
});

/** Which edition an entry is published in: `internal` (the company's site only) or `public` (both). */
export const VISIBILITIES = ['internal', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export const visibilityField = z
  .enum(VISIBILITIES)
  .optional()
  .describe(
    'internal: only the internal edition publishes it. public: the public edition (KB_EDITION=public) publishes it too, without its <!-- internal --> blocks and internal fields. Default: editions.default_visibility in kb.config.yaml (internal).',
  );

export const publicOverrideField = z
  .object({
    title: nonEmpty.optional().describe('The title the public edition shows instead of `title`.'),
    summary: nonEmpty.optional().describe('The summary the public edition shows instead of `summary`.'),
  })
  .strict()
  .optional()
  .describe('Wording for the public edition where the internal title or summary must not go out.');
