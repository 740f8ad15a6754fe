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
 * The same phrases without the word-start condition: it matches wherever
 * `phraseRegex` matches in any part of a text, so a text it does not match has
 * no finding in any of its parts (a cheap test before splitting the text up).
 */
export function phrasePrefilter(phrases: readonly string[]): RegExp | undefined {
  const parts = phrases
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return parts.length ? new RegExp(parts.join('|'), 'iu') : undefined;
}
