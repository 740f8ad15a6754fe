/**
 * A query as the index spells it. The engineer pastes a log line or types
 * Korean with its particles and endings (`인증서가 만료됨`); the index holds the
 * page words plus their particle-less stems (`core/korean.ts`). So the query is
 * normalised the same way before it is searched: Korean words lose their
 * particle and predicate ending (`인증서가` → `인증서`, `만료됨` → `만료`), and a
 * word that says nothing about the error (`the`, a host name, a port, a
 * timestamp) is left out. Pagefind matches every query word as a prefix and
 * loads one index chunk (~20 KB) per word, so leaving noise out is also what
 * keeps a pasted log line from downloading a tenth of the index.
 * Pure, and free of top-level work: it runs in the browser (search page) and in
 * Node (tests, benchmark).
 */
import { HANGUL_ONLY, koreanStem, stripParticle } from '../../core/korean.ts';

const HANGUL = /[\uAC00-\uD7A3]/;

/** Words that only hold a sentence together; they match nearly every page. */
const STOPWORDS = new Set(
  'a an the and or of to in on at for from by with is are was were be been it its as this that after before while when not no but into via then than so too many much very more most some any all up out off over has have had do does did can could'.split(
    ' ',
  ),
);

/** Korean words that carry no topic: negation, "keeps", "very", "every time"… */
const KOREAN_FILLERS = new Set([
  '안',
  '못',
  '계속',
  '자꾸',
  '너무',
  '매우',
  '갑자기',
  '때마다',
  '때문에',
  '때문',
  '전체',
  '모두',
  '그냥',
  '또',
  '다시',
]);

/** The most words sent to the index: each costs an index chunk (~20 KB). */
export const MAX_TERMS = 4;

/**
 * Something that varies between occurrences of the same error and would only
 * narrow the search to one log: addresses, ports, numbers with units, ids,
 * timestamps, hashes. HTTP error statuses (`502`, `429`) are kept.
 */
export function isNoise(token: string): boolean {
  if (/^[45]\d\d$/.test(token)) return false;
  if (/^\d+(?:[.:,]\d+)*[a-z%]{0,3}$/i.test(token)) return true; // 137, 30000ms, 14m, 10.0.3.7, 100%
  if (/^[0-9a-f]{6,}$/i.test(token) && /\d/.test(token)) return true; // hashes, pod suffixes
  // host-like ids: ip-10-0-31-7, checkout-7c4d9, x3 (but not x509, s3, ec2, k8s, HikariPool-1)
  if (/^[a-z]+(?:-[a-z0-9]*\d[a-z0-9]*){2,}$/i.test(token)) return true;
  if (/-[0-9a-f]*\d[0-9a-f]*$/i.test(token) && token.length > 8 && !/^[A-Z]/.test(token)) return true;
  return false;
}

/**
 * The words of `text` as a search compares them: split on whitespace and on
 * punctuation that is not part of a word, a trailing Korean particle cut off a
 * non-Korean word (`OOMKilled로` → `OOMKilled`), Korean words stemmed.
 * Case is kept (Pagefind and the symptom match lowercase themselves).
 */
export function queryWords(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.normalize('NFKC').split(/[\s"'`()[\]{}<>,;|=]+/)) {
    // Keep inner punctuation that belongs to a word (EAI_AGAIN, ssh-agent, x509:, 10.0.0.1:53), trim the rest.
    const word = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!word) continue;
    if (HANGUL.test(word) && !HANGUL_ONLY.test(word)) {
      // Mixed: split Latin/digits from Hangul runs, and drop a Hangul run that is only a particle or an ending.
      for (const part of word.match(/[\uAC00-\uD7A3]+|[^\uAC00-\uD7A3]+/g) ?? []) {
        if (HANGUL_ONLY.test(part)) {
          const stem = koreanStem(part);
          if (stem !== part && stem.length <= 1 && stripParticle(part).length < part.length) continue;
          if (part.length === 1) continue;
          out.push(stem);
        } else {
          const trimmed = part.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
          if (trimmed) out.push(trimmed);
        }
      }
      continue;
    }
    out.push(HANGUL_ONLY.test(word) ? koreanStem(word) : word);
  }
  return out;
}

/**
 * The words to search the index for: `queryWords` without stop words, noise
 * and repeats, at most `MAX_TERMS` of them (the most specific first, then in
 * query order). Empty when nothing is left; the caller then searches the query as typed.
 */
export function searchTerms(query: string, max = MAX_TERMS): string[] {
  const seen = new Set<string>();
  const words: string[] = [];
  const particleStemmed = new Set(
    query
      .split(/\s+/)
      .filter((w) => HANGUL_ONLY.test(w) && w.length > 1)
      .map(koreanStem)
      .filter((s) => s.length === 1),
  );
  for (const w of queryWords(query)) {
    const key = w.toLowerCase();
    if (seen.has(key) || STOPWORDS.has(key) || KOREAN_FILLERS.has(w) || isNoise(w)) continue;
    // A lone Hangul syllable (`안`, `남`) matches the start of half the Korean words; `랙이` → `랙` is a word.
    if (HANGUL_ONLY.test(w) && w.length < 2 && !particleStemmed.has(w)) continue;
    seen.add(key);
    words.push(w);
  }
  if (words.length <= max) return words;
  // Too many: keep the most specific (identifiers and long words), in their query order.
  const specificity = (w: string) => (/[A-Z_]/.test(w.slice(1)) || /\d/.test(w) ? 100 : 0) + w.length;
  const keep = new Set([...words].sort((a, b) => specificity(b) - specificity(a)).slice(0, max));
  return words.filter((w) => keep.has(w));
}
