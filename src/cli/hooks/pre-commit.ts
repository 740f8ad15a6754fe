/**
 * The pre-commit hook (`npm run hooks:install` puts a two-line script in
 * .git/hooks that runs `scripts/pre-commit.mjs`): check the staged content
 * files, as they are staged (`git show :path`), against the content root, and
 * stop the commit on an error: a secret above all, since git history keeps it.
 * Other files are read only for their ids, so a few files take well under a
 * second (README "Working in a team").
 */
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { contentRoot } from '../../core/config.ts';
import { formatCliError } from '../shared/args.ts';
import { git, gitTopLevel, textsAt } from '../shared/git.ts';

const COMMAND = 'pre-commit';
const CONTENT_FILE = /^(?:incidents|playbooks)\/.+\.mdx?$/;

export async function runPreCommit(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Promise<number> {
  try {
    const top = gitTopLevel(cwd);
    if (!top) return 0; // not in a repository: nothing is being committed
    const root = contentRoot(env, cwd);
    const staged = (git(['diff', '--cached', '--name-only', '--diff-filter=ACMR', '--no-renames', '-z'], top) ?? '')
      .split('\0')
      .filter(Boolean)
      .filter((p) => {
        const rel = relative(root, `${top}/${p}`).split(sep).join('/');
        return CONTENT_FILE.test(rel) && !rel.startsWith('../');
      });
    if (!staged.length || !existsSync(root)) return 0;
    const texts = textsAt('', staged, top); // `:path` is the staged version
    const abs = staged.map((p) => `${top}/${p}`.split('/').join(sep));
    const { exitCodeFor, formatReport, runCheck } = await import('../../check/index.ts');
    const result = await runCheck({
      root,
      cwd,
      focus: {
        changed: abs,
        gone: [],
        baseNames: [],
        dependants: false,
        texts: new Map(abs.flatMap((p, i) => (texts[i] === undefined ? [] : [[p, texts[i]!] as const]))),
      },
    });
    const code = exitCodeFor(result);
    if (result.errorCount + result.warningCount > 0) {
      process.stdout.write(formatReport(result, { format: 'text', color: process.stdout.isTTY && !env.NO_COLOR }));
    }
    if (code)
      process.stderr.write(
        'pre-commit: commit stopped: fix the errors above in the staged files (git add them again).\n' +
          'A secret must be removed and rotated (git history keeps it); `git commit --no-verify` skips this check.\n',
      );
    return code;
  } catch (error) {
    const { text, exitCode } = formatCliError(COMMAND, error);
    process.stderr.write(text);
    return exitCode;
  }
}
