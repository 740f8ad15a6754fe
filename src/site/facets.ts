import { slugify } from '../core/slug.ts';

/**
 * URL slugs for free-form facet values (tags, services, owners): readable ASCII,
 * Korean romanised, unique within the facet (`db`, `db-2` when two values
 * slugify alike). Sorted input gives stable slugs across builds.
 */
export function facetSlugs(values: Iterable<string>, fallback = 'value'): Map<string, string> {
  const sorted = [...new Set(values)].sort((a, b) => a.localeCompare(b));
  const map = new Map<string, string>();
  const taken = new Set<string>();
  for (const v of sorted) {
    const base = slugify(v, { fallback });
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    taken.add(slug);
    map.set(v, slug);
  }
  return map;
}

/**
 * A value as a token for a `data-*` filter attribute: whitespace becomes `-`,
 * so a multi-valued attribute is a space-separated token list. The browser
 * filter normalises URL parameters the same way (and compares case-insensitively).
 */
export function filterToken(value: string): string {
  return value.trim().replace(/\s+/g, '-');
}

export function filterTokens(values: Iterable<string>): string {
  return [...new Set([...values].map(filterToken))].join(' ');
}

/** Values with their counts, most used first, then alphabetical. */
export function countValues(lists: Iterable<readonly string[]>): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const list of lists) for (const v of new Set(list)) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
