/**
 * The search page (`/search/`): a small UI of our own over Pagefind's API. It runs
 * our search (`search/engine.ts`: the playbook index first, Korean normalised, log
 * noise dropped), renders the results, the facets and the order, and keeps the URL
 * in step so that a runbook can link a saved search.
 *
 * Two indexes (`search.recent_incidents`, `search/tiers.ts`): the first holds every
 * playbook and the newest incidents; the archive (older incidents) is searched too
 * when the reader asks ("Also search the older incidents", `older=1`), when a search
 * finds no incident, and for what needs every incident: listings (filters without
 * words), date orders, an old year. A first search so costs the first index only.
 *
 * Everything shown is built as text (`textContent`); the only markup taken from the
 * index is Pagefind's `<mark>` in excerpts, rebuilt element by element.
 */
import { createSearch, type PagefindResult, type PagefindResultData, type Ranked, type SearchOptions } from '../search/engine.ts';
import { unpackPlaybookIndex, type PackedPlaybookIndex, type PlaybookIndex } from '../search/playbooks.ts';
import { SEARCH_RANKING, type SearchFilter } from '../search/record.ts';
import { bothIndexes, type Facets, type PagefindIndex } from '../search/tiers.ts';
import { formatSort, pagefindFilters, parseSearchParams, parseSort, searchUrl, type SearchState } from '../search/url.ts';

type PagefindModule = { createInstance(options: Record<string, unknown>): PagefindIndex };

declare global {
  interface Window {
    /** The page's own search, ranked as the page shows it (for the benchmark and the browser tests). */
    kbSearch?: (query: string, options?: SearchOptions) => Promise<PagefindResultData[]>;
  }
}

/** The words the page says, in the site's language (`search.astro`). */
interface Messages {
  incident: string;
  playbook: string;
  results: string;
  one: string;
  none: string;
  listed: string;
  all: string;
  failed: string;
}

/** Results shown at once, and per "More results": their fragments are what a search downloads besides the index. */
export const PAGE_SIZE = 5;
/** Sections shown under a result. */
const SECTIONS = 3;
const DEBOUNCE_MS = 150;
/** Results `kbSearch` returns (the first page of results, and a little more). */
const KB_SEARCH_RESULTS = 10;

/** The search of a site with nothing published yet (Pagefind throws on an index of nothing). */
const NOTHING_INDEXED: PagefindIndex = {
  search: async () => ({ results: [], unfilteredResultCount: 0, filters: {}, totalFilters: {} }),
  filters: async () => ({}),
};

/**
 * A Pagefind instance of the bundle at `path`: without a worker (one file less; a search takes
 * milliseconds), and without loading every filter chunk up front (the facet counts) until the
 * facets are used. Each bundle's own `pagefind.js`, so each instance has its own wasm.
 */
async function loadIndex(path: string): Promise<PagefindIndex> {
  const module = (await import(/* @vite-ignore */ `${path}pagefind.js`)) as PagefindModule;
  return module.createInstance({ basePath: path, ranking: SEARCH_RANKING, noWorker: true });
}

