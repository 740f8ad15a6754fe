/**
 * Finds secrets (credentials that must be rotated) and personal data (values
 * that should be masked before publishing) in text. Pure: no I/O, no config.
 * `npm run check` turns the matches into diagnostics; `--fix` applies `mask`.
 *
 * Everything is scanned, code blocks included: leaked values usually sit in
 * pasted logs.
 */
import { isIPv4, isIPv6 } from 'node:net';

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

interface Detector {
  ruleId: string;
  kind: SensitiveKind;
  label: string;
  pattern: RegExp;
  /** Capture group holding the value (default 0). */
  group?: number;
  /** Extra filter on the value (and the text around it). */
  accept?: (value: string, text: string, start: number) => boolean;
  mask?: (value: string) => string;
  /** A match is impossible unless the text matches this: skip the scan otherwise. */
  needs?: RegExp;
  /** Every offset a match can start at, ascending: only these are tried (see `anchoredMatches`). */
  starts?: (text: string, anchors: Anchors) => Iterable<number>;
}

// ---------------------------------------------------------------- scan anchors
//
// Scanning a regex over every position of a 5 kB file is what made the scan
// slow. Most detectors contain a character that every match must hold (`@`,
// `://`, `:`): the possible starts are found from those, and the regex is tried
// (sticky) only there. The matches are the same as `matchAll`'s, which the
// tests check by comparing both scans.

const isWordCode = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** `[\w.+-]`, an email's local part. */
const isLocalPartCode = (c: number) => isWordCode(c) || c === 46 || c === 43 || c === 45;
const isHexCode = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const isLowerHexCode = (c: number) => (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
const isDigitCode = (c: number) => c >= 48 && c <= 57;

/**
 * Starts of the runs of `inRun` characters that end right before each `mark`
 * character (runs of at most `maxRun` characters). A match that must begin
 * with such a run (its lookbehind excludes a run character) can only start there.
 */
function* runStartsBefore(text: string, mark: string, inRun: (code: number) => boolean, maxRun: number): Iterable<number> {
  for (let k = text.indexOf(mark); k >= 0; k = text.indexOf(mark, k + 1)) {
    let j = k;
    while (j > 0 && inRun(text.charCodeAt(j - 1))) j--;
    if (j < k && k - j <= maxRun) yield j;
  }
}

/** The word-character runs (1–6 long) right before each `:` and each `.`, found once per text. */
class Anchors {
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
const all = (text: string, from: number, to: number, ok: (c: number) => boolean) => {
  for (let i = from; i < to; i++) if (!ok(text.charCodeAt(i))) return false;
  return true;
};
/** Not preceded by `:` or `.` (the rest of a lookbehind such as `(?<![\w:.])`; runs already start after a non-word character). */
const afterNeither = (text: string, s: number, a: number, b: number) =>
  s === 0 || (text.charCodeAt(s - 1) !== a && text.charCodeAt(s - 1) !== b);

/** Offsets up to `before` characters before each `://` (a URL scheme of 2–21 characters). */
function* schemeStarts(text: string): Iterable<number> {
  let next = 0;
  for (let k = text.indexOf('://'); k >= 0; k = text.indexOf('://', k + 1)) {
    for (let s = Math.max(next, k - 21); s <= k - 2; s++) yield s;
    next = Math.max(next, k - 1);
  }
}

/** Documentation and template values are not secrets: AKIAIOSFODNN7EXAMPLE, <password>, ${DB_PASS}, xxxx. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '');
  if (/example|replace|your[-_]?|changeme|placeholder|dummy|redacted|masked|sample/i.test(v)) return true;
  if (/^[<{[($%]|^\$\{|[>}\]]$/.test(v)) return true; // <password>, {{ secret }}, $VAR, %PASS%
  if (/^(?:x+|\*+|\.+|-+|_+|0+|password|passwd|pass|pwd|secret|token|null|none|true|false)$/i.test(v)) return true;
  return false;
}

// ---------------------------------------------------------------- IP addresses

function ipv4Octets(value: string): number[] | undefined {
  if (!isIPv4(value)) return undefined;
  return value.split('.').map(Number);
}

/**
 * True for globally routable IPv4 addresses. Private (10/8, 172.16/12,
 * 192.168/16), loopback, link-local, CGNAT, documentation (192.0.2/24,
 * 198.51.100/24, 203.0.113/24), benchmarking, multicast and reserved ranges are
 * not public.
 */
export function isPublicIPv4(value: string): boolean {
  const o = ipv4Octets(value);
  if (!o) return false;
  const [a, b, c] = o;
  if (a === 0 || a === 10 || a === 127 || a >= 224) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a === 169 && b === 254) return false;
  if (a === 100 && b >= 64 && b <= 127) return false; // carrier-grade NAT
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false;
  if (a === 198 && (b === 18 || b === 19)) return false; // benchmarking
  if (a === 198 && b === 51 && c === 100) return false;
  if (a === 203 && b === 0 && c === 113) return false;
  return true;
}

/** True for global unicast IPv6 (2000::/3) outside the documentation prefixes 2001:db8::/32 and 3fff::/20. */
export function isPublicIPv6(value: string): boolean {
  if (!isIPv6(value)) return false;
  const mapped = value.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i);
  if (mapped) return isPublicIPv4(mapped[1]);
  const first = value.startsWith('::') ? 0 : parseInt(value.split(':')[0], 16);
  if (first < 0x2000 || first > 0x3fff) return false;
  const lower = value.toLowerCase();
  if (/^2001:0?db8:/.test(lower)) return false;
  if (first === 0x3fff && /^3fff:0?[0-9a-f]{0,2}(?::|$)/.test(lower)) return false;
  return true;
}

