/**
 * The pre-commit hook (`npm run hooks:install` puts a two-line script in
 * .git/hooks that runs `scripts/pre-commit.mjs`): check the staged content
 * files, as they are staged (`:path` in the index), against the content root, and
 * stop the commit on an error: a secret above all, since git history keeps it.
 * Other files are read only for their ids, so a few files take well under a
 * second (README "Working in a team").
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { gitAsync, textsAtAsync } from '../shared/git.ts';

const COMMAND = 'pre-commit';
const CONTENT_FILE = /^(?:incidents|playbooks)\/.+\.mdx?$/;

/**
 * Where the ids of the other files are kept between commits (src/check/id-cache.ts):
 * the project's cache folder, as astro.config.mjs sets it (`KB_CACHE_DIR`, default
 * node_modules/.astro), or nowhere when the hook runs outside a project checkout.
 */
function idCacheDir(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (env.KB_CACHE_DIR) return join(resolve(cwd, env.KB_CACHE_DIR), 'kb-pre-commit');
  return existsSync(join(cwd, 'node_modules')) ? join(cwd, 'node_modules', '.astro', 'kb-pre-commit') : undefined;
}

export async function runPreCommit(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): Promise<number> {
  try {
    // git answers in the background while the checker's modules load (most of the hook's time):
    // the repository's root and the staged names now, the staged texts once the names are known.
    // The hook script passes the root it found (KB_PRE_COMMIT_TOP); run by hand, or by a hook installed before, git says.
    const topAsked = env.KB_PRE_COMMIT_TOP
      ? Promise.resolve(Buffer.from(env.KB_PRE_COMMIT_TOP))
      : gitAsync(['rev-parse', '--show-toplevel'], cwd);
    // Names relative to the root (as from the root itself), whatever `diff.relative` says.
    const namesAsked = gitAsync(
      ['-c', 'diff.relative=false', 'diff', '--cached', '--name-only', '--diff-filter=ACMR', '--no-renames', '-z'],
      cwd,
    );
    const { contentRoot } = await import('../../core/config.ts');
    (await import('../../schema/common.ts')).validateWithoutCompiling(); // a few files: zod's compiled fast paths do not pay
    const top = (await topAsked)?.toString('utf8').trim() || undefined;
    if (!top) return 0; // not in a repository: nothing is being committed
    const root = contentRoot(env, cwd);
    const staged = ((await namesAsked)?.toString('utf8') ?? '')
      .split('\0')
      .filter(Boolean)
      .filter((p) => {
        const rel = relative(root, `${top}/${p}`).split(sep).join('/');
        return CONTENT_FILE.test(rel) && !rel.startsWith('../');
      });
    if (!staged.length || !existsSync(root)) return 0;
    const textsAsked = textsAtAsync('', staged, top); // `:path` is the staged version; one `git cat-file --batch`
    // The check without its reports: those (vfile-reporter and its helpers) load only when there is something to print.
    const { exitCodeFor, runCheck } = await import('../../check/runner.ts');
    const { IdCache } = await import('../../check/id-cache.ts');
    const { readText } = await import('../../core/content.ts'); // loaded with the checker already
    const cacheDir = idCacheDir(env, cwd);
    const cacheFile = cacheDir && join(cacheDir, IdCache.fileName(root));
    const cache = IdCache.read(cacheFile && readText(cacheFile), root);
    // Today's date first: its time-zone data (~25 ms the first time) loads while git reads the staged texts.
    const day = (await import('../../core/today.ts')).today();
    const texts = await textsAsked;
    const abs = staged.map((p) => `${top}/${p}`.split('/').join(sep));
    const result = await runCheck({
      root,
      cwd,
      today: day,
      focus: {
        changed: abs,
        gone: [],
        baseNames: [],
        dependants: false,
        texts: new Map(abs.flatMap((p, i) => (texts[i] === undefined ? [] : [[p, texts[i]!] as const]))),
        cache,
      },
    });
    const saved = cacheFile && cache.serialize();
    if (saved) await saveCache(cacheFile, saved);
    const code = exitCodeFor(result);
    if (result.errorCount + result.warningCount > 0) {
      const { formatReport } = await import('../../check/report.ts');
      process.stdout.write(formatReport(result, { format: 'text', color: process.stdout.isTTY && !env.NO_COLOR }));
    }
    if (code)
      process.stderr.write(
        'pre-commit: commit stopped: fix the errors above in the staged files (git add them again).\n' +
          'A secret must be removed and rotated (git history keeps it); `git commit --no-verify` skips this check.\n',
      );
    return code;
  } catch (error) {
    const { formatCliError } = await import('../shared/args.ts');
    const { text, exitCode } = formatCliError(COMMAND, error);
    process.stderr.write(text);
    return exitCode;
  }
}

/** Write the cache atomically; a cache that cannot be written is only slower next time. */
async function saveCache(path: string, text: string): Promise<void> {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    const { replaceFileAtomic } = await import('../shared/fs-safe.ts');
    await replaceFileAtomic(path, text);
  } catch {
    // read-only checkout, full disk: the next run reads the files again
  }
}
