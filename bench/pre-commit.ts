/**
 * The `pre-commit` step: the hook as `git commit` runs it, on 3 staged
 * incidents of the generated corpus. The corpus folder's parent becomes a git
 * repository that looks like a checkout of this project (`scripts`, `src` and
 * `node_modules` linked in, the content committed), `npm run hooks:install`'s
 * script is written to its .git/hooks, three incidents get a line more and are
 * staged, and `.git/hooks/pre-commit` runs as a whole process: once first (a
 * fresh clone: nothing cached yet, its id cache in a fresh KB_CACHE_DIR), then
 * `runs` times, the other files a few seconds old as in a real checkout. The edits are undone
 * afterwards, so later steps see the corpus as generated.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { RECENT_MS } from '../src/check/id-cache.ts';
import { collect, runMeasured, tail, type ProcessRun } from './measure.ts';
import type { Measured } from './report.ts';

/** Staged files the step commits: the figure the README quotes is for three. */
export const PRE_COMMIT_STAGED = 3;

export interface PreCommitMeasured extends Measured {
  /** Staged incident files. */
  staged?: number;
  /** The first run, before the hook has cached anything (a fresh clone's first commit). */
  firstMs?: number;
}

export async function measurePreCommit(
  o: { projectDir: string; runs: number; nice: number },
  work: string,
  contentDir: string,
  log: (message: string) => void,
): Promise<PreCommitMeasured> {
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.email=bench@example.com', '-c', 'user.name=bench', ...args], { cwd: work, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
    return r.stdout;
  };
  if (join(contentDir, '..') !== work) return { skipped: 'the content root is not directly under the work folder' };
  for (const d of ['scripts', 'src', 'node_modules']) symlinkSync(join(o.projectDir, d), join(work, d));
  writeFileSync(join(work, '.gitignore'), '/scripts\n/src\n/node_modules\n/cache\n');
  git('init', '-q', '-b', 'main');
  git('add', '-A', 'content', '.gitignore');
  git('commit', '-qm', 'corpus', '--no-verify');
  // The hook the measured project installs (its own install.ts: the bench can measure another checkout).
  const { hookScript } = (await import(pathToFileURL(join(o.projectDir, 'src/cli/hooks/install.ts')).href)) as {
    hookScript: (project: string) => string;
  };
  const hook = join(work, '.git', 'hooks', 'pre-commit');
  writeFileSync(hook, hookScript(''));
  chmodSync(hook, 0o755);

  const dir = join(contentDir, 'incidents');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .slice(3, 3 + PRE_COMMIT_STAGED)
    .map((f) => join(dir, f));
  const originals = files.map((f) => readFileSync(f, 'utf8'));
  // The hook does not cache files changed in the last few seconds, and in a real checkout the other
  // files are older than that: wait until the corpus just written is too.
  const newest = Math.max(
    ...readdirSync(contentDir, { recursive: true, encoding: 'utf8' }).map((f) => statSync(join(contentDir, f)).ctimeMs),
  );
  await sleep(Math.max(0, newest + RECENT_MS + 250 - Date.now()));
  try {
    for (const [i, f] of files.entries()) writeFileSync(f, `${originals[i]}\nEdited for the pre-commit benchmark.\n`);
    git('add', ...files);
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' };
    delete env.KB_CONTENT_DIR; // the hook reads the repository's content/, as in a checkout
    env.KB_CACHE_DIR = join(work, 'cache'); // its id cache: fresh, and not in the project's node_modules
    const run = () => runMeasured(hook, [], { cwd: work, env, nice: o.nice, sampleMs: 50 });
    const first = await run();
    log(`pre-commit, first run (nothing cached): ${Math.round(first.wallMs)} ms, exit ${first.exitCode}`);
    const runs: ProcessRun[] = [];
    for (let i = 0; i < o.runs; i++) {
      runs.push(await run());
      log(`pre-commit run ${i + 1}/${o.runs}: ${Math.round(runs[i].wallMs)} ms, exit ${runs[i].exitCode}`);
    }
    const m = collect(runs);
    // The first run counts for failure too, not for the times.
    const firstFailed = first.exitCode !== 0;
    return {
      ...m,
      ok: m.ok && !firstFailed,
      failure: firstFailed ? tail(first) : m.failure,
      staged: files.length,
      firstMs: first.wallMs,
    };
  } finally {
    for (const [i, f] of files.entries()) writeFileSync(f, originals[i]);
    git('add', ...files);
  }
}
