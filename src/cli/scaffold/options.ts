/**
 * Flags of `new-incident` and `new-playbook`: one table per command that
 * drives `node:util` parseArgs, the `--help` text and validation. Validation
 * collects every problem at once and names the valid choices.
 */
import { parseArgs } from 'node:util';
import { isValidTimeZone } from '../../schema/common.ts';
import { SEVERITIES, type KbConfig } from '../../schema/config.ts';
import { isValidSlug, slugify } from '../../core/slug.ts';
import { findPlaybook, matchExisting, type PlaybookRef } from './catalog.ts';
import { FILE_FORMATS, HEADING_LANGS, type FileFormat, type HeadingLang } from './render.ts';
import { parseStarted } from './started.ts';

/** Bad usage or a bad flag value: printed, then exit code 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
}

export interface FlagSpec {
  name: string;
  short?: string;
  /** Placeholder for the value in --help; absent for boolean flags. */
  arg?: string;
  multiple?: boolean;
  help: string;
}

const COMMON_TAIL: FlagSpec[] = [
  {
    name: 'lang',
    arg: 'en|ko|bilingual',
    help: 'Language of the section headings: "## Timeline", "## 시간 분석" or "## 시간 분석(Timeline)". Default: from site.lang in kb.config.yaml (en → en, ko → bilingual).',
  },
  { name: 'format', arg: 'mdx|md', help: 'File format. Default: mdx.' },
  { name: 'yes', short: 'y', help: 'Ask nothing: take the defaults for every value not given. Implied when stdin is not a terminal.' },
  { name: 'dry-run', help: 'Print the file that would be written; write nothing.' },
  { name: 'json', help: 'Print {"path","id","url"} as JSON on stdout (prompts, if any, go to stderr).' },
  { name: 'help', short: 'h', help: 'Show this help.' },
];

export const INCIDENT_FLAGS: FlagSpec[] = [
  {
    name: 'title',
    short: 't',
    arg: 'TEXT',
    help: 'One-line title (required). Korean is fine. May also be given as the only positional argument.',
  },
  {
    name: 'started',
    arg: 'WHEN',
    help: 'When it started: "now" (default), "30m ago", "2h ago", "HH:MM" (today; yesterday if still to come), "YYYY-MM-DD HH:MM", "오후 3시 10분", or with an offset "2024-03-05T14:02+09:00".',
  },
  { name: 'timezone', arg: 'IANA', help: "Time zone the times are written in, e.g. Asia/Seoul. Default: this machine's zone." },
  {
    name: 'severity',
    short: 's',
    arg: 'SEV1..SEV4',
    help: 'Severity (SEV2, sev2 or 2). Meanings come from kb.config.yaml. Default: SEV3.',
  },
  { name: 'service', arg: 'NAME', multiple: true, help: 'Affected service; repeat or comma-separate. Matches existing spellings.' },
  { name: 'tag', arg: 'TAG', multiple: true, help: 'Tag; repeat or comma-separate. Matches existing spellings.' },
  { name: 'author', arg: 'NAME', multiple: true, help: 'Author; repeatable. Default: `git config user.name`.' },
  { name: 'playbook', arg: 'ID', multiple: true, help: 'A playbook used (id or alias); repeat or comma-separate. Must exist.' },
  { name: 'slug', arg: 'SLUG', help: 'File name slug (lowercase-kebab ASCII). Default: the title, romanised.' },
  ...COMMON_TAIL,
];

export const PLAYBOOK_FLAGS: FlagSpec[] = [
  { name: 'title', short: 't', arg: 'TEXT', help: 'Title, usually the symptom (required). May also be the only positional argument.' },
  {
    name: 'id',
    arg: 'ID',
    help: 'Playbook id, also its URL /playbooks/<id>/ and file name (lowercase-kebab). Default: the title, romanised. A taken id gets -2, -3, ….',
  },
  { name: 'slug', arg: 'ID', help: 'Same as --id.' },
  {
    name: 'symptom',
    arg: 'TEXT',
    multiple: true,
    help: 'An exact error string or alert name; repeatable (not comma-split). Default: the title.',
  },
  { name: 'owner', arg: 'NAME', help: 'Team or person who keeps it correct. Default: `git config user.name`.' },
  { name: 'platform', arg: 'NAME', multiple: true, help: 'Platform it applies to; repeat or comma-separate.' },
  { name: 'service', arg: 'NAME', multiple: true, help: 'Service it applies to; repeat or comma-separate.' },
  { name: 'tag', arg: 'TAG', multiple: true, help: 'Tag; repeat or comma-separate.' },
  ...COMMON_TAIL,
];

export type RawFlags = Record<string, string | string[] | boolean | undefined>;

