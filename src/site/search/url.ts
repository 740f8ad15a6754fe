/**
 * The search page's state in its URL, so that a runbook can link a saved search:
 * `/search/?q=permission+denied&severity=SEV1&severity=SEV2&type=incident&sort=date:desc`.
 * A filter may repeat (any of its values matches) or hold comma-separated values.
 */
import { SEARCH_FILTERS, type SearchFilter } from './record.ts';

export const SORT_KEYS = ['date'] as const;
export type SortDirection = 'asc' | 'desc';

export interface SearchSort {
  key: (typeof SORT_KEYS)[number];
  direction: SortDirection;
}

export interface SearchState {
  q: string;
  filters: Partial<Record<SearchFilter, string[]>>;
  /** Absent: by relevance. */
  sort?: SearchSort;
  /** Older incidents searched too (`older=1`): the archive index merged (see `search.recent_incidents`). */
  older?: boolean;
}

export function parseSearchParams(params: URLSearchParams): SearchState {
  const filters: SearchState['filters'] = {};
  for (const name of SEARCH_FILTERS) {
    const values = params
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((v) => normaliseValue(name, v))
      .filter(Boolean);
    if (values.length) filters[name] = [...new Set(values)];
  }
  const older = /^(?:1|true|yes)$/i.test(params.get('older') ?? '');
  return { q: (params.get('q') ?? '').trim(), filters, sort: parseSort(params.get('sort')), ...(older ? { older } : {}) };
}

export function parseSort(value: string | null | undefined): SearchSort | undefined {
  const [key, direction = 'desc'] = (value ?? '').trim().toLowerCase().split(':');
  if (!(SORT_KEYS as readonly string[]).includes(key ?? '')) return undefined;
  if (direction !== 'asc' && direction !== 'desc') return undefined;
  return { key: key as SearchSort['key'], direction };
}

export function formatSort(sort: SearchSort | undefined): string {
  return sort ? `${sort.key}:${sort.direction}` : '';
}

/** Canonical query string (without `?`): q, then filters in facet order, then sort, then older. */
export function searchStateToQuery(state: SearchState): string {
  const params = new URLSearchParams();
  if (state.q.trim()) params.set('q', state.q.trim());
  for (const name of SEARCH_FILTERS) for (const value of state.filters[name] ?? []) params.append(name, value);
  if (state.sort) params.set('sort', formatSort(state.sort));
  if (state.older) params.set('older', '1');
  return params.toString();
}

/** `/search/?…` for a saved search (links from runbooks, the incident page, the README). */
export function searchUrl(state: Partial<SearchState>, base = '/search/'): string {
  const query = searchStateToQuery({ q: state.q ?? '', filters: state.filters ?? {}, sort: state.sort, older: state.older });
  return query ? `${base}?${query}` : base;
}

/** Pagefind's filter object from the state: only filters with values. */
export function pagefindFilters(filters: SearchState['filters']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const name of SEARCH_FILTERS) if (filters[name]?.length) out[name] = [...filters[name]!];
  return out;
}

function normaliseValue(name: SearchFilter, value: string): string {
  const v = value.trim();
  if (name === 'severity') return v.toUpperCase();
  if (name === 'type' || name === 'status') return v.toLowerCase();
  return v;
}
