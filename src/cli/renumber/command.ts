/**
 * `npm run renumber -- <INCIDENT-ID or file>`: give a draft the id its date
 * calls for. An imported post-mortem without a date gets an id of the year it
 * was imported; once the author fills in `started`, the id's year and the
 * incident's disagree (check says so). This allocates the next free id of the
 * right year under the id lock, keeps the old id as an alias (old links still
 * redirect), and renames a dated file name to the new date. Only drafts:
 * a published id never changes.
 */
import { existsSync, linkSync, readFileSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { contentRoot } from '../../core/config.ts';
import { listContentFiles } from '../../core/content.ts';
import { parseEntry } from '../../core/entry.ts';
import { fillFrontmatter } from '../../core/frontmatter/write.ts';
import { type FlagSpec, formatCliError, helpText, parseFlags, UsageError } from '../shared/args.ts';
import { replaceFileAtomic } from '../shared/fs-safe.ts';
import { incidentIdsInUse, nextIncidentId, withIdLock } from '../shared/ids.ts';

const COMMAND = 'renumber';
const FLAGS: FlagSpec[] = [
  { name: 'dry-run', help: 'Print what would change; change nothing.' },
  { name: 'help', short: 'h', help: 'This help.' },
];
const HELP = helpText(COMMAND, FLAGS, {
  usage: 'npm run renumber -- <INCIDENT-ID or file> [--dry-run]',
  summary:
    "Give a draft the id of its `started` year (INC-<year>-NNN), keep the old id as an alias, and rename a dated file.\nOnly drafts: a published incident's id never changes.",
});

async function findIncident(root: string, target: string): Promise<string> {
  if (existsSync(target)) return target;
  for (const path of await listContentFiles(root, 'incident')) {
    const data = parseEntry(readFileSync(path, 'utf8'), path, 'incident').frontmatter;
    if (data?.id === target || (Array.isArray(data?.aliases) && data.aliases.includes(target))) return path;
  }
  throw new UsageError(`no incident with the id or alias ${target} under ${root}`);
}

async function main(argv: string[]): Promise<number> {
  const { flags, positionals } = parseFlags(argv, FLAGS);
  if (flags.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('give one incident: its id (INC-2024-003) or its file');
  const root = contentRoot();
  const path = await findIncident(root, positionals[0]);
  const dryRun = flags['dry-run'] === true;
  return withIdLock(root, async () => {
    const text = readFileSync(path, 'utf8');
    const entry = parseEntry(text, path, 'incident');
    const fm = entry.frontmatter ?? {};
    const oldId = String(fm.id ?? '');
    const started = typeof fm.started === 'string' ? fm.started : undefined;
    if (fm.status !== 'draft')
      throw new UsageError(`${relative(process.cwd(), path)} is ${fm.status ?? 'not a draft'}: a published id never changes`);
    if (!started) throw new UsageError(`${relative(process.cwd(), path)} has no \`started\` yet: fill it in first`);
    const year = Number(started.slice(0, 4));
    if (oldId.startsWith(`INC-${year}-`)) {
      process.stdout.write(`${oldId} already has the year of \`started\` (${year}); nothing to do.\n`);
      return 0;
    }
    const newId = nextIncidentId(await incidentIdsInUse(root), year);
    const aliases = [...(Array.isArray(fm.aliases) ? (fm.aliases as string[]) : []), ...(oldId ? [oldId] : [])];
    const yaml = entry.tree.children[0]?.type === 'yaml' ? entry.tree.children[0] : undefined;
    if (!yaml?.position) throw new UsageError(`${path} has no frontmatter`);
    const start = text.indexOf('\n') + 1;
    const end = start + yaml.value.length;
    const newYaml = fillFrontmatter(text.slice(start, end), [
      { key: 'id', value: newId, replace: true },
      { key: 'aliases', value: aliases, replace: true, after: ['summary', 'title', 'id'] },
    ]);
    const newText = text.slice(0, start) + newYaml + text.slice(end);
    const name = basename(path);
    const dated = /^\d{4}-\d{2}-\d{2}-/.test(name) && !name.startsWith(started.slice(0, 10));
    const newPath = dated ? join(dirname(path), `${started.slice(0, 10)}${name.slice(10)}`) : path;
    if (newPath !== path && existsSync(newPath)) throw new UsageError(`${newPath} exists already; rename the file yourself`);
    const shown = (p: string) => relative(process.cwd(), p);
    process.stdout.write(`${dryRun ? 'would renumber' : 'renumbered'} ${oldId || '(no id)'} → ${newId} (the old id stays as an alias)\n`);
    if (newPath !== path) process.stdout.write(`${dryRun ? 'would rename' : 'renamed'} ${shown(path)} → ${shown(newPath)}\n`);
    if (dryRun) return 0;
    await replaceFileAtomic(path, newText);
    if (newPath !== path) {
      // A hard link fails if the name was taken meanwhile: nothing is overwritten.
      linkSync(path, newPath);
      unlinkSync(path);
    }
    return 0;
  });
}

export async function runRenumber(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    const { text, exitCode } = formatCliError(COMMAND, error, FLAGS);
    process.stderr.write(text);
    return exitCode;
  }
}
