/**
 * The search page's two indexes as one (`src/site/search/tiers.ts`), when the page
 * searches the older incidents too (`src/site/browser/search-page.ts`), and the
 * `older=1` URL state. The browser side is in tests/e2e/search.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { needsEveryIncident, safeUrl } from '../src/site/browser/search-page.ts';
import type { PagefindResponse, PagefindResult, SearchOptions } from '../src/site/search/engine.ts';
import { bothIndexes, sumFacets, type Facets, type PagefindIndex } from '../src/site/search/tiers.ts';
import { parseSearchParams, searchUrl } from '../src/site/search/url.ts';

const result = (id: string, score: number): PagefindResult => ({ id, score, data: async () => ({ url: `/${id}/`, meta: {} }) });

/** An index that answers every search with `results` (in its own order) and counts `facets`. */
function index(results: PagefindResult[], facets: Facets): PagefindIndex & { asked: (SearchOptions | undefined)[] } {
  const asked: (SearchOptions | undefined)[] = [];
  return {
    asked,
    search: async (_term, options) => {
      asked.push(options);
      return { results, unfilteredResultCount: results.length, filters: facets, totalFilters: facets } satisfies PagefindResponse;
    },
    filters: async () => facets,
  };
}

describe('both indexes', () => {
  const first = index([result('new-a', 3), result('new-b', 1)], { severity: { SEV1: 1, SEV2: 1 } });
  const archive = index([result('old-a', 2), result('old-b', 0.5)], { severity: { SEV2: 2 }, year: { '2019': 2 } });
  const both = bothIndexes(first, archive);

  it('merges by score for relevance', async () => {
    const r = await both.search('ssh');
    expect(r?.results.map((x) => x.id)).toEqual(['new-a', 'old-a', 'new-b', 'old-b']);
    expect(r?.unfilteredResultCount).toBe(4);
  });

  it('keeps the order by date: the first index (newer) first for newest first, the archive first for oldest first', async () => {
    expect((await both.search('ssh', { sort: { date: 'desc' } }))?.results.map((x) => x.id)).toEqual(['new-a', 'new-b', 'old-a', 'old-b']);
    expect((await both.search('ssh', { sort: { date: 'asc' } }))?.results.map((x) => x.id)).toEqual(['old-a', 'old-b', 'new-a', 'new-b']);
    expect(archive.asked.at(-1)).toEqual({ sort: { date: 'asc' } });
  });

  it('adds up the facet counts of both', async () => {
    expect(await both.filters()).toEqual({ severity: { SEV1: 1, SEV2: 3 }, year: { '2019': 2 } });
    expect((await both.search(null, { filters: { severity: ['SEV2'] } }))?.filters).toEqual({
      severity: { SEV1: 1, SEV2: 3 },
      year: { '2019': 2 },
    });
    expect(sumFacets(undefined, { a: { x: 1 } })).toEqual({ a: { x: 1 } });
  });
});

describe('when the page searches the older incidents too', () => {
  const state = (query: string) => parseSearchParams(new URLSearchParams(query));
  it('for listings, orders by date and years the archive holds; not for words alone', () => {
    expect(needsEveryIncident(state('q=ssh'), 2023)).toBe(false);
    expect(needsEveryIncident(state('q=ssh&severity=SEV1'), 2023)).toBe(false);
    expect(needsEveryIncident(state('severity=SEV1'), 2023)).toBe(true);
    expect(needsEveryIncident(state('q=ssh&sort=date:asc'), 2023)).toBe(true);
    expect(needsEveryIncident(state('q=ssh&year=2023'), 2023)).toBe(true);
    expect(needsEveryIncident(state('q=ssh&year=2024'), 2023)).toBe(false);
  });

  it('says so in the URL: older=1', () => {
    expect(state('q=ssh&older=1').older).toBe(true);
    expect(state('q=ssh&older=0').older).toBeUndefined();
    expect(searchUrl({ q: 'ssh', older: true })).toBe('/search/?q=ssh&older=1');
    expect(searchUrl({ q: 'ssh', older: false })).toBe('/search/?q=ssh');
  });
});

describe('result links', () => {
  it('are the site’s paths or web addresses, never script', () => {
    expect(safeUrl('/incidents/INC-2019-001/#timeline')).toBe('/incidents/INC-2019-001/#timeline');
    expect(safeUrl('https://example.com/x')).toBe('https://example.com/x');
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl(' javascript:alert(1)')).toBe('#');
    expect(safeUrl('//evil.example/')).toBe('#');
    expect(safeUrl('data:text/html,x')).toBe('#');
  });
});
