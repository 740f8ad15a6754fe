/**
 * Extra search terms for Korean text.
 *
 * Pagefind splits words on whitespace and matches a query word as a prefix of
 * an indexed word, and it has no Korean stemmer. Measured on the seed content
 * (tests/search-index.test.ts and the e2e suite):
 *  - `권한` already finds `권한이` (prefix), but ranks it below an exact match;
 *  - `키페어` never finds `키 페어로`: Korean writes compound nouns with or
 *    without a space (`키 페어` / `키페어`, `공개 키` / `공개키`), and a query
 *    written the other way finds nothing.
 * So each page also indexes (in a hidden, lightly weighted block) the stems of
 * its Korean words with the particle removed (`권한이` → `권한`), and the
 * closed-up form of short spaced compounds (`키 페어로` → `키페어`).
 * Extra terms only add matches: the page text itself is indexed unchanged.
 */

/** Postpositions (josa) and copula endings that attach to a noun, longest first. */
export const KOREAN_PARTICLES: readonly string[] = [
  '이었습니다',
  '이었는데',
  '이었으며',
  '이었고',
  '이었다',
  '입니다',
  '이라는',
  '이라고',
  '이지만',
  '에게서',
  '으로서',
  '으로써',
  '으로는',
  '으로도',
  '에서는',
  '에서도',
  '에서의',
  '에게는',
  '에게도',
  '까지는',
  '까지도',
  '부터는',
  '부터도',
  '에는',
  '에도',
  '에의',
  '와는',
  '과는',
  '와도',
  '과도',
  '였다',
  '이다',
  '이고',
  '이며',
  '이나',
  '이랑',
  '라는',
  '라고',
  '에서',
  '에게',
  '한테',
  '께서',
  '으로',
  '로서',
  '로써',
  '로는',
  '로도',
  '까지',
  '부터',
  '마저',
  '조차',
  '보다',
  '처럼',
  '만큼',
  '하고',
  '은',
  '는',
  '이',
  '가',
  '을',
  '를',
  '에',
  '의',
  '로',
  '와',
  '과',
  '도',
  '만',
];

const HANGUL_RUN = /[\uAC00-\uD7A3]+/g;
/** A word of Hangul syllables only. */
export const HANGUL_ONLY = /^[\uAC00-\uD7A3]+$/;
const LEADING_HANGUL = /^[\uAC00-\uD7A3]+/;

/**
 * Endings that mark a verb, adjective or adverb (`했다`, `쓰던`, `빠르게`), never
 * the first half of a compound noun. Kept short on purpose: many nouns end in
 * syllables that are also verb endings (`경고`, `화면`, `권한`, `결함`), and a
 * wrong closed-up term costs only a little index space.
 */
const NOT_A_NOUN_ENDING = /(?:다|며|던|된|듯|죠|게|히)$/;

/** Longest compound head (in syllables) closed up with the next word. */
const MAX_COMPOUND_HEAD = 3;

/**
 * The particles by their last syllable, each list in `KOREAN_PARTICLES` order (longest
 * first). Built on first use: no top-level code, so browser bundles that import this
 * module's neighbours (the search page's) still tree-shake it away.
 */
let particlesByLast: Map<string, string[]> | undefined;
function particlesEndingIn(syllable: string): string[] | undefined {
  if (!particlesByLast) {
    particlesByLast = new Map();
    for (const particle of KOREAN_PARTICLES) {
      const last = particle[particle.length - 1]!;
      const list = particlesByLast.get(last);
      if (list) list.push(particle);
      else particlesByLast.set(last, [particle]);
    }
  }
  return particlesByLast.get(syllable);
}

/** Stems already worked out: a corpus repeats the same few thousand words (bounded). */
const stems = new Map<string, string>();

/** The word without its trailing particle (`권한이` → `권한`), or the word itself. */
export function stripParticle(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    stem = word;
    // Only the particles ending in the word's last syllable can match: same result, fewer tests.
    const candidates = HANGUL_ONLY.test(word) ? particlesEndingIn(word[word.length - 1]!) : undefined;
    for (const particle of candidates ?? []) {
      if (word.length > particle.length && word.endsWith(particle)) {
        stem = word.slice(0, -particle.length);
        break;
      }
    }
    if (stems.size >= 100_000) stems.clear();
    stems.set(word, stem);
  }
  return stem;
}

/**
 * Terms to index in addition to `text`: particle-stripped stems and closed-up
 * compounds, each once, in first-seen order. Terms already present as whole
 * words of the text are left out (indexing them again would change nothing).
 */
export function koreanSearchTerms(text: string): string[] {
  // Hangul runs never span whitespace: the text's runs are its tokens' runs, in the same order.
  const words = new Set<string>(text.match(HANGUL_RUN));
  const extra = new Set<string>();
  const tokens = text.split(/\s+/).filter(Boolean);

  for (const run of words) {
    const stem = stripParticle(run);
    if (stem !== run) extra.add(stem);
  }
  for (let i = 0; i + 1 < tokens.length; i++) {
    const head = tokens[i]!;
    if (!isCompoundHead(head)) continue;
    const tail = tokens[i + 1]!.match(LEADING_HANGUL)?.[0];
    if (!tail) continue;
    extra.add(head + stripParticle(tail));
  }
  return [...extra].filter((term) => !words.has(term));
}

function isCompoundHead(word: string): boolean {
  return HANGUL_ONLY.test(word) && word.length <= MAX_COMPOUND_HEAD && stripParticle(word) === word && !NOT_A_NOUN_ENDING.test(word);
}

/**
 * Endings of a Sino-Korean noun used as a verb (`만료되어`, `고갈돼서`, `실패함`,
 * `재시작됨`) and of plain predicates, longest first. Only stripped when at
 * least two syllables remain, so `권한` and `제한` keep their `한`.
 */
export const KOREAN_ENDINGS: readonly string[] = [
  '되었습니다',
  '되었는데',
  '되었다',
  '되었음',
  '되어서',
  '하였다',
  '했는데',
  '됐는데',
  '되어',
  '돼서',
  '되서',
  '됐다',
  '됐음',
  '되는',
  '되면',
  '되고',
  '되지',
  '된다',
  '했다',
  '했음',
  '해서',
  '하는',
  '하면',
  '하고',
  '하여',
  '한다',
  '됨',
  '된',
  '함',
  '하다',
  '되다',
];

/** The word without its particle or predicate ending (`인증서가` → `인증서`, `만료됨` → `만료`). */
export function koreanStem(word: string): string {
  if (!HANGUL_ONLY.test(word)) return word;
  const stem = stripParticle(word);
  for (const ending of KOREAN_ENDINGS) {
    if (stem.endsWith(ending) && stem.length - ending.length >= 2) return stem.slice(0, -ending.length);
  }
  return stem;
}
