/**
 * Incidents like this one: for an incident, the earlier incidents that share
 * the most with it, each with the strongest shared signal as its reason
 * ("same error: `CommitFailedException`"). Used by the site (every incident
 * page and its /api/ record, computed once per build) and by `new-incident`
 * (right after the title and playbooks are entered). Pure and deterministic.
 *
 * Each incident is a set of features: error names and error-line signatures
 * from its logs, its playbooks, services, tags, root-cause category, and the
 * words of its title and summary (Korean words without their particles). Two
 * incidents score the sum, over the features they share, of the feature's
 * weight times its rarity (idf), so a shared `CommitFailedException` counts for
 * more than a shared `capacity` category, and a word on every page for nothing.
 */
import { errorNames, errorSignature } from './errors.ts';
import { ideaOf } from './glossary.ts';
import { HANGUL_ONLY, koreanStem } from './korean.ts';

export interface SimilarInput {
  id: string;
  title: string;
  summary?: string;
  /** Epoch ms of `started`: only earlier incidents count as past ones. */
  started: number;
  services?: readonly string[];
  tags?: readonly string[];
  playbooks?: readonly string[];
  category?: string;
  /** Error lines from the incident's logs (`errorLines` of its body). */
  errors?: readonly string[];
}

export const SIGNAL_KINDS = ['error', 'log', 'playbook', 'service', 'tag', 'category', 'words'] as const;
export type SignalKind = (typeof SIGNAL_KINDS)[number];

export interface SimilarReason {
  kind: SignalKind;
  /** The shared value as written: an error name, a log line's signature, a playbook id, a service, a word… */
  value: string;
}

/** Why a match is shown, in English: the site's `en` strings and `npm run new-incident` both say it so. */
export const SIMILAR_REASON_EN: Record<SimilarMatch['reason']['kind'], string> = {
  error: 'same error',
  log: 'same log line',
  playbook: 'same playbook',
  service: 'same service',
  tag: 'same tag',
  category: 'same root cause',
  words: 'similar words',
};

export interface SimilarMatch {
  id: string;
  /** Sum of weight × idf over the shared features, rounded to 0.01. */
  score: number;
  reason: SimilarReason;
  /** The kinds of every shared feature, strongest first (for "also: same service, same playbook"). */
  shared: SignalKind[];
}

export interface SimilarOptions {
  /** Matches kept per incident (default 3). */
  limit?: number;
  /**
   * Below this score a match is shown only when it shares an error, a log line or
   * a playbook (default 4: about a service and a few rare words).
   */
  minScore?: number;
}

/**
 * How much one shared feature of each kind weighs, before its rarity. An error
 * name or log signature is the surest sign of the same failure; a playbook
 * means the same fix; a service or tag, the same place; a category, little.
 */
const WEIGHTS: Record<SignalKind, number> = { error: 3, log: 2.5, playbook: 2, service: 1, tag: 0.6, category: 0.4, words: 0.5 };

/** Words too common in post-mortems to say anything (English; Korean particles are stripped instead). */
const STOPWORDS = new Set(
  'the and for with from after before during into onto over under while when then than that this these those was were are been being has have had not but its our their all any some one two via per due out off was did does incident issue outage problem'.split(
    ' ',
  ),
);

/** One-syllable Korean words that carry no topic. */
const KOREAN_SHORT_STOPWORDS = new Set([...'안못및등후전중더또잘꼭다각새총약수때것곳분개번건회차간내외']);

/** Products that look like error names (CamelCase) but say nothing about the error. */
const NOT_ERRORS = new Set(['PostgreSQL', 'MySQL', 'MongoDB', 'GraphQL', 'JavaScript', 'TypeScript', 'GitHub', 'GitLab', 'PagerDuty']);

/** A feature key: kind and value. Values keep their spelling for the reason shown. */
type Feature = `${SignalKind}\u0000${string}`;
const feature = (kind: SignalKind, value: string): Feature => `${kind}\u0000${value}`;
const kindOf = (f: string): SignalKind => f.slice(0, f.indexOf('\u0000')) as SignalKind;
const featureValue = (f: string): string => f.slice(f.indexOf('\u0000') + 1);

/** `workers` → `worker`, `certificates` → `certificate` (not `access`, `status`, `jobs`): enough to match a plural with its noun. */
function singular(word: string): string {
  return word.length > 4 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word) ? word.slice(0, -1) : word;
}

/**
 * The topic words of a text: Latin words of 3+ letters (no stop words),
 * Korean words without their particle or ending, lowercased,
 * each once. Similar incidents compare titles and summaries with them, and
 * search compares a query with the words of a playbook's incidents.
 */