export async function startSearchPage(doc: Document): Promise<void> {
  const root = doc.querySelector<HTMLElement>('[data-kb-search-page]');
  const win = doc.defaultView;
  if (!root || !win) return;
  const $ = <T extends Element>(selector: string) => root.querySelector<T>(selector);
  const parts = {
    input: $<HTMLInputElement>('input[data-kb-q]'),
    form: $<HTMLFormElement>('form[data-kb-search-form]'),
    summary: $<HTMLElement>('[data-kb-summary]'),
    list: $<HTMLOListElement>('[data-kb-results]'),
    more: $<HTMLButtonElement>('[data-kb-more]'),
    sortSelect: $<HTMLSelectElement>('select[data-kb-sort]'),
  };
  if (Object.values(parts).some((el) => !el)) return;
  const { input, form, summary, list, more, sortSelect } = parts as { [K in keyof typeof parts]: NonNullable<(typeof parts)[K]> };
  const olderEnd = $<HTMLButtonElement>('[data-kb-older-end]');
  root.hidden = false;
  const say = JSON.parse(root.dataset.kbMessages ?? '{}') as Messages;
  const bundle = root.dataset.kbBundle ?? '/pagefind/';
  const archive = root.dataset.kbArchive;
  const archiveYear = Number((root.dataset.kbArchiveBefore ?? '').slice(0, 4)) || 0;

  const state: SearchState = parseSearchParams(new URLSearchParams(doc.location.search));
  input.value = state.q;
  sortSelect.value = formatSort(state.sort);

  let pagefind: PagefindIndex = NOTHING_INDEXED;
  try {
    if (root.dataset.kbNothingIndexed === undefined) pagefind = await loadIndex(bundle);
  } catch {
    summary.textContent = say.failed;
    return;
  }
  const indexUrl = root.dataset.kbPlaybookIndex ?? '/search/playbooks.json';
  let playbookIndex: Promise<PlaybookIndex> | undefined;
  const playbooks = () =>
    (playbookIndex ??= fetch(indexUrl)
      .then((r) => r.json() as Promise<PackedPlaybookIndex>)
      .then(unpackPlaybookIndex));
  let search = createSearch(pagefind, playbooks);
  win.kbSearch = async (query, options) => {
    const r = await search(query, options);
    return Promise.all((r?.results ?? []).slice(0, KB_SEARCH_RESULTS).map((x) => x.data()));
  };

  // The archive, loaded once; then every search (and the facet counts) covers both indexes.
  let older: Promise<void> | undefined;
  let facets: Promise<Facets> | undefined;
  const includeOlder = () =>
    (older ??= archive
      ? loadIndex(archive).then(
          (index) => {
            pagefind = bothIndexes(pagefind, index);
            search = createSearch(pagefind, playbooks);
            facets = undefined;
          },
          (error: unknown) => {
            older = undefined; // the next search tries again
            throw error;
          },
        )
      : Promise.resolve());
  const loadFacets = () => (facets ??= pagefind.filters().catch((): Facets => ({})));
  const showScope = () => {
    const scope = $<HTMLElement>('[data-kb-scope]');
    if (!scope || !state.older) return;
    scope.replaceChildren(say.all);
  };

  // One search at a time on screen: a later one makes an earlier one's answer stale.
  let current = 0;
  let results: PagefindResult[] = [];
  let shown = 0;
  let counts: Facets = {};

  /** One search, its results on screen; `aria-busy` on the list until the latest one is (screen readers wait; so do tests). */
  async function run(): Promise<void> {
    const mine = ++current;
    list.setAttribute('aria-busy', 'true');
    try {
      await runOnce(mine);
    } finally {
      if (mine === current) list.removeAttribute('aria-busy');
    }
  }

  async function runOnce(mine: number): Promise<void> {
    const q = state.q.trim();
    const filters = pagefindFilters(state.filters);
    if (!asksSomething(state)) {
      results = [];
      list.replaceChildren();
      summary.textContent = '';
      showMore();
      return;
    }
    try {
      if (archive && !state.older && needsEveryIncident(state, archiveYear)) olderOn();
      if (state.older) await includeOlder();
      const options: SearchOptions = { filters, sort: state.sort ? { [state.sort.key]: state.sort.direction } : {} };
      const r: Ranked | null = await search(q || null, options);
      if (mine !== current) return;
      results = r?.results ?? [];
      counts = r?.filters ?? {};
      shown = 0;
      const { items: first, incidents } = await pageOf(results, 0);
      if (mine !== current) return;
      // No incident among the newest ones (a page of results or less, and none of them an incident): the older incidents may have it.
      if (archive && !state.older && results.length < PAGE_SIZE && !incidents) {
        olderOn();
        return runOnce(mine);
      }
      summary.textContent = summaryText(q, results.length);
      list.replaceChildren(...first);
      shown = first.length;
      showMore();
      refreshOpenFacet();
    } catch {
      if (mine === current) summary.textContent = say.failed;
    }
  }

  function summaryText(q: string, n: number): string {
    const count = n.toLocaleString(doc.documentElement.lang || 'en');
    if (!q) return say.listed.replace('{n}', count);
    return (n === 0 ? say.none : n === 1 ? say.one : say.results).replace('{q}', q).replace('{n}', count);
  }

  /** The result items of one page of results (their fragments fetched at once: one round trip), and how many are incidents. */
  async function pageOf(all: PagefindResult[], from: number): Promise<{ items: HTMLLIElement[]; incidents: number }> {
    const data = (await Promise.all(all.slice(from, from + PAGE_SIZE).map((r) => r.data().catch(() => undefined)))).filter(
      (d): d is PagefindResultData => d !== undefined,
    );
    return { items: data.map((d) => resultItem(doc, d, say)), incidents: data.filter((d) => d.meta?.type === 'incident').length };
  }

  /** "More results" while there are more; after the last, the older incidents (if not searched yet). */
  function showMore(): void {
    more.hidden = shown >= results.length;
    if (olderEnd) olderEnd.hidden = !more.hidden || !!state.older || !results.length;
  }

  function olderOn(): void {
    state.older = true;
    showScope();
    syncUrl();
  }

  function syncUrl(): void {
    win!.history.replaceState(null, '', searchUrl(state, doc.location.pathname));
  }

  // Typing: search once the typing pauses (and not mid-composition: Hangul is composed key by key).
  let timer: ReturnType<typeof setTimeout> | undefined;
  const typed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (input.value.trim() === state.q.trim()) return;
      state.q = input.value;
      syncUrl();
      void run();
    }, DEBOUNCE_MS);
  };
  input.addEventListener('input', (event) => {
    if (!(event as InputEvent).isComposing) typed();
  });
  input.addEventListener('compositionend', typed);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(timer);
    state.q = input.value;
    syncUrl();
    void run();
  });

  more.addEventListener('click', async () => {
    const mine = current;
    const { items: next } = await pageOf(results, shown);
    if (mine !== current) return;
    list.append(...next);
    next[0]?.querySelector<HTMLAnchorElement>('a')?.focus();
    shown += next.length;
    showMore();
  });

  // "Also search the older incidents" above the results, and "More results from older incidents" after the last of them.
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-kb-older]'))
    button.addEventListener('click', () => {
      olderOn();
      input.focus();
      void run();
    });

  sortSelect.addEventListener('change', () => {
    state.sort = parseSort(sortSelect.value);
    syncUrl();
    void run();
  });

  // Arrow keys: from the field into the results, and between the results' links; Escape back to the field.
  input.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown') return;
    const first = list.querySelector<HTMLAnchorElement>('a');
    if (!first) return;
    event.preventDefault();
    first.focus();
  });
  list.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      input.focus();
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = [...list.querySelectorAll<HTMLAnchorElement>('a')];
    const at = links.indexOf(doc.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    event.preventDefault();
    const to = at + (event.key === 'ArrowDown' ? 1 : -1);
    if (to < 0) input.focus();
    else links[Math.min(to, links.length - 1)]?.focus();
  });

  // The facets: one dropdown per filter, filled when first opened (or when the URL chose values).
  const dropdowns = [...root.querySelectorAll<HTMLDetailsElement>('details[data-kb-filter]')];
  const nameOf = (d: HTMLDetailsElement) => d.dataset.kbFilter as SearchFilter;
  async function fillFacet(details: HTMLDetailsElement): Promise<void> {
    const name = nameOf(details);
    const totals: Record<string, number> = (await loadFacets())[name] ?? {};
    const chosen = state.filters[name] ?? [];
    const values = sortValues(name, [...new Set([...Object.keys(totals), ...chosen])]);
    const box = details.querySelector('[data-kb-filter-options]');
    if (!box) return;
    const searched = asksSomething(state);
    // Options are updated in place (their counts change with every search), so the one in focus keeps it.
    const existing = new Map([...box.querySelectorAll<HTMLLabelElement>('label[data-value]')].map((l) => [l.dataset.value!, l]));
    const labels = values.map((value) => {
      let label = existing.get(value);
      if (!label) {
        label = doc.createElement('label');
        label.dataset.value = value;
        const check = doc.createElement('input');
        check.type = 'checkbox';
        check.value = value;
        label.append(check, text(doc, 'span', '', value), text(doc, 'span', 'kb-filter__count'));
      }
      label.querySelector('input')!.checked = chosen.includes(value);
      // The counts within the current results once the filters are loaded (Pagefind counts only loaded filters), else the totals.
      label.querySelector('.kb-filter__count')!.textContent = String(
        searched && counts[name] ? (counts[name][value] ?? 0) : (totals[value] ?? 0),
      );
      return label;
    });
    for (const [value, label] of existing) if (!values.includes(value)) label.remove();
    // Moving a node takes its focus away: only when the values changed.
    const now = [...box.querySelectorAll('label[data-value]')];
    if (now.length !== labels.length || now.some((l, i) => l !== labels[i])) box.append(...labels);
  }
  function showChosen(details: HTMLDetailsElement): void {
    const chosen = state.filters[nameOf(details)] ?? [];
    const slot = details.querySelector('[data-kb-filter-chosen]');
    if (slot) slot.textContent = chosen.length > 2 ? String(chosen.length) : chosen.join(', ');
  }
  function refreshOpenFacet(): void {
    for (const details of dropdowns) if (details.open) void fillFacet(details);
  }
  for (const details of dropdowns) {
    showChosen(details);
    details.addEventListener('toggle', () => {
      if (!details.open) return;
      for (const other of dropdowns) if (other !== details) other.open = false;
      void fillFacet(details);
    });
    details.addEventListener('change', (event) => {
      const box = event.target as HTMLInputElement;
      const name = nameOf(details);
      const chosen = new Set(state.filters[name] ?? []);
      if (box.checked) chosen.add(box.value);
      else chosen.delete(box.value);
      state.filters[name] = [...chosen];
      if (!chosen.size) delete state.filters[name];
      showChosen(details);
      syncUrl();
      void run();
    });
    details.addEventListener('keydown', (event) => {
      if (event.key !== 'Escape' || !details.open) return;
      details.open = false;
      details.querySelector('summary')?.focus();
    });
  }
  doc.addEventListener('click', (event) => {
    for (const details of dropdowns) if (details.open && !details.contains(event.target as Node)) details.open = false;
  });

  showScope();
  if (asksSomething(state)) await run();
  else input.focus();
}

