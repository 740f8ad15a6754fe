/**
 * The detector table: one entry per kind of secret or personal data, with its
 * pattern, the filter that drops placeholders and look-alikes, the mask `--fix`
 * writes, and where a match can start (`anchors.ts`).
 */
import {
  afterNeither,
  all,
  type Anchors,
  isDigitCode,
  isHexCode,
  isLocalPartCode,
  isLowerHexCode,
  runStartsBefore,
  schemeStarts,
} from './anchors.ts';
import { isPublicIPv4, isPublicIPv6, maskIPv4, maskIPv6 } from './network.ts';
import type { SensitiveKind } from './secrets.ts';

export interface Detector {
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

/** Documentation and template values are not secrets: AKIAIOSFODNN7EXAMPLE, <password>, ${DB_PASS}, xxxx. */
export function isPlaceholderValue(value: string): boolean {
  const v = value.replace(/^["']|["']$/g, '');
  if (/example|replace|your[-_]?|changeme|placeholder|dummy|redacted|masked|sample/i.test(v)) return true;
  if (/^[<{[($%]|^\$\{|[>}\]]$/.test(v)) return true; // <password>, {{ secret }}, $VAR, %PASS%
  if (/^(?:x+|\*+|\.+|-+|_+|0+|password|passwd|pass|pwd|secret|token|null|none|true|false)$/i.test(v)) return true;
  return false;
}

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

/**
 * `2.4.1.8` after `v`, `version`, `release`, `==`, `@` or "upgraded … to" is a
 * version, not an address: never reported, never masked by `--fix`.
 */
function looksLikeVersion(text: string, start: number): boolean {
  const before = text.slice(Math.max(0, start - 48), start);
  return (
    /(?:\bv|\bversion[ \t:=]*|\bver[ \t.:=]*|\brelease[ \t:=]*|\bbuild[ \t:=]*|==|>=|<=|~=|@|버전[ \t:]*)[ \t]*$/i.test(before) ||
    /\b(?:upgrad|downgrad|bump|roll(?:ed|ing)?[ \t]*back|revert|pin|migrat)\w*[ \t]+(?:[\w.@/-]+[ \t]+){0,4}(?:to|from)[ \t]+$/i.test(
      before,
    )
  );
}

/** `100-200-3000` is no North American number: area codes and exchanges start with 2–9. Other shapes pass. */
function validNanp(value: string): boolean {
  const m = value.match(/^\(?(\d{3})\)?[ \t.-]?(\d{3})[-.](\d{4})$/);
  return !m || (/^[2-9]/.test(m[1]) && /^[2-9]/.test(m[2]));
}

/** US 555-01xx numbers are reserved for fiction. */
const isFictionalPhone = (digits: string) => /55501\d\d$/.test(digits);

export const DETECTOR_LIST: Detector[] = [
  {
    ruleId: 'secrets/private-key',
    kind: 'secret',
    label: 'private key block',
    // Every PEM type (RSA, EC, DSA, OPENSSH, ENCRYPTED, PGP … BLOCK), also inside JSON strings, and PuTTY key files.
    pattern:
      /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END \1PRIVATE KEY(?: BLOCK)?-----|$)|PuTTY-User-Key-File-\d+:[^\n]*\n(?:[^\n]*\n){0,40}?Private-Lines:[ \t]*\d+/g,
    needs: /PRIVATE KEY|PuTTY-User-Key-File/,
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
    // Google, Stripe (secret, restricted, webhook), OpenAI (project, service-account, admin, legacy), Anthropic,
    // GitLab, npm, PyPI, SendGrid, HashiCorp Vault, Twilio API keys. A long `sk-…` run of words and dashes
    // (a pod name such as sk-ledger-reconciler-7d9f8c6b5-x2x9k) is none of them.
    pattern:
      /(?<![A-Za-z0-9_-])(?:AIza[0-9A-Za-z_-]{35}|(?:sk|rk)_live_[0-9A-Za-z]{24,}|whsec_[A-Za-z0-9+/]{32,}|sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|sk-[A-Za-z0-9]{48}|sk-ant-(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{40,}|glpat-[A-Za-z0-9_-]{20,}|npm_[A-Za-z0-9]{36}|pypi-AgE[A-Za-z0-9_-]{50,}|SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}|hv[sb]\.[A-Za-z0-9_-]{24,}|SK[0-9a-f]{32})(?![A-Za-z0-9_-])/g,
    needs: /AIza|_live_|whsec_|sk-|glpat-|npm_|pypi-|SG\.|hv[sb]\.|SK[0-9a-f]/,
    accept: (v) => !isPlaceholderValue(v) && (!v.startsWith('sk-') || (/\d/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v))),
  },
  {
    ruleId: 'secrets/cloud-key',
    kind: 'secret',
    label: 'Azure storage or service-bus key',
    // Azure storage and service-bus connection strings: AccountKey=…, SharedAccessKey=….
    pattern: /\b(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,}={0,2})/g,
    needs: /AccountKey=|SharedAccessKey=/,
    group: 1,
    accept: (v) => !isPlaceholderValue(v),
  },
  {
    ruleId: 'secrets/cloud-key',
    kind: 'secret',
    label: 'GCP service-account key',
    // A service-account JSON names its key; its private_key is a PEM block (secrets/private-key).
    pattern: /"private_key_id"\s*:\s*"([0-9a-f]{40})"/g,
    needs: /private_key_id/,
    group: 1,
  },
  {
    ruleId: 'secrets/basic-auth',
    kind: 'secret',
    label: 'HTTP basic credentials',
    // `Authorization: Basic dXNlcjpwYXNz`: base64 of user:password.
    pattern: /\bBasic[ \t]+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/g,
    needs: /Basic/,
    group: 1,
    accept: (v) => {
      const decoded = Buffer.from(v, 'base64').toString('utf8');
      return /^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded) && !isPlaceholderValue(decoded.split(':').slice(1).join(':'));
    },
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
    // `PWD=/srv/orders` (and OLDPWD) is the shell's working directory, not a password.
    accept: (v, text, start) =>
      !isPlaceholderValue(v) &&
      !(/(?:^|[^A-Za-z_])(?:OLD)?PWD[ \t]*=[ \t]*$/.test(text.slice(Math.max(0, start - 12), start)) && /^["']?[/~.]/.test(v)),
  },
  {
    ruleId: 'secrets/password',
    kind: 'secret',
    label: 'password in a setting',
    // An unquoted YAML/INI setting on its own line: `password: hunter2x`, `  db_password: Zx9!…`, `- secret_key: …`.
    pattern:
      /^[ \t]*(?:- )?[A-Za-z_.-]*(?:pass(?:word|wd)|secret(?:_key)?|api_?key|auth_?token|private_?key)[ \t]*:[ \t]+([^\s'"#{[<$%][^\s#]{5,})[ \t]*(?:#.*)?$/gim,
    needs: /pass|secret|api_?key|token|private/i,
    group: 1,
    // A value with a digit or a symbol, not a word: `password: changed` or `secret: rotated` is prose.
    accept: (v) => !isPlaceholderValue(v) && /[\d!@$%^&*_+=~-]/.test(v) && !/^(?:true|false|null|required|optional|\d+)$/i.test(v),
  },
  {
    ruleId: 'secrets/password',
    kind: 'secret',
    label: 'password on a MySQL command line',
    // `mysql -u root -pHunter2 app`: the password follows -p with no space.
    pattern: /\bmysql(?:dump|admin|import|show|check)?\b[^\n]*?[ \t]-p([^\s'"]{3,}|'[^'\n]+'|"[^"\n]+")/g,
    needs: /mysql/,
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
    accept: (v, text, start) => isPublicIPv4(v) && !looksLikeVersion(text, start),
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
      return digits.length >= 9 && digits.length <= 15 && !isFictionalPhone(digits) && !/^(\d)\1+$/.test(digits) && validNanp(v);
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
export const DETECTORS = DETECTOR_LIST.map((d) => ({
  ...d,
  regex: new RegExp(d.pattern.source, `${d.pattern.flags.replace('d', '')}d`),
  sticky: new RegExp(d.pattern.source, `${d.pattern.flags.replace(/[dgy]/g, '')}dy`),
}));
