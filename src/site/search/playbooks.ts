/**
 * The playbook index: a small file (`/search/playbooks.json`) that the search
 * page loads with Pagefind and searches first, because the on-call question is
 * "which playbook?" and a full-text index ranks the many incidents that quote
 * an error above the one playbook that lists it.
 *
 * For each playbook it holds the symptom strings, the title, how many
 * incidents used it, and its *words*: the topic words of its own title and
 * tags and of the titles of the incidents that used it, in both languages, so
 * a Korean query finds an English playbook through the Korean incidents that
 * used it. A query matches a playbook
 *  - by symptom, when the query contains one of its symptoms (a pasted log
 *    line) or is contained in one (part of an error), word for word;
 *  - by words, when most of the query's known words are the playbook's words.
 * Pure: built in `src/pages/search/playbooks.json.ts`, matched in the browser
 * (`search-engine.ts`) and in tests.
 */
import { similarityWords } from '../../core/similar.ts';
import { equivalents, saysTerm } from '../../core/glossary.ts';
import { koreanStem } from '../../core/korean.ts';
import { queryWords } from './query.ts';

/** What `/search/playbooks.json` holds: strings once, referenced by position. */
export interface PlaybookIndex {
  version: 1;
  symptoms: string[];
  words: string[];
  /** [id, url, title, symptom positions, incidents that used it, word positions] */
  playbooks: [string, string, string, number[], number, number[]][];
}

export interface PlaybookSource {
  id: string;
  url: string;
  title: string;
  symptoms: readonly string[];
  tags?: readonly string[];
  /** Titles of the incidents that used the playbook. */
  incidentTitles: readonly string[];
}

/** Words kept per playbook from its incidents' titles. */
const MAX_WORDS = 24;

/** Build the index. Incident words are kept when a tenth of the playbook's incidents (and at least two) use them. */
export function buildPlaybookIndex(sources: readonly PlaybookSource[]): PlaybookIndex {
  const symptoms = new Map<string, number>();
  const words = new Map<string, number>();
  const at = (map: Map<string, number>, value: string) => {
    let i = map.get(value);
    if (i === undefined) map.set(value, (i = map.size));
    return i;
  };
  const playbooks = sources.map((p): PlaybookIndex['playbooks'][number] => {
    const counts = new Map<string, number>();
    for (const title of p.incidentTitles) for (const w of similarityWords(title)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const min = Math.max(2, p.incidentTitles.length / 10);
    const fromIncidents = [...counts]
      .filter(([, n]) => n >= min)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_WORDS)
      .map(([w]) => w);
    const own = similarityWords([p.title, ...(p.tags ?? [])].join(' '));
    const all = [...new Set([...own, ...fromIncidents])].sort();
    return [
      p.id,
      p.url,
      p.title,
      [...new Set(p.symptoms)].map((s) => at(symptoms, s)),
      p.incidentTitles.length,
      all.map((w) => at(words, w)),
    ];
  });
  return { version: 1, symptoms: [...symptoms.keys()], words: [...words.keys()], playbooks };
}

/**
 * `/search/playbooks.json` as sent: the index without what the browser can work out, 18% smaller
 * gzipped at 400 playbooks (15.7 KB to 13.0 KB), since a first search fetches it. Each playbook's URL
 * is `base` + id + `/`, and its word positions are sorted and stored as differences (small numbers).
 */
export interface PackedPlaybookIndex {
  version: 2;
  base: string;
  symptoms: string[];
  words: string[];
  /** [id, title, symptom positions, incidents that used it, word positions as differences] */
  playbooks: [string, string, number[], number, number[]][];
}

export function packPlaybookIndex(index: PlaybookIndex, base: string): PackedPlaybookIndex {
  return {
    version: 2,
    base,
    symptoms: index.symptoms,
    words: index.words,
    playbooks: index.playbooks.map(([id, url, title, symptoms, uses, words]) => {
      if (url !== `${base}${id}/`) throw new Error(`playbook ${id}: its URL ${url} is not ${base}${id}/`);
      const sorted = [...words].sort((a, b) => a - b);
      return [id, title, symptoms, uses, sorted.map((w, i) => (i ? w - sorted[i - 1]! : w))];
    }),
  };
}

export function unpackPlaybookIndex(packed: PackedPlaybookIndex): PlaybookIndex {
  return {
    version: 1,
    symptoms: packed.symptoms,
    words: packed.words,
    playbooks: packed.playbooks.map(([id, title, symptoms, uses, gaps]) => {
      let at = 0;
      return [id, `${packed.base}${id}/`, title, symptoms, uses, gaps.map((gap) => (at += gap))];
    }),
  };
}

