/**
 * The search page's glue around Pagefind's Component UI: hand the components our
 * search (`search/engine.ts`: the playbook index first, Korean normalised, log
 * noise dropped) instead of Pagefind's own, run the search the URL describes,
 * keep the URL in step with the query, filters and order (so a runbook can link a
 * saved search), and the sort control. Nothing here renders results.
 */
import { createSearch, type PagefindLike, type PagefindResultData, type SearchOptions } from '../search/engine.ts';
import type { PlaybookIndex } from '../search/playbooks.ts';
import { SEARCH_FILTERS, SEARCH_RANKING } from '../search/record.ts';
import { formatSort, pagefindFilters, parseSearchParams, parseSort, searchUrl, type SearchSort } from '../search/url.ts';

/** The part of the Component UI's instance this page uses (pagefind-component-ui.js, 1.6). */
interface PagefindInstance {
  /** Empty queries list everything (filtered); what `<pagefind-config faceted>` sets. */
  faceted: boolean;
  searchTerm: string;
  searchFilters: Record<string, string[]>;
  searchSort: Record<string, 'asc' | 'desc'>;
  triggerLoad(): Promise<void>;
  triggerSearchWithFilters(term: string, filters: Record<string, string[]>): void;
  on(event: 'search', callback: (term: string, filters?: Record<string, string[]>) => void, owner?: object): void;
  on(event: 'results', callback: (result: { results: unknown[] }) => void, owner?: object): void;
}

interface PagefindComponents {
  getInstanceManager(): { getInstance(name?: string): PagefindInstance };
}

/** What the Component UI calls on the Pagefind instance it holds (1.6: `search` and `filters`), and how it is told of facets. */
interface ComponentInternals {
  __pagefind__: { search: PagefindLike['search']; filters(): Promise<Record<string, Record<string, number>>> } | null;
  availableFilters: unknown;
  totalFilters: unknown;
  __dispatch__(event: 'filters', value: { available: unknown; total: unknown }): void;
}

type PagefindModule = {
  createInstance(options: Record<string, unknown>): PagefindLike & { filters(): Promise<Record<string, Record<string, number>>> };
};

declare global {
  interface Window {
    PagefindComponents?: PagefindComponents;
    /** The page's own search, ranked as the page shows it (for the benchmark and the browser tests). */
    kbSearch?: (query: string, options?: SearchOptions) => Promise<PagefindResultData[]>;
  }
}

/** The search of a site with nothing published yet. */
const NOTHING_INDEXED: ReturnType<PagefindModule['createInstance']> = {
  search: async () => ({ results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} }),
  filters: async () => ({}),
};

/** Results `kbSearch` returns (the first page of results, and a little more). */
const KB_SEARCH_RESULTS = 10;

export async function startSearchPage(doc: Document): Promise<void> {
  const root = doc.querySelector<HTMLElement>('[data-kb-search-page]');
  const components = doc.defaultView?.PagefindComponents;
  if (!root || !components) return;
  root.hidden = false;
  const instance = components.getInstanceManager().getInstance('default');
  const sortSelect = root.querySelector<HTMLSelectElement>('select[data-kb-sort]');
  const bundlePath = root.querySelector('pagefind-config')?.getAttribute('bundle-path') ?? '/pagefind/';
  const indexUrl = root.dataset.kbPlaybookIndex ?? '/search/playbooks.json';

  // Our Pagefind instance, given to the components before they load their own. Without a
  // worker (one file less; a search takes milliseconds), and without loading every filter
  // chunk up front (the facet counts: ~200 KB at 10,000 incidents) until the facets are used.
  // An index of nothing (no page published yet) has no language, and Pagefind throws on it: answer "no results" here.
  const pagefind =
    root.dataset.kbNothingIndexed === undefined
      ? ((await import(/* @vite-ignore */ `${bundlePath}pagefind.js`)) as PagefindModule).createInstance({
          basePath: bundlePath,
          ranking: SEARCH_RANKING,
          noWorker: true,
        })
      : NOTHING_INDEXED;
  const search = createSearch(pagefind, async () => (await fetch(indexUrl)).json() as Promise<PlaybookIndex>);
  const internals = instance as unknown as ComponentInternals;
  internals.__pagefind__ = { search, filters: () => pagefind.filters() };
  doc.defaultView!.kbSearch = async (query, options) => {
    const r = await search(query, options);
    return Promise.all((r?.results ?? []).slice(0, KB_SEARCH_RESULTS).map((x) => x.data()));
  };
  let facets: Promise<void> | undefined;
  const loadFacets = () =>
    (facets ??= pagefind.filters().then((available) => {
      internals.availableFilters = available;
      internals.totalFilters = available;
      internals.__dispatch__('filters', { available, total: available });
    }));
  const controls = root.querySelector('.kb-search__controls');
  for (const event of ['pointerdown', 'focusin', 'keydown']) controls?.addEventListener(event, () => void loadFacets(), { once: true });

  const state = parseSearchParams(new URLSearchParams(doc.location.search));
  let sort: SearchSort | undefined = state.sort;
  applySort(instance, sort);
  if (sortSelect) sortSelect.value = formatSort(sort);

  // Load first, then turn on faceted mode (an empty query lists everything that
  // matches the filters): set before loading, Pagefind would run an empty search of
  // its own on load, fetching fragments for a listing nobody asked for and racing
  // the query from the URL.
  await instance.triggerLoad();
  instance.faceted = true;
  const filters = pagefindFilters(state.filters);
  // A saved search with filters shows them chosen: their values are needed at once.
  if (Object.keys(filters).length) void loadFacets();
  if (state.q || Object.keys(filters).length) instance.triggerSearchWithFilters(state.q, filters);

  instance.on('search', (term, filters = {}) => {
    const url = searchUrl({ q: term, filters: pickFilters(filters), sort }, doc.location.pathname);
    doc.defaultView?.history.replaceState(null, '', url);
  });

  sortSelect?.addEventListener('change', () => {
    sort = parseSort(sortSelect.value);
    applySort(instance, sort);
    instance.triggerSearchWithFilters(instance.searchTerm, instance.searchFilters);
  });

  if (!state.q) root.querySelector<HTMLInputElement>('pagefind-input input')?.focus();
}

function applySort(instance: PagefindInstance, sort: SearchSort | undefined): void {
  instance.searchSort = sort ? { [sort.key]: sort.direction } : {};
}

function pickFilters(filters: Record<string, string[]>): Partial<Record<(typeof SEARCH_FILTERS)[number], string[]>> {
  const out: Partial<Record<(typeof SEARCH_FILTERS)[number], string[]>> = {};
  for (const name of SEARCH_FILTERS) if (filters[name]?.length) out[name] = filters[name];
  return out;
}
