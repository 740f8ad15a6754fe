/** Case-insensitive phrase search; English phrases match at a word start ("fault of" is not in "default of"). */
export function phraseRegex(phrases: readonly string[]): RegExp | undefined {
  const parts = phrases
    .map((p) => p.trim())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((p) => (/^[a-z0-9]/i.test(p) ? '(?<![\\p{L}\\p{N}])' : '') + p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return parts.length ? new RegExp(parts.join('|'), 'giu') : undefined;
}

/**
 * The same phrases without the word-start condition, as a test: true wherever
 * `phraseRegex` matches in any part of a text, so a text it rejects has no
 * finding in any of its parts (a cheap test before splitting the text up).
 * Phrases without cased letters (Korean) are searched without the `iu` flags,
 * which is twice as fast and matches the same.
 */
export function phrasePrefilter(phrases: readonly string[]): ((text: string) => boolean) | undefined {
  const caseless = (p: string) => [...p].every((c) => c.toLowerCase() === c && c.toUpperCase() === c);
  const trimmed = phrases.map((p) => p.trim()).filter(Boolean);
  const source = (list: string[]) => list.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('|');
  const cased = trimmed.filter((p) => !caseless(p));
  const plain = trimmed.filter(caseless);
  const casedRe = cased.length ? new RegExp(source(cased), 'iu') : undefined;
  const plainRe = plain.length ? new RegExp(source(plain)) : undefined;
  if (!casedRe && !plainRe) return undefined;
  return (text) => Boolean(plainRe?.test(text) || casedRe?.test(text));
}
