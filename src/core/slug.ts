import { romanize } from 'es-hangul';

/**
 * Readable ASCII slug from a title in any mix of Korean and English.
 * Hangul is romanised (Revised Romanization, via es-hangul); other scripts
 * that can't be romanised are dropped. Never returns an empty or all-dash slug:
 * callers get `fallback` instead.
 */
export function slugify(title: string, { maxLength = 60, fallback = 'incident' } = {}): string {
  const romanised = title.normalize('NFC').replace(/[\uAC00-\uD7A3]+/g, (hangul) => ` ${romanize(hangul)} `);
  const ascii = romanised
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  let slug = ascii.slice(0, maxLength).replace(/-+[^-]*$/, (tail) => (ascii.length > maxLength ? '' : tail));
  slug = slug.replace(/^-+|-+$/g, '');
  return slug || fallback;
}

/** True for a slug the user typed that is safe as a file name and URL part. */
export function isValidSlug(slug: string): boolean {
  return /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug);
}