/**
 * Whether a search needs every incident, not only the newest: a listing (filters, no
 * words), an order by date (the oldest first is in the archive), or a year that the
 * archive holds.
 */
export function needsEveryIncident(state: SearchState, archiveYear: number): boolean {
  if (state.sort) return true;
  if (!state.q.trim() && filtered(state)) return true;
  return (state.filters.year ?? []).some((y) => Number(y) <= archiveYear);
}

/** A filter with a value chosen. */
function filtered(state: SearchState): boolean {
  return Object.keys(pagefindFilters(state.filters)).length > 0;
}

/** Words or a filter: something to search (or list); nothing shows for neither. */
function asksSomething(state: SearchState): boolean {
  return state.q.trim() !== '' || filtered(state);
}

/** Facet values in the order a reader looks for them: years newest first, the rest by name (numbers naturally). */
function sortValues(name: SearchFilter, values: string[]): string[] {
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return values.sort((a, b) => (name === 'year' ? collator.compare(b, a) : collator.compare(a, b)));
}

/** One result: its kind, id, severity and date, the title linking to the page, its summary, and up to three sections. */
export function resultItem(doc: Document, d: PagefindResultData, say: Pick<Messages, 'incident' | 'playbook'>): HTMLLIElement {
  const meta = d.meta ?? {};
  const item = doc.createElement('li');
  item.className = 'kb-result';
  const card = text(doc, 'div', 'kb-result__card');
  const facts = text(doc, 'p', 'kb-result__facts');
  if (meta.type === 'incident' || meta.type === 'playbook')
    facts.append(text(doc, 'span', `kb-result__type kb-result__type--${meta.type}`, say[meta.type]));
  if (meta.id) facts.append(text(doc, 'span', 'kb-result__id', meta.id));
  if (meta.severity) facts.append(text(doc, 'span', `badge badge--${meta.severity.toLowerCase()} kb-result__severity`, meta.severity));
  if (meta.date) {
    const time = text(doc, 'time', 'kb-result__date', meta.date) as HTMLTimeElement;
    time.dateTime = meta.date;
    facts.append(time);
  }
  if (facts.childNodes.length) card.append(facts);
  const title = text(doc, 'p', 'kb-result__title');
  const link = text(doc, 'a', 'kb-result__link', meta.title || d.url) as HTMLAnchorElement;
  link.href = safeUrl(d.url);
  title.append(link);
  card.append(title);
  if (meta.summary) card.append(text(doc, 'p', 'kb-result__summary', truncate(meta.summary, 320)));
  item.append(card);
  const sections = sectionsOf(d);
  if (sections.length) {
    const ul = text(doc, 'ul', 'kb-result__sections');
    for (const s of sections) {
      const li = doc.createElement('li');
      const a = text(doc, 'a', 'kb-result__section', s.title) as HTMLAnchorElement;
      a.href = safeUrl(s.url);
      const excerpt = text(doc, 'p', 'kb-result__excerpt');
      excerpt.append(...marked(doc, s.excerpt ?? ''));
      li.append(a, excerpt);
      ul.append(li);
    }
    item.append(ul);
  }
  return item;
}