export function similarityWords(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}_-]+/u)) {
    const word = raw.replace(/^[-_]+|[-_]+$/g, '');
    if (HANGUL_ONLY.test(word)) {
      const stem = koreanStem(word);
      // One syllable is a word too (`랙`, `키`, `풀`), unless it only holds the sentence together (`후`, `안`, `및`).
      if (stem.length >= 2 || !KOREAN_SHORT_STOPWORDS.has(stem)) out.add(stem);
    } else if (/^[a-z][a-z0-9_-]{2,}$/.test(word) && !STOPWORDS.has(word)) out.add(singular(word));
  }
  return [...out];
}

/**
 * The features of one incident, each once, and how to show the ones whose key
 * is not what a reader should see (a log line's signature: the line itself).
 */
export function similarityFeatures(i: SimilarInput, shown?: Map<string, string>): Feature[] {
  const f = new Set<Feature>();
  for (const line of i.errors ?? []) {
    for (const name of errorNames(line)) if (!NOT_ERRORS.has(name)) f.add(feature('error', name));
    const signature = errorSignature(line);
    // A signature of a few characters ("error #") is not a specific error.
    if (signature.replace(/[^\p{L}]/gu, '').length >= 12) {
      const key = feature('log', signature);
      f.add(key);
      if (shown && !shown.has(key)) shown.set(key, line);
    }
  }
  for (const p of i.playbooks ?? []) f.add(feature('playbook', p));
  for (const s of i.services ?? []) f.add(feature('service', s));
  for (const t of i.tags ?? []) f.add(feature('tag', t));
  if (i.category) f.add(feature('category', i.category));
  // A word the glossary knows counts as its idea, the same in both languages (`expired`, `만료` → `expired / 만료`).
  for (const w of similarityWords(`${i.title}\n${i.summary ?? ''}`)) f.add(feature('words', ideaOf(w) ?? w));
  return [...f];
}

interface Corpus {
  /** The incidents in time order (earliest first), and each one's features as sorted feature numbers. */
  order: number[];
  features: Int32Array[];
  /** Feature number → the incidents (positions in `order`) that have it, earliest first. */
  postings: number[][];
  weight: Float64Array;
  keys: string[];
  started: Float64Array;
  /** Per incident (input index), how its log features read. */
  shown: Map<string, string>[];
}

function corpusOf(inputs: readonly SimilarInput[]): Corpus {
  const order = inputs
    .map((_, i) => i)
    .sort((a, b) => inputs[a]!.started - inputs[b]!.started || inputs[a]!.id.localeCompare(inputs[b]!.id));
  const numbers = new Map<string, number>();
  const keys: string[] = [];
  const postings: number[][] = [];
  const shown = inputs.map(() => new Map<string, string>());
  const features: Int32Array[] = new Array(inputs.length);
  order.forEach((input, pos) => {
    const list = similarityFeatures(inputs[input]!, shown[input]).map((key) => {
      let n = numbers.get(key);
      if (n === undefined) {
        n = keys.length;
        numbers.set(key, n);
        keys.push(key);
        postings.push([]);
      }
      postings[n]!.push(pos);
      return n;
    });
    features[pos] = Int32Array.from(list).sort();
  });
  const total = inputs.length;
  const weight = new Float64Array(keys.length);
  keys.forEach((key, n) => {
    weight[n] = WEIGHTS[kindOf(key)] * Math.log(1 + total / postings[n]!.length);
  });
  const started = Float64Array.from(order, (i) => inputs[i]!.started);
  return { order, features, postings, weight, keys, started, shown };
}

/**
 * Candidates are the incidents met on the way back through each feature's
 * postings, at most this many per feature: the most recent ones. A feature on
 * thousands of incidents (a category, a common word) then costs no more than a
 * rare one, and a recent match is the more useful one when scores tie.
 */
const PER_FEATURE = 120;
/** Candidates scored in full (on every shared feature) per incident. */
const CANDIDATES = 40;
/** Shared features that make a match on their own. */
const STRONG = new Set<SignalKind>(['error', 'log', 'playbook']);

