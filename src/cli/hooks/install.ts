/**
 * `npm run hooks:install`: write the pre-commit hook, the only way it is ever
 * installed. It runs `scripts/pre-commit.mjs` with the project's pinned Node
 * (node_modules/.bin/node, the `node` devDependency), so nothing global is
 * needed. A hook that is not ours is never overwritten: we print the line to
 * add to it instead. `--uninstall` removes ours (and only ours).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { CliError, type FlagSpec, formatCliError, helpText, parseFlags } from '../shared/args.ts';
import { createFileAtomic, replaceFileAtomic } from '../shared/fs-safe.ts';
import { git, gitTopLevel } from '../shared/git.ts';

const COMMAND = 'hooks:install';
/** The line that marks a hook as ours: reinstalling replaces it, uninstalling removes it. */
export const HOOK_MARK = '# kb-pre-commit: installed by `npm run hooks:install`';

const FLAGS: FlagSpec[] = [
  { name: 'uninstall', help: 'Remove the hook (only if it is the one this command wrote).' },
  { name: 'help', short: 'h', help: 'This help.' },
];

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The hook script. `project` is the folder with package.json, relative to the repository root. */
export function hookScript(project: string): string {
  const dir = project ? `"$top"/${quote(project)}` : '"$top"';
  return [
    '#!/bin/sh',
    HOOK_MARK,
    '# (incident-kb). It checks the staged content files; `npm run hooks:install -- --uninstall` removes it.',
    'top="$(git rev-parse --show-toplevel)" || exit 1',
    `cd ${dir} || exit 1`,
    'if [ ! -x node_modules/.bin/node ]; then',
    "  echo 'pre-commit: node_modules/.bin/node is missing: run npm install (or commit with --no-verify)' >&2",
    '  exit 1',
    'fi',
    // The root found here, so the hook need not ask git again (~10 ms).
    'KB_PRE_COMMIT_TOP="$top" exec node_modules/.bin/node scripts/pre-commit.mjs',
    '',
  ].join('\n');
}

/** Where git runs the pre-commit hook from (worktrees and core.hooksPath included). */
function hookPath(top: string): string {
  const p = git(['rev-parse', '--git-path', 'hooks/pre-commit'], top)?.trim();
  if (!p) throw new CliError('cannot find the git hooks folder (git rev-parse --git-path hooks failed)', 2);
  return isAbsolute(p) ? p : resolve(top, p);
}

export async function runHooksInstall(argv: string[], project: string = process.cwd()): Promise<number> {
  try {
    const { flags } = parseFlags(argv, FLAGS);
    if (flags.help) {
      process.stdout.write(
        helpText(COMMAND, FLAGS, {
          summary: 'Install the pre-commit hook that checks staged content files and stops commits with errors or secrets.',
        }),
      );
      return 0;
    }
    const top = gitTopLevel(project);
    if (!top) throw new CliError('not inside a git repository: there is no hook to install', 2);
    const path = hookPath(top);
    const shown = relative(project, path) || path;
    const existing = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    const ours = existing?.includes(HOOK_MARK) ?? false;
    if (flags.uninstall) {
      if (existing === undefined) process.stdout.write(`No pre-commit hook at ${shown}: nothing to remove.\n`);
      else if (!ours) throw new CliError(`${shown} is not the hook this command installed; leaving it alone`, 1);
      else {
        rmSync(path);
        process.stdout.write(`Removed ${shown}.\n`);
      }
      return 0;
    }
    const script = hookScript(relative(top, project).split('\\').join('/'));
    if (existing !== undefined && !ours) {
      throw new CliError(
        [
          `${shown} already exists and is not ours; it is left as it is.`,
          'To run the knowledge-base check from it too, add this line to it (before any final exec):',
          '',
          `  (cd ${quote(project)} && node_modules/.bin/node scripts/pre-commit.mjs) || exit 1`,
          '',
        ].join('\n'),
        1,
      );
    }
    mkdirSync(dirname(path), { recursive: true });
    // Created without overwriting (a hook that appeared meanwhile stays), or ours replaced.
    await (existing === undefined ? createFileAtomic(path, script) : replaceFileAtomic(path, script));
    chmodSync(path, 0o755);
    process.stdout.write(
      `${existing === undefined ? 'Installed' : 'Updated'} the pre-commit hook: ${shown}\n` +
        'Each commit now checks its staged content files (npm run hooks:install -- --uninstall removes it).\n',
    );
    return 0;
  } catch (error) {
    const { text, exitCode } = formatCliError(COMMAND, error, FLAGS);
    process.stderr.write(text);
    return exitCode;
  }
}
