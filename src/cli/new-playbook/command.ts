/**
 * `npm run new-playbook`: ask (or read flags), then write `playbooks/<id>.md`.
 * An id already used by a playbook (id, alias or file name) gets -2, -3, ….
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { contentRoot, loadConfig } from '../../core/config.ts';
import { createFileAtomic, suffixed } from '../shared/fs-safe.ts';
import { playbookIdsInUse, readCatalog } from '../scaffold/catalog.ts';
import {
  displayPath,
  gitUserName,
  isInteractive,
  printJsonResult,
  reportCreated,
  reportError,
  requireRoot,
  type CliIO,
} from '../shared/io.ts';
import { helpText, parseFlags } from '../shared/args.ts';
import { detectTimeZone, SCAFFOLD_EXIT_CODES } from '../scaffold/values.ts';
import { PLAYBOOK_FLAGS, playbookDefaults, validatePlaybookFlags, type PlaybookAnswers } from './options.ts';
import { renderPlaybook } from '../scaffold/render.ts';
import { today } from '../../core/today.ts';

const COMMAND = 'new-playbook';

export const PLAYBOOK_HELP = helpText(COMMAND, PLAYBOOK_FLAGS, {
  summary:
    'Scaffold a troubleshooting playbook: content/playbooks/<id>.md with last_reviewed today and every\nplaybook section with guidance. On a terminal it asks for what the flags leave out.',
  examples: [
    'npm run new-playbook',
    'npm run new-playbook -- --yes --title "Redis: OOM command not allowed" --owner platform-team \\\n      --symptom "OOM command not allowed when used memory > \'maxmemory\'" --service redis',
    'npm run new-playbook -- -y -t "디스크 용량 부족" --id disk-full --owner 인프라팀 --symptom "No space left on device" --lang ko',
  ],
  footer: [SCAFFOLD_EXIT_CODES],
});

export interface NewPlaybookResult {
  path: string;
  id: string;
  url: string;
  content: string;
  /** The id asked for, when it was taken and a suffix was added. */
  requestedId?: string;
}

/** Create `playbooks/<id>.<format>`, moving to `<id>-2`, `<id>-3`, … past ids and files already taken. */
export async function writePlaybook(
  root: string,
  a: PlaybookAnswers,
  takenIds: Set<string>,
  lastReviewed: string,
  dryRun: boolean,
): Promise<NewPlaybookResult> {
  const dir = join(root, 'playbooks');
  const taken = (id: string) => takenIds.has(id) || existsSync(join(dir, `${id}.md`)) || existsSync(join(dir, `${id}.mdx`));
  for (let n = 1; n < 10_000; n++) {
    const id = suffixed(a.id, n);
    if (taken(id)) continue;
    const path = join(dir, `${id}.${a.format}`);
    const content = renderPlaybook({ ...a, id, lastReviewed });
    const result = { path, id, url: `/playbooks/${id}/`, content, requestedId: id === a.id ? undefined : a.id };
    if (dryRun) return result;
    try {
      await createFileAtomic(path, content);
      return result;
    } catch (error) {
      // Created by a concurrent run since we looked: take the next suffix.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`no free playbook id near ${a.id}`);
}

export async function runNewPlaybook(argv: string[], io: CliIO): Promise<number> {
  try {
    const { flags, positionals } = parseFlags(argv, PLAYBOOK_FLAGS);
    if (flags.help) {
      io.stdout.write(PLAYBOOK_HELP);
      return 0;
    }
    const root = contentRoot(io.env, io.cwd);
    requireRoot(root);
    const config = loadConfig(root);
    const json = flags.json === true;
    const interactive = isInteractive(io, flags.yes === true, json);
    const catalog = await readCatalog(root);
    const ctx = { config, platforms: catalog.playbookPlatforms, services: catalog.playbookServices, tags: catalog.playbookTags };
    const f = validatePlaybookFlags(flags, positionals, ctx);
    const gitUser = gitUserName(io.cwd);
    const takenIds = playbookIdsInUse(catalog.playbooks);

    let answers: PlaybookAnswers;
    const promptIO = { input: io.stdin, output: json ? io.stderr : io.stdout };
    if (interactive) {
      const { promptPlaybook } = await import('../scaffold/prompts.ts');
      const r = await promptPlaybook(f, { ...ctx, takenIds, gitUser }, promptIO);
      if (typeof r === 'symbol') return 130; // CANCELLED
      answers = r;
    } else {
      answers = playbookDefaults(f, ctx, gitUser);
    }

    const reviewed = today({ env: io.env, now: io.now, timeZone: detectTimeZone() });
    const result = await writePlaybook(root, answers, takenIds, reviewed, f.dryRun);
    const shown = displayPath(result.path, io.cwd);
    const renamed = result.requestedId ? `the id "${result.requestedId}" is taken, so this playbook is "${result.id}"` : undefined;
    if (renamed) io.stderr.write(`${COMMAND}: note: ${renamed}\n`);
    if (json) {
      printJsonResult(io, shown, result, f.dryRun);
      return 0;
    }
    if (f.dryRun) {
      io.stdout.write(`# dry run: would write ${shown}; nothing was written\n${result.content}`);
      return 0;
    }
    const lines = [
      `${shown}`,
      `id:  ${result.id}`,
      `url: ${result.url}`,
      '',
      'Next steps:',
      `  1. Fill in causes, diagnosis and fixes (one ### per item, commands in code blocks): $EDITOR ${shown}`,
      `  2. npm run dev    → http://localhost:4321${result.url}`,
      `  3. npm run check  → lists the sections still to fill`,
      `  4. Link it from incidents: playbooks: ["${result.id}"]`,
    ];
    await reportCreated(io, interactive, promptIO, lines, root, result.path);
    return 0;
  } catch (error) {
    return reportError(error, io, COMMAND);
  }
}
