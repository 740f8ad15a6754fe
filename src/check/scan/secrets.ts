/**
 * Finds secrets (credentials that must be rotated) and personal data (values
 * that should be masked before publishing) in text. Pure: no I/O, no config.
 * `npm run check` turns the matches into diagnostics; `--fix` applies `mask`.
 *
 * Everything is scanned, code blocks included: leaked values usually sit in
 * pasted logs.
 */
import { Anchors, anchoredMatches } from './anchors.ts';
import { DETECTORS } from './detectors.ts';

export { isPlaceholderValue } from './detectors.ts';
export { isPublicIPv4, isPublicIPv6 } from './network.ts';

export type SensitiveKind = 'secret' | 'pii';

export interface SensitiveMatch {
  /** Stable rule id, `secrets/<what>` or `pii/<what>`. */
  ruleId: string;
  kind: SensitiveKind;
  /** Offsets into the scanned text of the sensitive value itself (not its label). */
  start: number;
  end: number;
  value: string;
  /** What it is, for a message: "public IPv4 address". */
  label: string;
  /** A masked replacement that check no longer reports; only for PII. */
  mask?: string;
}

/** One detector's regex matches in `text`; `exhaustive` runs the plain `matchAll` (the reference). */
function detectorMatches(
  d: (typeof DETECTORS)[number],
  text: string,
  anchors: Anchors,
  exhaustive: boolean,
): Iterable<RegExpExecArray | RegExpMatchArray> {
  if (exhaustive) return text.matchAll(d.regex);
  if (d.needs && !d.needs.test(text)) return [];
  if (d.starts) return anchoredMatches(d.sticky, text, d.starts(text, anchors));
  return text.matchAll(d.regex);
}

export interface SensitiveRuleDoc {
  ruleId: string;
  kind: SensitiveKind;
  labels: string[];
}

/** One entry per rule id, for the rule registry. */
export function sensitiveRules(): SensitiveRuleDoc[] {
  const byId = new Map<string, SensitiveRuleDoc>();
  for (const d of DETECTORS) {
    const doc = byId.get(d.ruleId) ?? { ruleId: d.ruleId, kind: d.kind, labels: [] };
    doc.labels.push(d.label);
    byId.set(d.ruleId, doc);
  }
  return [...byId.values()];
}

export interface ScanOptions {
  /** Values (exact) or `/regex/` strings that are never reported as PII. */
  allow?: string[];
  /** Try every offset instead of only the possible starts (slower; the reference the tests compare against). */
  exhaustive?: boolean;
}

function allowMatcher(allow: string[] = []): (value: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const a of allow) {
    const m = a.match(/^\/(.+)\/([a-z]*)$/);
    if (m) {
      try {
        patterns.push(new RegExp(m[1], m[2]));
      } catch {
        exact.add(a);
      }
    } else exact.add(a);
  }
  return (v) => exact.has(v) || patterns.some((p) => p.test(v));
}

/** Every secret and PII value in `text`, in order of position. Never throws. */
export function scanSensitive(text: string, options: ScanOptions = {}): SensitiveMatch[] {
  const allowed = allowMatcher(options.allow);
  const found: SensitiveMatch[] = [];
  const anchors = new Anchors(text);
  for (const d of DETECTORS) {
    for (const m of detectorMatches(d, text, anchors, options.exhaustive ?? false)) {
      const span = m.indices?.[d.group ?? 0];
      if (!span) continue;
      const [start, end] = span;
      const value = text.slice(start, end);
      if (d.accept && !d.accept(value, text, start)) continue;
      if (d.kind === 'pii' && allowed(value)) continue;
      found.push({ ruleId: d.ruleId, kind: d.kind, start, end, value, label: d.label, mask: d.mask?.(value) });
    }
  }
  // One value, one finding: PII overlapping a secret (the host of a password URL) and
  // matches inside a larger one are dropped.
  const secrets = found.filter((f) => f.kind === 'secret');
  const overlapsSecret = (f: SensitiveMatch) => secrets.some((s) => s !== f && s.start < f.end && f.start < s.end);
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: SensitiveMatch[] = [];
  for (const f of found) {
    if (f.kind === 'pii' && overlapsSecret(f)) continue;
    if (kept.some((k) => k.start <= f.start && k.end >= f.end)) continue;
    kept.push(f);
  }
  return kept;
}

/** A short preview that never prints a whole secret: `ghp_…(40 chars)`. */
export function redact(match: Pick<SensitiveMatch, 'kind' | 'value' | 'mask'>): string {
  if (match.kind === 'pii' && match.mask) return match.mask;
  const v = match.value.split('\n')[0];
  return `${v.slice(0, Math.min(4, Math.floor(v.length / 4)))}…(${match.value.length} chars)`;
}
