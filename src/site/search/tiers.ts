/**
 * The search page's two Pagefind indexes as one (`search.recent_incidents`): the first
 * holds every playbook and the newest incidents, the archive the older incidents.
 *
 * Each is its own Pagefind instance. Pagefind's `mergeIndex` would load the archive
 * into the first instance, but it orders the merged results by score even when a
 * search asks for an order by date. Here, by relevance the results are merged by
 * score (as `mergeIndex` does); by date, one index's results follow the other's:
 * every archived incident started before every incident of the first index.
 */
import type { PagefindLike, PagefindResponse, SearchOptions } from './engine.ts';

export type Facets = Record<string, Record<string, number>>;

export interface PagefindIndex extends PagefindLike {
  filters(): Promise<Facets>;
}

export function bothIndexes(first: PagefindIndex, archive: PagefindIndex): PagefindIndex {
  return {
    async search(term: string | null, options: SearchOptions = {}): Promise<PagefindResponse | null> {
      const [a, b] = await Promise.all([first.search(term, options), archive.search(term, options)]);
      if (!a || !b) return a ?? b;
      const direction = Object.values(options.sort ?? {})[0];
      const results = !direction
        ? [...a.results, ...b.results].sort((x, y) => y.score - x.score)
        : direction === 'asc'
          ? [...b.results, ...a.results]
          : [...a.results, ...b.results];
      return {
        ...a,
        results,
        unfilteredResultCount: (a.unfilteredResultCount ?? 0) + (b.unfilteredResultCount ?? 0),
        filters: sumFacets(a.filters, b.filters),
        totalFilters: sumFacets(a.totalFilters, b.totalFilters),
      };
    },
    async filters(): Promise<Facets> {
      const [a, b] = await Promise.all([first.filters(), archive.filters()]);
      return sumFacets(a, b);
    },
  };
}

/** Facet counts of both indexes, added value by value. */
export function sumFacets(...all: (Facets | undefined)[]): Facets {
  const out: Facets = {};
  for (const facets of all)
    for (const [name, values] of Object.entries(facets ?? {})) {
      const into = (out[name] ??= {});
      for (const [value, count] of Object.entries(values)) into[value] = (into[value] ?? 0) + count;
    }
  return out;
}
