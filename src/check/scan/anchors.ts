/**
 * Where a detector's match can start. Scanning a regex over every position of
 * a 5 kB file is what made the scan slow. Most detectors contain a character
 * that every match must hold (`@`, `://`, `:`): the possible starts are found
 * from those, and the regex is tried (sticky) only there. The matches are the
 * same as `matchAll`'s, which the tests check by comparing both scans.
 */

export const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** `[\w.+-]`, an email's local part. */
export const isLocalPartCode = (c: number) => isWordCode(c) || c === 46 || c === 43 || c === 45;
export const isHexCode = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
export const isLowerHexCode = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
export const isDigitCode = (c: number) => c >= 48 && c <= 57;

/**
 * Starts of the runs of `inRun` characters that end right before each `mark`
 * character (runs of at most `maxRun` characters). A match that must begin
 * with such a run (its lookbehind excludes a run character) can only start there.
 */
export function* runStartsBefore(text: string, mark: string, inRun: (code: number) => boolean, maxRun: number): Iterable<number> {
  for (let k = text.indexOf(mark); k >= 0; k = text.indexOf(mark, k + 1)) {
    let j = k;
    while (j > 0 && inRun(text.charCodeAt(j - 1))) j--;
    if (j < k && k - j <= maxRun) yield j;
  }
}

/** The word-character runs (1–6 long) right before each `:` and each `.`, found once per text. */
export class Anchors {
  text: string;
  #colon?: [number, number][];
  #dot?: [number, number][];
  constructor(text: string) {
    this.text = text;
  }
  static runs(text: string, mark: string): [number, number][] {
    const out: [number, number][] = [];
    for (let k = text.indexOf(mark); k >= 0; k = text.indexOf(mark, k + 1)) {
      let j = k;
      while (j > 0 && k - j <= 6 && isWordCode(text.charCodeAt(j - 1))) j--;
      if (j < k && k - j <= 6 && !(j > 0 && isWordCode(text.charCodeAt(j - 1)))) out.push([j, k]);
    }
    return out;
  }
  get colon() {
    return (this.#colon ??= Anchors.runs(this.text, ':'));
  }
  get dot() {
    return (this.#dot ??= Anchors.runs(this.text, '.'));
  }
}
export const all = (text: string, from: number, to: number, ok: (c: number) => boolean) => {
  for (let i = from; i < to; i++) if (!ok(text.charCodeAt(i))) return false;
  return true;
};
/** Not preceded by `:` or `.` (the rest of a lookbehind such as `(?<![\w:.])`; runs already start after a non-word character). */
export const afterNeither = (text: string, s: number, a: number, b: number) =>
  s === 0 || (text.charCodeAt(s - 1) !== a && text.charCodeAt(s - 1) !== b);

/** Offsets up to `before` characters before each `://` (a URL scheme of 2–21 characters). */
export function* schemeStarts(text: string): Iterable<number> {
  let next = 0;
  for (let k = text.indexOf('://'); k >= 0; k = text.indexOf('://', k + 1)) {
    for (let s = Math.max(next, k - 21); s <= k - 2; s++) yield s;
    next = Math.max(next, k - 1);
  }
}

/** `text.matchAll(regex)`, trying only the offsets `starts` yields (ascending; every possible match start among them). */
export function* anchoredMatches(sticky: RegExp, text: string, starts: Iterable<number>): Iterable<RegExpExecArray> {
  let from = 0;
  for (const s of starts) {
    if (s < from) continue;
    sticky.lastIndex = s;
    const m = sticky.exec(text);
    if (!m) continue;
    from = m[0].length ? s + m[0].length : s + 1;
    yield m;
  }
}