/** Parse argv against a flag table. Unknown flags and missing values are UsageErrors. */
export function parseFlags(argv: string[], specs: FlagSpec[]): { flags: RawFlags; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const s of specs) {
    options[s.name] = { type: s.arg ? 'string' : 'boolean', multiple: s.multiple === true };
    if (s.short) options[s.name].short = s.short;
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true, allowNegative: false });
    return { flags: values as RawFlags, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

export function helpText(command: string, summary: string, specs: FlagSpec[], examples: string[]): string {
  const left = (s: FlagSpec) => `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.arg ? ` ${s.arg}` : ''}${s.multiple ? ' …' : ''}`;
  const width = Math.max(...specs.map((s) => left(s).length)) + 2;
  const wrap = (text: string) => {
    const lines: string[] = [];
    let line = '';
    for (const word of text.split(' ')) {
      if (line && line.length + word.length + 1 > 78 - width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines.join(`\n${' '.repeat(width + 2)}`);
  };
  return [
    `Usage: npm run ${command} -- [options]`,
    '',
    summary,
    '',
    'Options:',
    ...specs.map((s) => `  ${left(s).padEnd(width)}${wrap(s.help)}`),
    '',
    'Examples:',
    ...examples.map((e) => `  ${e}`),
    '',
    'Exit codes: 0 written (or printed), 1 unexpected failure, 2 bad or missing input, 130 cancelled.',
    '',
  ].join('\n');
}

// ---------------------------------------------------------------- shared value checks

const str = (v: RawFlags[string]) => (typeof v === 'string' ? v : undefined);
/** Titles are one line: whitespace runs (newlines, tabs) become one space. */
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Repeatable flag values, optionally comma-separated, trimmed, without empties or duplicates. */
export function listFlag(v: RawFlags[string], splitCommas = true): string[] {
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  const parts = splitCommas ? raw.flatMap((s) => s.split(',')) : raw;
  return [...new Set(parts.map((s) => s.trim()).filter(Boolean))];
}

export function checkLang(value: string | undefined, errors: string[]): HeadingLang | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if ((HEADING_LANGS as string[]).includes(v)) return v as HeadingLang;
  errors.push(`--lang: unknown heading language "${value}"; use one of: ${HEADING_LANGS.join(', ')}`);
  return undefined;
}

export function checkFormat(value: string | undefined, errors: string[]): FileFormat | undefined {
  if (value === undefined) return undefined;
  const v = value.trim().toLowerCase().replace(/^\./, '');
  if ((FILE_FORMATS as string[]).includes(v)) return v as FileFormat;
  errors.push(`--format: unknown format "${value}"; use one of: ${FILE_FORMATS.join(', ')}`);
  return undefined;
}

export function checkSlug(flag: string, value: string | undefined, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  if (isValidSlug(value)) return value;
  const suggestion = slugify(value, { fallback: '' });
  errors.push(
    `--${flag}: "${value}" is not a valid slug; use lowercase ASCII letters, digits and single dashes${suggestion ? `, e.g. "${suggestion}"` : ''}`,
  );
  return undefined;
}

/** The IANA name in its canonical spelling (`asia/seoul` → `Asia/Seoul`), or undefined. */
export function canonicalTimeZone(name: string): string | undefined {
  try {
    const resolved = new Intl.DateTimeFormat('en', { timeZone: name.trim() }).resolvedOptions().timeZone;
    return isValidTimeZone(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

export function checkTimeZone(value: string | undefined, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  const tz = canonicalTimeZone(value);
  if (tz) return tz;
  const needle = value.trim().toLowerCase().replace(/\s+/g, '_');
  const close =
    needle.length >= 3
      ? Intl.supportedValuesOf('timeZone')
          .filter((z) => z.toLowerCase().includes(needle))
          .slice(0, 8)
      : [];
  errors.push(
    `--timezone: "${value}" is not an IANA time zone name; ${close.length ? `did you mean ${close.join(', ')}?` : 'use one like Asia/Seoul, Europe/Berlin, America/New_York or UTC'}`,
  );
  return undefined;
}

/** The machine's zone, or UTC when the runtime reports none usable. */
export function detectTimeZone(): string {
  return canonicalTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC') ?? 'UTC';
}

export function defaultLang(config: KbConfig): HeadingLang {
  return config.site.lang === 'ko' ? 'bilingual' : 'en';
}

/** The language severity meanings are shown in. */
export function meaningLang(lang: HeadingLang | undefined, config: KbConfig): 'en' | 'ko' {
  if (lang === 'en') return 'en';
  if (lang === 'ko' || lang === 'bilingual') return 'ko';
  return config.site.lang;
}

export function severityMeaning(config: KbConfig, severity: string, lang: 'en' | 'ko'): string | undefined {
  const m = config.severities[severity as (typeof SEVERITIES)[number]];
  return m?.[lang] || m?.en;
}

export function checkSeverity(value: string | undefined, config: KbConfig, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  const v = value
    .trim()
    .toUpperCase()
    .replace(/^(?:SEV)?\s*-?\s*(\d)$/, 'SEV$1');
  if ((SEVERITIES as readonly string[]).includes(v)) return v;
  const choices = SEVERITIES.map((s) => `  ${s}  ${severityMeaning(config, s, config.site.lang) ?? ''}`.trimEnd()).join('\n');
  errors.push(`--severity: unknown severity "${value}"; use one of:\n${choices}`);
  return undefined;
}

export function checkPlaybooks(values: string[], playbooks: PlaybookRef[], errors: string[]): string[] {
  const ids: string[] = [];
  for (const v of values) {
    const found = findPlaybook(playbooks, v);
    if (found) {
      if (!ids.includes(found.id)) ids.push(found.id);
      continue;
    }
    const close = playbooks.filter((p) => p.id.includes(v.toLowerCase()) || p.title.toLowerCase().includes(v.toLowerCase()));
    const shown = (close.length ? close : playbooks).slice(0, 15);
    errors.push(
      playbooks.length
        ? `--playbook: no playbook "${v}"; ${close.length ? 'did you mean' : 'existing playbooks'}:\n${shown.map((p) => `  ${p.id}  (${p.title})`).join('\n')}${playbooks.length > shown.length && !close.length ? `\n  … and ${playbooks.length - shown.length} more` : ''}`
        : `--playbook: no playbook "${v}"; there are no playbooks yet (create one with npm run new-playbook)`,
    );
  }
  return ids;
}

// ---------------------------------------------------------------- new-incident

export interface IncidentFlags {
  title?: string;
  startedText?: string;
  /** Resolved start, when --started was given (read in the --timezone or default zone). */
  startedEpoch?: number;
  timezone?: string;
  severity?: string;
  services: string[];
  tags: string[];
  authors: string[];
  playbooks: string[];
  lang?: HeadingLang;
  slug?: string;
  format?: FileFormat;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  help: boolean;
}

export interface IncidentContext {
  config: KbConfig;
  playbooks: PlaybookRef[];
  services: string[];
  tags: string[];
  now: number;
  defaultTimeZone: string;
}

/** Validate the flags that were given (all are optional here); throws one UsageError listing every problem. */
export function validateIncidentFlags(flags: RawFlags, positionals: string[], ctx: IncidentContext): IncidentFlags {
  const errors: string[] = [];
  let title = str(flags.title) === undefined ? undefined : oneLine(str(flags.title)!);
  if (positionals.length) {
    if (title !== undefined || positionals.length > 1) {
      errors.push(
        `unexpected argument${positionals.length > 1 ? 's' : ''}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}; quote the title or pass it with --title`,
      );
    } else title = oneLine(positionals[0]);
  }
  if (title === '') errors.push('--title: must not be empty');
  const timezone = checkTimeZone(str(flags.timezone), errors);
  let startedEpoch: number | undefined;
  const startedText = str(flags.started);
  if (startedText !== undefined) {
    const r = parseStarted(startedText, timezone ?? ctx.defaultTimeZone, ctx.now);
    if ('error' in r) errors.push(`--started: ${r.error}`);
    else startedEpoch = r.epoch;
  }
  const out: IncidentFlags = {
    title: title || undefined,
    startedText,
    startedEpoch,
    timezone,
    severity: checkSeverity(str(flags.severity), ctx.config, errors),
    services: listFlag(flags.service).map((s) => matchExisting(s, ctx.services)),
    tags: listFlag(flags.tag).map((s) => matchExisting(s, ctx.tags)),
    authors: listFlag(flags.author, false),
    playbooks: checkPlaybooks(listFlag(flags.playbook), ctx.playbooks, errors),
    lang: checkLang(str(flags.lang), errors),
    slug: checkSlug('slug', str(flags.slug), errors),
    format: checkFormat(str(flags.format), errors),
    yes: flags.yes === true,
    dryRun: flags['dry-run'] === true,
    json: flags.json === true,
    help: flags.help === true,
  };
  if (errors.length) throw new UsageError(errors.join('\n'));
  return out;
}

/** Everything needed to write an incident. */
export interface IncidentAnswers {
  title: string;
  startedEpoch: number;
  timezone: string;
  severity: string;
  services: string[];
  tags: string[];
  authors: string[];
  playbooks: string[];
  lang: HeadingLang;
  slug: string;
  format: FileFormat;
}

/** Non-interactive: fill what the flags left out with defaults. A missing title is a UsageError. */
export function incidentDefaults(f: IncidentFlags, ctx: IncidentContext, gitUser: () => string | undefined): IncidentAnswers {
  if (!f.title) {
    throw new UsageError(
      'missing --title: a title is required when not asking interactively (no terminal, or --yes).\n  e.g. npm run new-incident -- --title "Checkout latency spike" --severity SEV2',
    );
  }
  const user = f.authors.length ? undefined : gitUser();
  return {
    title: f.title,
    startedEpoch: f.startedEpoch ?? Math.floor(ctx.now / 60_000) * 60_000,
    timezone: f.timezone ?? ctx.defaultTimeZone,
    severity: f.severity ?? 'SEV3',
    services: f.services,
    tags: f.tags,
    authors: f.authors.length ? f.authors : user ? [user] : [],
    playbooks: f.playbooks,
    lang: f.lang ?? defaultLang(ctx.config),
    slug: f.slug ?? slugify(f.title),
    format: f.format ?? 'mdx',
  };
}

// ---------------------------------------------------------------- new-playbook

export interface PlaybookFlags {
  title?: string;
  id?: string;
  symptoms: string[];
  owner?: string;
  platforms: string[];
  services: string[];
  tags: string[];
  lang?: HeadingLang;
  format?: FileFormat;
  yes: boolean;
  dryRun: boolean;
  json: boolean;
  help: boolean;
}

export interface PlaybookContext {
  config: KbConfig;
  platforms: string[];
  services: string[];
  tags: string[];
}

export function validatePlaybookFlags(flags: RawFlags, positionals: string[], ctx: PlaybookContext): PlaybookFlags {
  const errors: string[] = [];
  let title = str(flags.title) === undefined ? undefined : oneLine(str(flags.title)!);
  if (positionals.length) {
    if (title !== undefined || positionals.length > 1) {
      errors.push(
        `unexpected argument${positionals.length > 1 ? 's' : ''}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}; quote the title or pass it with --title`,
      );
    } else title = oneLine(positionals[0]);
  }
  if (title === '') errors.push('--title: must not be empty');
  const idFlag = str(flags.id);
  const slugFlag = str(flags.slug);
  if (idFlag !== undefined && slugFlag !== undefined && idFlag !== slugFlag)
    errors.push(`--id "${idFlag}" and --slug "${slugFlag}" disagree; give one of them`);
  const owner = str(flags.owner)?.trim();
  if (owner === '') errors.push('--owner: must not be empty');
  const out: PlaybookFlags = {
    title: title || undefined,
    id: checkSlug(idFlag !== undefined ? 'id' : 'slug', idFlag ?? slugFlag, errors),
    symptoms: listFlag(flags.symptom, false),
    owner: owner || undefined,
    platforms: listFlag(flags.platform).map((s) => matchExisting(s, ctx.platforms)),
    services: listFlag(flags.service).map((s) => matchExisting(s, ctx.services)),
    tags: listFlag(flags.tag).map((s) => matchExisting(s, ctx.tags)),
    lang: checkLang(str(flags.lang), errors),
    format: checkFormat(str(flags.format), errors),
    yes: flags.yes === true,
    dryRun: flags['dry-run'] === true,
    json: flags.json === true,
    help: flags.help === true,
  };
  if (errors.length) throw new UsageError(errors.join('\n'));
  return out;
}

export interface PlaybookAnswers {
  title: string;
  id: string;
  symptoms: string[];
  owner: string;
  platforms: string[];
  services: string[];
  tags: string[];
  lang: HeadingLang;
  format: FileFormat;
}

export function playbookDefaults(f: PlaybookFlags, ctx: PlaybookContext, gitUser: () => string | undefined): PlaybookAnswers {
  const errors: string[] = [];
  if (!f.title) errors.push('missing --title: a title is required when not asking interactively (no terminal, or --yes).');
  const owner = f.owner ?? gitUser();
  if (!owner) errors.push('missing --owner: no owner given and `git config user.name` is not set.');
  if (errors.length || !f.title || !owner) {
    throw new UsageError(
      `${errors.join('\n')}\n  e.g. npm run new-playbook -- --title "Redis: OOM command not allowed" --owner platform-team`,
    );
  }
  return {
    title: f.title,
    id: f.id ?? slugify(f.title, { fallback: 'playbook' }),
    symptoms: f.symptoms.length ? f.symptoms : [f.title],
    owner,
    platforms: f.platforms,
    services: f.services,
    tags: f.tags,
    lang: f.lang ?? defaultLang(ctx.config),
    format: f.format ?? 'mdx',
  };
}