export interface PlaybookMatch {
  id: string;
  url: string;
  title: string;
  uses: number;
  /** `symptom`: the query and a symptom contain each other; `words`: the query's words are the playbook's. */
  by: 'symptom' | 'words';
  /** Higher is better; symptom matches (≥ 1) always outrank word matches (< 1). */
  strength: number;
  /** The symptom that matched. */
  symptom?: string;
  /**
   * Qualifiers in brackets in the title that the query does not mention, less
   * those it does: "DNS resolution failures (kubernetes)" is the kubernetes
   * variant of a playbook, so it ranks below the general one (1), unless the
   * query says kubernetes or k8s, and then above it (-1).
   */
  qualifiers: number;
}

/** Lowercased words for matching, Korean stemmed (`queryWords` split further on punctuation inside words). */
export function matchTokens(text: string): string[] {
  return queryWords(text)
    .flatMap((w) => w.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter(Boolean)
    .map(koreanStem);
}

/** Does `needle` occur in `hay` as whole words, counting words written together (`crashloop backoff` in `CrashLoopBackOff`)? */
export function containsWords(hay: readonly string[], needle: readonly string[]): boolean {
  if (!needle.length) return false;
  const target = needle.join('');
  for (let start = 0; start < hay.length; start++) {
    if (!target.startsWith(hay[start]!)) continue;
    let joined = '';
    for (let k = start; k < hay.length && joined.length < target.length; k++) joined += hay[k];
    if (joined === target) return true;
  }
  return false;
}

/**
 * A single word that names nothing on its own: contained in many symptoms,
 * specific to none ("failed" is in "config validation failed" and "readiness
 * probe failed"). Such a query is left to the full-text search.
 */
const GENERIC = new Set(
  'error errors failed failure fail denied timeout timed connection connections request requests memory server service warning exception invalid unavailable not too many'.split(
    ' ',
  ),
);

function specific(tokens: readonly string[]): boolean {
  if (tokens.length >= 2) return tokens.some((t) => !GENERIC.has(t));
  const [t] = tokens;
  return t !== undefined && t.length >= 5 && !GENERIC.has(t);
}

const symptomTokenCache = new WeakMap<PlaybookIndex, string[][]>();
function tokensOf(index: PlaybookIndex): string[][] {
  let tokens = symptomTokenCache.get(index);
  if (!tokens) symptomTokenCache.set(index, (tokens = index.symptoms.map(matchTokens)));
  return tokens;
}

/**
 * The playbooks that answer `query`, best first: every symptom match, then
 * (only when no symptom matched) the playbooks whose words cover most of the
 * query. Ties go to the playbook more incidents used.
 */
export function matchPlaybooks(query: string, index: PlaybookIndex): PlaybookMatch[] {
  const q = matchTokens(query);
  if (!q.length) return [];
  const symptomTokens = tokensOf(index);
  const bySymptom: PlaybookMatch[] = [];
  for (const [id, url, title, symptoms, uses] of index.playbooks) {
    let best: { strength: number; symptom: string } | undefined;
    for (const s of symptoms) {
      const tokens = symptomTokens[s]!;
      let strength = 0;
      // The query holds the whole symptom (a log line): the bigger the share of the query, the better.
      if (specific(tokens) && containsWords(q, tokens)) strength = 2 + tokens.length / q.length;
      // The query is part of the symptom: the bigger the share of the symptom, the better.
      else if (specific(q) && containsWords(tokens, q)) strength = 1 + q.length / tokens.length;
      if (strength > (best?.strength ?? 0)) best = { strength, symptom: index.symptoms[s]! };
    }
    if (best) bySymptom.push({ id, url, title, uses, by: 'symptom', ...best, qualifiers: qualifiers(title, q) });
  }
  if (bySymptom.length) return bySymptom.sort(byStrength);
  const words = matchWords(q, index)
    .map((m) => ({ ...m, qualifiers: qualifiers(m.title, q) }))
    .sort(byStrength);
  return generalFirst(words, index, q);
}

/**
 * Each variant the query does not ask for (`disk-full-aws`, "… (aws)") gets
 * its general playbook (`disk-full`: the id it extends, with a symptom in
 * common) right before it, at its strength. Word matches need this: a
 * variant's incidents add words of their own, and at hundreds of playbooks
 * some variant of the right playbook often has one more of the query's words
 * than the general one. Otherwise the order stays.
 */
function generalFirst(sorted: PlaybookMatch[], index: PlaybookIndex, q: readonly string[]): PlaybookMatch[] {
  const byId = new Map(index.playbooks.map((p) => [p[0], p]));
  const matched = new Map(sorted.map((m) => [m.id, m]));
  const out: PlaybookMatch[] = [];
  const placed = new Set<string>();
  for (const m of sorted) {
    if (placed.has(m.id)) continue;
    const base = m.qualifiers > 0 ? generalOf(m.id, byId) : undefined;
    if (base && !placed.has(base[0])) {
      const [id, url, title, , uses] = base;
      const general = matched.get(id) ?? { id, url, title, uses, by: m.by, strength: m.strength, qualifiers: qualifiers(title, q) };
      if (general.qualifiers < m.qualifiers) {
        out.push({ ...general, strength: Math.max(general.strength, m.strength) });
        placed.add(id);
      }
    }
    out.push(m);
    placed.add(m.id);
  }
  return out;
}

/** The playbook `id` is a variant of: the longest id it extends (`disk-full` for `disk-full-aws`) with a symptom in common. */
function generalOf(id: string, byId: Map<string, PlaybookIndex['playbooks'][number]>): PlaybookIndex['playbooks'][number] | undefined {
  const own = byId.get(id);
  if (!own) return undefined;
  for (let at = id.lastIndexOf('-'); at > 0; at = id.lastIndexOf('-', at - 1)) {
    const candidate = byId.get(id.slice(0, at));
    if (candidate?.[3].some((s) => own[3].includes(s))) return candidate;
  }
  return undefined;
}

/**
 * Word matches: the share of the query's known words (words some playbook
 * has), weighted by rarity, that a playbook has. The playbooks at the best
 * share go first when they have two words or more of the query and half its
 * weight (`strength` 0.5–0.99); otherwise, with a third of the weight, the
 * best of them is still offered, below the first result (`strength` < 0.5).
 */
function matchWords(q: readonly string[], index: PlaybookIndex): PlaybookMatch[] {
  // Each query word stands for the playbook words that say it: itself, or (4+ letters, as Pagefind
  // matches) the start of a playbook word (`replica` → `replication`), or a glossary word for the same
  // idea in either language (`outdated` → `stale`, `인증서` → `certificate`).
  const says = (v: string, w: string) => v === w || (w.length >= 4 && v.startsWith(w));
  const groups = new Map<string, number[]>();
  for (const w of new Set(similarityWords(q.join(' ')))) {
    const forms = equivalents(w);
    const hits = index.words.flatMap((v, i) => (says(v, w) || forms.some((f) => says(v, f) || saysTerm(v, f)) ? [i] : []));
    if (hits.length) groups.set(hits.join(' '), hits);
  }
  const known = [...groups.values()];
  if (!known.length) return [];
  const groupDf = new Map<number[], number>();
  for (const p of index.playbooks) {
    const own = new Set(p[5]);
    for (const g of known) if (g.some((w) => own.has(w))) groupDf.set(g, (groupDf.get(g) ?? 0) + 1);
  }
  const n = index.playbooks.length;
  const idf = (g: number[]) => Math.log(1 + n / (groupDf.get(g) ?? n));
  const total = known.reduce((s, g) => s + idf(g), 0);
  const scored = index.playbooks.flatMap(([id, url, title, , uses, words]) => {
    const own = new Set(words);
    const hits = known.filter((g) => g.some((w) => own.has(w)));
    return hits.length ? [{ id, url, title, uses, hits: hits.length, share: hits.reduce((s, w) => s + idf(w), 0) / total }] : [];
  });
  const best = Math.max(0, ...scored.map((s) => s.share));
  const top = scored.filter((s) => s.share >= best - 1e-9);
  const strong = top.some((s) => s.hits >= 2) && best >= 0.45;
  // A weak match (one word, or under half the query's weight) still needs a third of it.
  if (best < 1 / 3) return [];
  return top
    .filter((s) => !strong || s.hits >= 2)
    .map(
      ({ id, url, title, uses, share }): PlaybookMatch => ({
        id,
        url,
        title,
        uses,
        by: 'words',
        strength: strong ? 0.5 + share * 0.49 : share * 0.49,
        qualifiers: 0,
      }),
    )
    .sort(byStrength);
}

/**
 * Bracketed parts of a title (`(kubernetes)`, `(SERVFAIL, NXDOMAIN)`) with a word the query does not
 * have, less those whose every word it has, as written or in other words the glossary knows
 * (`k8s` for `kubernetes`).
 */
function qualifiers(title: string, query: readonly string[]): number {
  const q = new Set(query);
  const said = (w: string) => q.has(w) || equivalents(w).some((e) => q.has(e));
  return [...title.matchAll(/\(([^()]*)\)/g)].reduce((n, m) => n + (matchTokens(m[1]!).every(said) ? -1 : 1), 0);
}

function byStrength(a: PlaybookMatch, b: PlaybookMatch): number {
  return b.strength - a.strength || a.qualifiers - b.qualifiers || b.uses - a.uses || a.id.localeCompare(b.id);
}
