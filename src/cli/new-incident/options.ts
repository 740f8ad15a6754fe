/**
 * The flags of `npm run new-incident`, their validation (every problem at
 * once, with the valid choices) and the defaults taken without a terminal.
 */
import { defaultSeverity, type KbConfig } from '../../schema/config.ts';
import { slugify } from '../../core/slug.ts';
import { type FlagSpec, type RawFlags, stringFlag, UsageError } from '../shared/args.ts';
import { matchExisting, type PlaybookRef } from '../scaffold/catalog.ts';
import type { FileFormat, HeadingLang } from '../scaffold/render.ts';
import { parseStarted } from '../scaffold/started.ts';
import {
  COMMON_TAIL,
  checkFormat,
  checkLang,
  checkPlaybooks,
  checkSeverity,
  checkSlug,
  checkTimeZone,
  checkTitle,
  defaultLang,
  listFlag,
} from '../scaffold/values.ts';

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
    arg: 'LEVEL',
    help: 'Severity, a level from kb.config.yaml (SEV2, sev2 or 2 with the default SEV1–SEV4). Default: the middle level (SEV3).',
  },
  { name: 'service', arg: 'NAME', multiple: true, help: 'Affected service; repeat or comma-separate. Matches existing spellings.' },
  { name: 'tag', arg: 'TAG', multiple: true, help: 'Tag; repeat or comma-separate. Matches existing spellings.' },
  { name: 'author', arg: 'NAME', multiple: true, help: 'Author; repeatable. Default: `git config user.name`.' },
  { name: 'playbook', arg: 'ID', multiple: true, help: 'A playbook used (id or alias); repeat or comma-separate. Must exist.' },
  { name: 'slug', arg: 'SLUG', help: 'File name slug (lowercase-kebab ASCII). Default: the title, romanised.' },
  ...COMMON_TAIL,
];

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
  const title = checkTitle(flags, positionals, errors);
  const timezone = checkTimeZone(stringFlag(flags.timezone), errors);
  let startedEpoch: number | undefined;
  const startedText = stringFlag(flags.started);
  if (startedText !== undefined) {
    const r = parseStarted(startedText, timezone ?? ctx.defaultTimeZone, ctx.now);
    if ('error' in r) errors.push(`--started: ${r.error}`);
    else startedEpoch = r.epoch;
  }
  const out: IncidentFlags = {
    title,
    startedText,
    startedEpoch,
    timezone,
    severity: checkSeverity(stringFlag(flags.severity), ctx.config, errors),
    services: listFlag(flags.service).map((s) => matchExisting(s, ctx.services)),
    tags: listFlag(flags.tag).map((s) => matchExisting(s, ctx.tags)),
    authors: listFlag(flags.author, false),
    playbooks: checkPlaybooks(listFlag(flags.playbook), ctx.playbooks, errors),
    lang: checkLang(stringFlag(flags.lang), errors),
    slug: checkSlug('slug', stringFlag(flags.slug), errors),
    format: checkFormat(stringFlag(flags.format), errors),
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
    severity: f.severity ?? defaultSeverity(ctx.config),
    services: f.services,
    tags: f.tags,
    authors: f.authors.length ? f.authors : user ? [user] : [],
    playbooks: f.playbooks,
    lang: f.lang ?? defaultLang(ctx.config),
    slug: f.slug ?? slugify(f.title),
    format: f.format ?? 'md',
  };
}
