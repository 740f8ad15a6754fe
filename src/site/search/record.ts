/**
 * What the search index knows about one incident or playbook beyond its page text:
 * Pagefind filters (the facets), sort keys, and metadata: what a result shows, plus
 * the searchable fields that rank above body text (error strings) or help it
 * (extra Korean terms). Pure: `PagefindMeta.astro`
 * renders it as `data-pagefind-*` markup; tests check it directly.
 */
import { errorLines } from '../../core/errors.ts';
import { koreanSearchTerms } from '../../core/korean.ts';

/** Filter names, in the order the search page shows them. */
export const SEARCH_FILTERS = ['type', 'severity', 'service', 'tag', 'status', 'category', 'year'] as const;
export type SearchFilter = (typeof SEARCH_FILTERS)[number];

/**
 * Ranking, passed to Pagefind in the browser. Pagefind searches metadata too, and
 * weighs a match in a metadata field by `metaWeights` (the title 5x by default).
 * Measured on the seed content: a hidden `data-pagefind-weight="10"` block of
 * symptoms did not lift the playbook above the incident (3.2 vs 4.0 for the full
 * `Permission denied (…)` string; the incident has the error in its title), while
 * a `symptoms` metadata field weighted 10 does (12.0 vs 6.2). So error strings go
 * in metadata: `symptoms` (playbooks), `errors` (incident log lines that report an
 * error), and `terms` (extra Korean terms, light: they are variants of page words).
 */
export const SEARCH_RANKING = {
  metaWeights: { title: 5, symptoms: 10, errors: 3, terms: 0.5 },
} as const;

export interface SearchRecord {
  filters: Partial<Record<SearchFilter, string[]>>;
  /** Result data and searchable fields (see `SEARCH_RANKING`); empty values left out. */
  meta: Record<string, string>;
  sort: Record<string, string>;
}

interface IncidentLike {
  id: string;
  title: string;
  summary: string;
  severity: string;
  status: string;
  started: string;
  services?: string[];
  tags?: string[];
  root_cause?: { category?: string };
}

interface PlaybookLike {
  id: string;
  title: string;
  summary?: string;
  symptoms?: string[];
  services?: string[];
  tags?: string[];
  last_reviewed: string;
}

export function searchRecord(kind: 'incident', data: IncidentLike, body?: string): SearchRecord;
export function searchRecord(kind: 'playbook', data: PlaybookLike, body?: string): SearchRecord;
export function searchRecord(kind: 'incident' | 'playbook', data: IncidentLike | PlaybookLike, body = ''): SearchRecord {
  if (kind === 'incident') {
    const d = data as IncidentLike;
    const date = d.started.slice(0, 10);
    return {
      filters: compact({
        type: ['incident'],
        severity: [d.severity],
        service: d.services,
        tag: d.tags,
        status: [d.status],
        category: d.root_cause?.category ? [d.root_cause.category] : [],
        year: [date.slice(0, 4)],
      }),
      meta: compactMeta({
        title: d.title,
        id: d.id,
        type: 'incident',
        severity: d.severity,
        date,
        summary: d.summary,
        errors: errorLines(body).join('\n'),
        terms: koreanSearchTerms(textOf(data, body)).join(' '),
      }),
      sort: { date },
    };
  }
  const d = data as PlaybookLike;
  return {
    filters: compact({ type: ['playbook'], service: d.services, tag: d.tags }),
    meta: compactMeta({
      title: d.title,
      id: d.id,
      type: 'playbook',
      date: d.last_reviewed,
      summary: d.summary,
      symptoms: [...new Set(d.symptoms ?? [])].join('\n'),
      terms: koreanSearchTerms(textOf(data, body)).join(' '),
    }),
    sort: { date: d.last_reviewed },
  };
}

/** Every string in the frontmatter data, plus the body: the text the page shows. */
function textOf(data: unknown, body: string): string {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(data);
  parts.push(body);
  return parts.join('\n');
}

function compact(filters: Partial<Record<SearchFilter, string[] | undefined>>): SearchRecord['filters'] {
  const out: SearchRecord['filters'] = {};
  for (const name of SEARCH_FILTERS) {
    const values = [...new Set((filters[name] ?? []).map((v) => v.trim()).filter(Boolean))];
    if (values.length) out[name] = values;
  }
  return out;
}

function compactMeta(meta: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(meta).filter((e): e is [string, string] => Boolean(e[1])));
}
