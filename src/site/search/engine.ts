/**
 * The search the search page runs (and the benchmark measures, through
 * `window.kbSearch`): one module that turns a query into ranked results.
 *
 *  1. The query is normalised the way the index is (`searchTerms`: Korean
 *     stems, no stop words or log noise), so `인증서가 만료됨` and `인증서 만료`
 *     search the same words, and a pasted log line loads few index chunks.
 *  2. Pagefind searches those words. It returns only pages that have every
 *     word; when that leaves fewer than a page of results (a paraphrase, a log
 *     line), each word is searched alone (its index chunk is already loaded)
 *     and pages rank by how many, and how rare, of the words they have.
 *  3. The playbook index (`playbooks.ts`) is searched too, and the playbooks
 *     whose symptom the query contains or is part of (or, failing that, whose
 *     words cover the query) go first, ahead of the incidents that quote the
 *     same words. A playbook already among the first results moves up; one
 *     that Pagefind did not find is shown from the playbook index.
 * Pure apart from the two things it is given: a Pagefind instance and a
 * loader for the playbook index.
 */
import { matchPlaybooks, type PlaybookIndex, type PlaybookMatch } from './playbooks.ts';
import { searchTerms } from './query.ts';

/** The parts of a Pagefind 1.6 instance and its results that the search uses. */
export interface PagefindResultData {
  url: string;
  meta: Record<string, string>;
  excerpt?: string;
  sub_results?: unknown[];
  [key: string]: unknown;
}
export interface PagefindResult {
  id: string;
  score: number;
  words?: number[];
  data(): Promise<PagefindResultData>;
}
export interface PagefindResponse {
  results: PagefindResult[];
  unfilteredResultCount?: number;
  filters?: Record<string, Record<string, number>>;
  totalFilters?: Record<string, Record<string, number>>;
  [key: string]: unknown;
}
export interface SearchOptions {
  filters?: Record<string, string[]>;
  sort?: Record<string, string>;
}
export interface PagefindLike {
  search(term: string | null, options?: SearchOptions): Promise<PagefindResponse | null>;
}

/** Playbooks put ahead of everything else, at most. */
export const MAX_PLAYBOOKS_FIRST = 3;
/** Results whose pages are loaded to find a playbook already among them: the first page of results, which is shown anyway. */
export const CHECKED_RESULTS = 5;
/** Fewer results than this for all the words: rank by some of the words too. */
export const RELAX_BELOW = 10;

export interface Ranked extends PagefindResponse {
  /** The playbooks the playbook index put first, and why. */
  playbooks: PlaybookMatch[];
  /** The words searched. */
  terms: string[];
}

export function createSearch(pagefind: PagefindLike, loadIndex: () => Promise<PlaybookIndex>) {
  let index: Promise<PlaybookIndex> | undefined;
  const playbookIndex = () => (index ??= loadIndex().catch(() => ({ version: 1 as const, symptoms: [], words: [], playbooks: [] })));

  return async function search(query: string | null, options: SearchOptions = {}): Promise<Ranked | null> {
    const raw = (query ?? '').trim();
    // A listing (filters, no words) or an order other than relevance: Pagefind as it is.
    if (!raw || Object.keys(options.sort ?? {}).length) {
      const r = await pagefind.search(raw ? searchText(raw) : query, options);
      return r && { ...r, playbooks: [], terms: [] };
    }
    const terms = searchTerms(raw);
    const text = terms.length ? terms.join(' ') : raw;
    const [first, idx] = await Promise.all([pagefind.search(text, options), playbookIndex()]);
    if (!first) return null;
    let results = first.results;
    if (results.length < RELAX_BELOW && terms.length > 1) {
      const each = await Promise.all(terms.map((t) => pagefind.search(t, options)));
      results = relaxed(
        results,
        each.map((r) => r?.results ?? []),
      );
    }
    const matches = playbooksAllowed(options.filters) ? matchPlaybooks(raw, idx) : [];
    // Symptom and strong word matches go first; a weak word match (one word) is offered second, once.
    const strong = matches.filter((m) => m.strength >= 0.5).slice(0, MAX_PLAYBOOKS_FIRST);
    const playbooks = strong.length ? strong : matches.slice(0, 1);
    const at = strong.length ? 0 : 1;
    return { ...first, results: playbooks.length ? await playbooksAt(at, playbooks, results) : results, playbooks, terms };
  };
}

/** The query as searched: its terms, or the query itself when normalising leaves nothing. */
function searchText(raw: string): string {
  const terms = searchTerms(raw);
  return terms.length ? terms.join(' ') : raw;
}

/** Playbooks carry only the type, service and tag filters; any other filter (or type=incident) rules them out. */
function playbooksAllowed(filters: Record<string, string[]> = {}): boolean {
  return Object.entries(filters).every(([name, values]) => !values.length || (name === 'type' && values.includes('playbook')));
}

/**
 * Pages with every word first (in Pagefind's order), then pages with some of
 * them: by the sum, over the words they have, of the word's rarity (fewer
 * pages have it) times how well the page matches it (Pagefind's score).
 */
export function relaxed(all: PagefindResult[], perWord: PagefindResult[][]): PagefindResult[] {
  const seen = new Set(all.map((r) => r.id));
  const scores = new Map<string, { result: PagefindResult; score: number; words: number }>();
  for (const results of perWord) {
    if (!results.length) continue;
    const rarity = 1 / Math.log2(2 + results.length);
    const top = Math.max(...results.map((r) => r.score)) || 1;
    for (const r of results) {
      if (seen.has(r.id)) continue;
      const entry = scores.get(r.id) ?? { result: r, score: 0, words: 0 };
      entry.score += rarity * (0.5 + (0.5 * r.score) / top);
      entry.words++;
      scores.set(r.id, entry);
    }
  }
  const rest = [...scores.values()].sort((a, b) => b.score - a.score || b.words - a.words || a.result.id.localeCompare(b.result.id));
  return [...all, ...rest.map((e) => e.result)];
}

/**
 * The matched playbooks at position `at` (0: first). The first `CHECKED_RESULTS`
 * results are loaded (the page shows them anyway; one round trip) to find the
 * playbooks among them and take them out of their place; a playbook not among
 * them is shown from the playbook index (title, and the symptom that matched).
 */
async function playbooksAt(at: number, playbooks: PlaybookMatch[], results: PagefindResult[]): Promise<PagefindResult[]> {
  const head = results.slice(0, CHECKED_RESULTS);
  const data = await Promise.all(head.map((r) => r.data().catch(() => undefined)));
  const byUrl = new Map<string, PagefindResult>();
  head.forEach((r, i) => {
    const url = data[i]?.url;
    if (url) byUrl.set(url, r);
  });
  const lifted = playbooks.map((p) => byUrl.get(p.url) ?? fromIndex(p));
  const taken = new Set(lifted);
  const rest = results.filter((r) => !taken.has(r));
  return [...rest.slice(0, at), ...lifted, ...rest.slice(at)];
}

function fromIndex(p: PlaybookMatch): PagefindResult {
  const data: PagefindResultData = {
    url: p.url,
    raw_url: p.url,
    content: '',
    word_count: 0,
    filters: { type: ['playbook'] },
    meta: { title: p.title, id: p.id, type: 'playbook', ...(p.symptom ? { summary: p.symptom } : {}) },
    anchors: [],
    excerpt: '',
    sub_results: [],
    locations: [],
    weighted_locations: [],
  };
  return { id: `playbook:${p.id}`, score: Number.POSITIVE_INFINITY, words: [], data: async () => data };
}
