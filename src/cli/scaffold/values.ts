/**
 * What the two scaffolders share: the tail of their flag tables and the value
 * checks, each of which collects its problem (with the valid choices) instead
 * of throwing, so one UsageError can list every problem at once.
 */
import { isValidTimeZone } from '../../schema/common.ts';
import { type KbConfig, severityLevels } from '../../schema/config.ts';
import { isValidSlug, slugify } from '../../core/slug.ts';
import { type FlagSpec, type RawFlags, stringFlag } from '../shared/args.ts';
import { findPlaybook, type PlaybookRef } from './catalog.ts';
import { FILE_FORMATS, HEADING_LANGS, type FileFormat, type HeadingLang } from './render.ts';

export const SCAFFOLD_EXIT_CODES = 'Exit codes: 0 written (or printed), 1 unexpected failure, 2 bad or missing input, 130 cancelled.';

export const COMMON_TAIL: FlagSpec[] = [
  {
    name: 'lang',
    arg: 'en|ko|bilingual',
    help: 'Language of the section headings: "## Timeline", "## 시간 분석" or "## 시간 분석(Timeline)". Default: from site.lang in kb.config.yaml (en → en, ko → bilingual).',
  },
  { name: 'format', arg: 'md|mdx', help: 'File format. Default: md (plain markdown, which runs no code).' },
  { name: 'yes', short: 'y', help: 'Ask nothing: take the defaults for every value not given. Implied when stdin is not a terminal.' },
  { name: 'dry-run', help: 'Print the file that would be written; write nothing.' },
  {
    name: 'json',
    help: 'Print {"path","id","url"} as JSON on stdout (prompts, if any, go to stderr). Through npm, run `npm run --silent …`: npm prints a banner on stdout.',
  },
  { name: 'help', short: 'h', help: 'Show this help.' },
];

/** Titles are one line: whitespace runs (newlines, tabs) become one space. */
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
/** Repeatable flag values, optionally comma-separated, trimmed, without empties or duplicates. */
export function listFlag(v: RawFlags[string], splitCommas = true): string[] {
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
  const parts = splitCommas ? raw.flatMap((s) => s.split(',')) : raw;
  return [...new Set(parts.map((s) => s.trim()).filter(Boolean))];
}

/** The title from --title or the only positional argument, on one line. */
export function checkTitle(flags: RawFlags, positionals: string[], errors: string[]): string | undefined {
  const given = stringFlag(flags.title);
  let title = given === undefined ? undefined : oneLine(given);
  if (positionals.length) {
    if (title !== undefined || positionals.length > 1) {
      errors.push(
        `unexpected argument${positionals.length > 1 ? 's' : ''}: ${positionals.map((p) => JSON.stringify(p)).join(' ')}; quote the title or pass it with --title`,
      );
    } else title = oneLine(positionals[0]);
  }
  if (title === '') errors.push('--title: must not be empty');
  return title || undefined;
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
  const m = config.severities[severity];
  return m?.[lang] || m?.en;
}

export function checkSeverity(value: string | undefined, config: KbConfig, errors: string[]): string | undefined {
  if (value === undefined) return undefined;
  const levels = severityLevels(config);
  // `sev2`, `SEV2`, `Sev-2`, `p2` or a bare `2`: the configured level with that name (ignoring case and dashes), or whose number it is.
  const key = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const v = key(value);
  const found = levels.find((l) => key(l) === v) ?? (/^\d+$/.test(v) ? levels.find((l) => l.replace(/\D/g, '') === v) : undefined);
  if (found) return found;
  const choices = levels.map((s) => `  ${s}  ${severityMeaning(config, s, config.site.lang) ?? ''}`.trimEnd()).join('\n');
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
