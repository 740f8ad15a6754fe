/** Case-insensitive phrase search; English phrases match at a word start ("fault of" is not in "default of"). */
export function phraseRegex(phrases: readonly string[]): RegExp | undefined {
  const parts = phrases
    .map((p) => p.trim())
    .filter(Boolean)
    .sort((a, b) => b.length - a.length)
    .map((p) => (/^[a-z0-9]/i.test(p) ? '(?<![\\p{L}\\p{N}])' : '') + p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  return parts.length ? new RegExp(parts.join('|'), 'giu') : undefined;
}