/** Score the incident at position `self` (its features `own`) against the earlier positions `< before`. */
function rank(
  own: Int32Array,
  before: number,
  c: Corpus,
  inputs: readonly SimilarInput[],
  o: Required<SimilarOptions>,
  scratch: Float64Array,
  shownOwn: Map<string, string>,
): SimilarMatch[] {
  const touched: number[] = [];
  for (const f of own) {
    const p = c.postings[f]!;
    const w = c.weight[f]!;
    // Postings are in time order: walk back from the last one before `before`.
    let hi = p.length;
    while (hi > 0 && p[hi - 1]! >= before) hi--;
    for (let k = hi - 1; k >= 0 && k >= hi - PER_FEATURE; k--) {
      const j = p[k]!;
      if (scratch[j] === 0) touched.push(j);
      scratch[j] += w;
    }
  }
  const best = topK(touched, scratch, CANDIDATES);
  for (const j of touched) scratch[j] = 0;
  const scored: { pos: number; score: number; shared: number[] }[] = [];
  for (const j of best) {
    const shared = intersect(own, c.features[j]!);
    let score = 0;
    for (const f of shared) score += c.weight[f]!;
    // A shared error, log line or playbook is a match at any score (a small knowledge base has small idfs).
    if (score >= o.minScore || shared.some((f) => STRONG.has(kindOf(c.keys[f]!)))) scored.push({ pos: j, score, shared });
  }
  scored.sort((a, b) => b.score - a.score || c.started[b.pos]! - c.started[a.pos]! || b.pos - a.pos);
  return scored.slice(0, o.limit).map(({ pos, score, shared }) => ({
    id: inputs[c.order[pos]!]!.id,
    score: Math.round(score * 100) / 100,
    ...explain(shared, c, shownOwn),
  }));
}

/** The (at most) `k` positions with the highest scratch score, any order. */
function topK(positions: number[], score: Float64Array, k: number): number[] {
  if (positions.length <= k) return positions;
  // A min-heap of the best k so far.
  const heap: number[] = [];
  const less = (a: number, b: number) => score[a]! < score[b]! || (score[a] === score[b] && a < b);
  for (const p of positions) {
    if (heap.length < k) {
      heap.push(p);
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (less(heap[0]!, p)) {
      heap[0] = p;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < k && less(heap[l]!, heap[m]!)) m = l;
        if (r < k && less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
  }
  return heap;
}

function intersect(a: Int32Array, b: Int32Array): number[] {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i]! < b[j]!) i++;
    else if (a[i]! > b[j]!) j++;
    else {
      out.push(a[i]!);
      i++;
      j++;
    }
  }
  return out;
}

/**
 * The reason shown is the strongest single shared feature (a shared error name
 * outweighs any one shared word); `shared` lists every kind shared, strongest first.
 */
function explain(shared: number[], c: Corpus, shownOwn: Map<string, string>): Pick<SimilarMatch, 'reason' | 'shared'> {
  const byKind = new Map<SignalKind, number>();
  let best = shared[0]!;
  for (const f of shared) {
    const k = kindOf(c.keys[f]!);
    byKind.set(k, Math.max(byKind.get(k) ?? 0, c.weight[f]!));
    if (c.weight[f]! > c.weight[best]! || (c.weight[f] === c.weight[best] && c.keys[f]! < c.keys[best]!)) best = f;
  }
  const kinds = [...byKind].sort((a, b) => b[1] - a[1] || SIGNAL_KINDS.indexOf(a[0]) - SIGNAL_KINDS.indexOf(b[0])).map(([k]) => k);
  const key = c.keys[best]!;
  return { reason: { kind: kindOf(key), value: shownOwn.get(key) ?? featureValue(key) }, shared: kinds };
}

function options(o: SimilarOptions): Required<SimilarOptions> {
  return { limit: o.limit ?? 3, minScore: o.minScore ?? 4 };
}

/** For every incident, the earlier incidents most like it (best first). Incidents with no match are left out. */
export function similarIncidents(inputs: readonly SimilarInput[], o: SimilarOptions = {}): Map<string, SimilarMatch[]> {
  const opts = options(o);
  const c = corpusOf(inputs);
  const scratch = new Float64Array(inputs.length);
  const out = new Map<string, SimilarMatch[]>();
  let firstOfTime = 0;
  c.order.forEach((input, pos) => {
    // Past means started earlier: incidents that started at the same minute are not each other's past.
    if (c.started[pos] !== c.started[firstOfTime]) firstOfTime = pos;
    const matches = rank(c.features[pos]!, firstOfTime, c, inputs, opts, scratch, c.shown[input]!);
    if (matches.length) out.set(inputs[input]!.id, matches);
  });
  return out;
}

/** The incidents in `past` most like `draft` (a new incident: its title and playbooks, maybe services and tags). */
export function similarTo(
  draft: Omit<SimilarInput, 'started' | 'id'> & { id?: string },
  past: readonly SimilarInput[],
  o: SimilarOptions = {},
): SimilarMatch[] {
  const others = past.filter((p) => p.id !== draft.id);
  const all = [...others, { ...draft, id: draft.id ?? '', started: Number.POSITIVE_INFINITY }];
  const c = corpusOf(all);
  const self = all.length - 1;
  const pos = c.order.indexOf(self);
  return rank(c.features[pos]!, pos, c, all, options(o), new Float64Array(all.length), c.shown[self]!);
}