const maskIPv4 = (v: string) => `${v.split('.').slice(0, 2).join('.')}.x.x`;
const maskIPv6 = (v: string) => `${v.split(':')[0]}:x:x:x:x:x:x:x`;

// ---------------------------------------------------------------- the detectors

/** An SSH destination (`ssh user@host.tld`) is a login, not an email address. */
function isSshDestination(text: string, start: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  return /\b(?:ssh|scp|sftp|rsync|mosh|git\s+clone)\b[^\n]*\s$/.test(text.slice(lineStart, start));
}

/** `scheme://user:password@host`: the part before `@` is credentials, not a mailbox. */
function isUrlUserInfo(text: string, start: number): boolean {
  const token =
    text
      .slice(Math.max(0, start - 200), start)
      .split(/[\s'"`<>(]/)
      .pop() ?? '';
  return token.includes('://');
}

const EMAIL_EXAMPLE_DOMAIN = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost|local|internal)$/i;

/** US 555-01xx numbers are reserved for fiction. */
const isFictionalPhone = (digits: string) => /55501\d\d$/.test(digits);

const DETECTOR_LIST: Detector[] = [
  {
    ruleId: 'secrets/private-key',
    kind: 'secret',
    label: 'private key block',
    pattern: /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY(?: BLOCK)?-----|$)/g,
    needs: /PRIVATE KEY/,
    accept: (v) => !/example|replace/i.test(v),
  },
  {
    ruleId: 'secrets/aws-access-key',
    kind: 'secret',
    label: 'AWS access key id',
    pattern: /(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Z0-9])/g,
    needs: /A(?:KIA|SIA|BIA|CCA|GPA|IDA|ROA|NPA|NVA|IPA|3T)/,
    accept: (v) => !isPlaceholderValue(v),
  },
  {
    ruleId: 'secrets/aws-secret-key',
    kind: 'secret',
    label: 'AWS secret access key',
    pattern:
      /(?:aws_?secret_?(?:access_?)?key|secret_?access_?key|SecretAccessKey)["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    needs: /secret/i,
    group: 1,
    accept: (v) => !isPlaceholderValue(v),
  },
  {
    ruleId: 'secrets/github-token',
    kind: 'secret',
    label: 'GitHub token',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
    needs: /gh[pousr]_|github_pat_/,
    accept: (v) => !isPlaceholderValue(v),
  },
  {
    ruleId: 'secrets/slack-token',
    kind: 'secret',
    label: 'Slack token or webhook',
    pattern: /(?<![A-Za-z0-9])(?:xox[abposre]-[A-Za-z0-9-]{10,}|https:\/\/hooks\.slack\.com\/(?:services|workflows)\/[A-Za-z0-9/_-]{20,})/g,
    needs: /xox[abposre]-|https:\/\/hooks\.slack\.com\//,
    accept: (v) => !isPlaceholderValue(v),
  },
  {
    ruleId: 'secrets/api-key',
    kind: 'secret',
    label: 'API key',
    pattern:
      /(?<![A-Za-z0-9_-])(?:AIza[0-9A-Za-z_-]{35}|sk_live_[0-9A-Za-z]{24,}|rk_live_[0-9A-Za-z]{24,}|sk-(?:proj-)?[A-Za-z0-9_-]{32,}|glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_-])/g,
    needs: /AIza|sk_live_|rk_live_|sk-|glpat-|npm_/,
    accept: (v) => !isPlaceholderValue(v),
  },
  {
    ruleId: 'secrets/bearer-token',
    kind: 'secret',
    label: 'bearer token',
    pattern: /\bBearer[ \t]+([A-Za-z0-9._~+/-]{20,}=*)/gi,
    needs: /bearer/i,
    group: 1,
    accept: (v) => !isPlaceholderValue(v) && /\d/.test(v) && /[A-Za-z]/.test(v),
  },
  {
    ruleId: 'secrets/jwt',
    kind: 'secret',
    label: 'JSON web token',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
    needs: /eyJ/,
  },
  {
    ruleId: 'secrets/url-password',
    kind: 'secret',
    label: 'password in a URL',
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@'"`<>]+:([^\s@/'"`<>]+)@[^\s/'"`<>]/gi,
    starts: schemeStarts,
    group: 1,
    accept: (v) => !isPlaceholderValue(v),
  },
  {
    ruleId: 'secrets/password',
    kind: 'secret',
    label: 'password in a connection string or setting',
    // `Password=...;`, `PGPASSWORD=...`, `--password=...`, `MYSQL_ROOT_PASSWORD: "..."`
    pattern:
      /(?<![A-Za-z0-9])(?:--?)?(?:[A-Za-z_]*pass(?:word|wd)|pwd)(?:[ \t]*=[ \t]*|:[ \t]*(?=["']))("[^"\n]{3,}"|'[^'\n]{3,}'|[^\s;'"&,)]{3,})/gi,
    needs: /pass|pwd/i,
    group: 1,
    accept: (v) => !isPlaceholderValue(v),
  },
  {
    ruleId: 'pii/ip-address',
    kind: 'pii',
    label: 'public IPv4 address',
    pattern: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)(?![\w])/g,
    // Starts with 1–3 digits right before a dot, not preceded by a word character or a dot.
    starts: (text, a) =>
      a.dot.filter(([s, k]) => k - s <= 3 && all(text, s, k, isDigitCode) && afterNeither(text, s, 46, 46)).map(([s]) => s),
    accept: (v) => isPublicIPv4(v),
    mask: maskIPv4,
  },
  {
    ruleId: 'pii/ip-address',
    kind: 'pii',
    label: 'public IPv6 address',
    pattern: /(?<![\w:.])(?:[0-9a-f]{1,4}:){1,7}(?::|(?::[0-9a-f]{1,4}){1,7}|[0-9a-f]{1,4})(?![\w:])/gi,
    // Starts with 1–4 hex digits right before a colon, not preceded by a word character, `:` or `.`.
    starts: (text, a) =>
      a.colon.filter(([s, k]) => k - s <= 4 && all(text, s, k, isHexCode) && afterNeither(text, s, 58, 46)).map(([s]) => s),
    accept: (v) => isPublicIPv6(v),
    mask: maskIPv6,
  },
  {
    ruleId: 'pii/email',
    kind: 'pii',
    label: 'email address',
    pattern: /(?<![\w.+-])[A-Za-z0-9][\w.+-]*@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24})(?![\w.-]*\w)/g,
    // The local part is the whole run of [\w.+-] before an `@`.
    starts: (text) => runStartsBefore(text, '@', isLocalPartCode, Infinity),
    accept: (v, text, start) =>
      !EMAIL_EXAMPLE_DOMAIN.test(v.split('@')[1]) &&
      !isSshDestination(text, start) &&
      !isUrlUserInfo(text, start) &&
      !/^(?:git|noreply|no-reply)@/i.test(v),
    mask: (v) => `${v[0]}***@${v.split('@')[1]}`,
  },
  {
    ruleId: 'pii/phone',
    kind: 'pii',
    label: 'phone number',
    // +82 10-1234-5678, (555) 123-4567, 010-1234-5678, 02-123-4567, 555.123.4567
    pattern:
      /(?<![\w+\-.:/])(?:\+\d{1,3}[ \t.-]?(?:\(?\d{1,4}\)?[ \t.-]?)?\d{2,4}[ \t.-]\d{3,4}(?:[ \t.-]\d{3,4})?|\(\d{2,4}\)[ \t]?\d{3,4}-\d{4}|0\d{1,2}-\d{3,4}-\d{4}|\d{3}[-.]\d{3}[-.]\d{4})(?![\w\-:/]|\.\d)/g,
    accept: (v) => {
      const digits = v.replace(/\D/g, '');
      return digits.length >= 9 && digits.length <= 15 && !isFictionalPhone(digits) && !/^(\d)\1+$/.test(digits);
    },
    mask: (v) => {
      let keep = 2;
      return [...v]
        .reverse()
        .map((ch) => (/\d/.test(ch) ? (keep-- > 0 ? ch : '*') : ch))
        .reverse()
        .join('');
    },
  },
  {
    ruleId: 'pii/fingerprint',
    kind: 'pii',
    label: 'SSH key fingerprint',
    // SHA256:v4eIpa+LzMev... (43 base64 characters) or an MD5 aa:bb:...:ff
    pattern: /(?<![\w])(?:SHA256:([A-Za-z0-9+/]{16,43})=?(?![A-Za-z0-9+/])|(?:MD5:)?([0-9a-f]{2}(?::[0-9a-f]{2}){15})(?![:\w]))/g,
    // `SHA256`, `MD5` or two lowercase hex digits, right before a colon, not preceded by a word character.
    starts: (text, a) =>
      a.colon
        .filter(([s, k]) => (k - s === 2 && all(text, s, k, isLowerHexCode)) || text.slice(s, k) === 'SHA256' || text.slice(s, k) === 'MD5')
        .map(([s]) => s),
    accept: (v) => !isPlaceholderValue(v.replace(/^(?:SHA256|MD5):/, '')) && !/^SHA256:[A-Z]+$/.test(v),
    mask: (v) =>
      v.startsWith('SHA256:') ? `SHA256:${v.slice(7, 11)}****` : v.replace(/[0-9a-f]{2}(?=:|$)/gi, (h, i: number) => (i < 6 ? h : 'xx')),
  },
];

/** With the `d` flag, so capture groups come with their offsets. */
const DETECTORS = DETECTOR_LIST.map((d) => ({
  ...d,
  regex: new RegExp(d.pattern.source, `${d.pattern.flags.replace('d', '')}d`),
  sticky: new RegExp(d.pattern.source, `${d.pattern.flags.replace(/[dgy]/g, '')}dy`),
}));

/** `text.matchAll(regex)`, trying only the offsets `starts` yields (ascending; every possible match start among them). */
function* anchoredMatches(sticky: RegExp, text: string, starts: Iterable<number>): Iterable<RegExpExecArray> {
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