interface SubResult {
  title: string;
  url: string;
  excerpt?: string;
  locations?: number[];
}

/** The sections that matched, without the page itself: the three with the most matches, in page order. */
function sectionsOf(d: PagefindResultData): SubResult[] {
  const page = d.url.split('#')[0];
  const subs = ((d.sub_results ?? []) as SubResult[]).filter(
    (s) => s && typeof s.url === 'string' && s.url.includes('#') && s.url.split('#')[0] === page,
  );
  if (subs.length <= SECTIONS) return subs;
  const top = new Set([...subs].sort((a, b) => (b.locations?.length ?? 0) - (a.locations?.length ?? 0)).slice(0, SECTIONS));
  return subs.filter((s) => top.has(s));
}

/** Pagefind's excerpt (escaped text with `<mark>`s) as nodes: text, and `mark` elements; any other markup is shown as text. */
export function marked(doc: Document, html: string): Node[] {
  const nodes: Node[] = [];
  let marking = false;
  for (const part of html.split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marking = true;
    else if (part === '</mark>') marking = false;
    else if (part) nodes.push(marking ? text(doc, 'mark', '', decode(doc, part)) : doc.createTextNode(decode(doc, part)));
  }
  return nodes;
}

/** Entities decoded, without creating elements (a textarea parses its content as text). */
function decode(doc: Document, escaped: string): string {
  if (!escaped.includes('&')) return escaped;
  const area = doc.createElement('textarea');
  area.innerHTML = escaped;
  return area.value;
}

/** Only the site's own paths and web addresses: a result link never runs script. */
export function safeUrl(url: string): string {
  return /^(?:\/(?!\/)|https?:\/\/)/i.test(url) ? url : '#';
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

function text(doc: Document, tag: string, className: string, content?: string): HTMLElement {
  const el = doc.createElement(tag);
  if (className) el.className = className;
  if (content !== undefined) el.textContent = content;
  return el;
}
