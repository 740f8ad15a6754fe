/**
 * The flags of `npm run new-playbook`, their validation (every problem at
 * once, with the valid choices) and the defaults taken without a terminal.
 */
import type { KbConfig } from '../../schema/config.ts';
import { slugify } from '../../core/slug.ts';
import { type FlagSpec, type RawFlags, stringFlag, UsageError } from '../shared/args.ts';
import { matchExisting } from '../scaffold/catalog.ts';
import type { FileFormat, HeadingLang } from '../scaffold/render.ts';
import { COMMON_TAIL, checkFormat, checkLang, checkSlug, checkTitle, defaultLang, listFlag } from '../scaffold/values.ts';

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
  const title = checkTitle(flags, positionals, errors);
  const idFlag = stringFlag(flags.id);
  const slugFlag = stringFlag(flags.slug);
  if (idFlag !== undefined && slugFlag !== undefined && idFlag !== slugFlag)
    errors.push(`--id "${idFlag}" and --slug "${slugFlag}" disagree; give one of them`);
  const owner = stringFlag(flags.owner)?.trim();
  if (owner === '') errors.push('--owner: must not be empty');
  const out: PlaybookFlags = {
    title,
    id: checkSlug(idFlag !== undefined ? 'id' : 'slug', idFlag ?? slugFlag, errors),
    symptoms: listFlag(flags.symptom, false),
    owner: owner || undefined,
    platforms: listFlag(flags.platform).map((s) => matchExisting(s, ctx.platforms)),
    services: listFlag(flags.service).map((s) => matchExisting(s, ctx.services)),
    tags: listFlag(flags.tag).map((s) => matchExisting(s, ctx.tags)),
    lang: checkLang(stringFlag(flags.lang), errors),
    format: checkFormat(stringFlag(flags.format), errors),
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
    format: f.format ?? 'md',
  };
}
