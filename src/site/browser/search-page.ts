/**
 * The search page's glue around Pagefind's Component UI: run the search the URL
 * describes, keep the URL in step with the query, filters and order (so a runbook
 * can link a saved search), and the sort control. Ranking is configured before the
 * components load (inline in search.astro); nothing here renders results.
 */
import { SEARCH_FILTERS } from '../search/record.ts';
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

declare global {
  interface Window {
    PagefindComponents?: PagefindComponents;
  }
}

export async function startSearchPage(doc: Document): Promise<void> {
  const root = doc.querySelector<HTMLElement>('[data-kb-search-page]');
  const components = doc.defaultView?.PagefindComponents;
  if (!root || !components) return;
  root.hidden = false;
  const instance = components.getInstanceManager().getInstance('default');
  const sortSelect = root.querySelector<HTMLSelectElement>('select[data-kb-sort]');

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
