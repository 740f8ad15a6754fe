/**
 * The few git questions the CLIs ask (`check --changed`, the pre-commit hook,
 * CI annotations): plain `git` subprocesses, no library. A failure is an
 * answer too (undefined), so callers decide what a missing git means. Light
 * on purpose (no config, no schema): the pre-commit hook asks git its
 * questions in the background while it loads the checker.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from './errors.ts';

/** git's stdout, or undefined when git is missing or the command fails. */
export function git(args: readonly string[], cwd: string = process.cwd()): string | undefined {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  return r.status === 0 && !r.error ? r.stdout : undefined;
}

/**
 * `git` in the background: its stdout, or undefined when git is missing or
 * fails. `input` is written to its stdin.
 */
export function gitAsync(args: readonly string[], cwd: string, input?: string): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const child = spawn('git', args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'ignore'] });
    child.on('error', () => resolve(undefined));
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('close', (code) => resolve(code === 0 ? Buffer.concat(chunks) : undefined));
    if (child.stdin) {
      child.stdin.on('error', () => {}); // git gone early: its exit code says so
      child.stdin.end(input);
    }
  });
}

/** The working tree's root, or undefined outside a repository. */
export function gitTopLevel(cwd: string = process.cwd()): string | undefined {
  return git(['rev-parse', '--show-toplevel'], cwd)?.trim() || undefined;
}

const nulList = (out: string | undefined) => (out ?? '').split('\0').filter(Boolean);

/**
 * The base a pull-request check compares with when none is given: the PR's
 * target on GitHub Actions and GitLab CI, else the remote's default branch,
 * else a local main or master.
 */
export function defaultBase(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const candidates = [
    env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : undefined,
    env.CI_MERGE_REQUEST_DIFF_BASE_SHA,
    'origin/HEAD',
    'origin/main',
    'main',
    'master',
  ];
  return candidates.find((c) => c && git(['rev-parse', '--verify', '--quiet', `${c}^{commit}`], cwd) !== undefined);
}

export interface ChangedFiles {
  /** The repository root. */
  top: string;
  /** Absolute paths of files changed since the base that exist now. */
  present: string[];
  /** Absolute paths of files changed since the base that no longer exist (deleted, or renamed away). */
  gone: string[];
  /** The base as named (given, or the default found). */
  base: string;
  /** The base as git resolved it (a commit). */
  baseCommit: string;
}

/**
 * Files changed on this branch: `git diff BASE...HEAD` (since the merge base),
 * plus staged, unstaged and untracked changes. Renames count as a deletion and
 * an addition, so whatever linked to the old path is checked too. No git, no
 * repository or an unknown BASE is a CliError with exit code 2.
 */
export function changedSince(base: string | undefined, cwd: string, env: NodeJS.ProcessEnv = process.env): ChangedFiles {
  const top = gitTopLevel(cwd);
  if (!top) throw new CliError('--changed needs a git repository (and git on PATH); run it inside your clone', 2);
  const ref = base ?? defaultBase(env, cwd);
  if (!ref) throw new CliError('--changed: no base to compare with (no origin/HEAD, main or master); name one: --changed origin/main', 2);
  const baseCommit = git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd)?.trim();
  if (!baseCommit) throw new CliError(`--changed: git does not know "${ref}"; fetch it first (git fetch origin) or name another base`, 2);
  const names = new Set([
    ...nulList(git(['diff', '--name-only', '--no-renames', '-z', `${baseCommit}...HEAD`], top)),
    ...nulList(git(['diff', '--name-only', '--no-renames', '-z', 'HEAD'], top)),
    ...nulList(git(['ls-files', '--others', '--exclude-standard', '-z'], top)),
  ]);
  const present: string[] = [];
  const gone: string[] = [];
  for (const name of [...names].sort()) (existsSync(join(top, name)) ? present : gone).push(join(top, name));
  return { top, present, gone, base: ref, baseCommit };
}

/** `git cat-file --batch` input for files at a commit (`''`: the staged version). */
const batchInput = (commit: string, repoPaths: readonly string[]) => repoPaths.map((p) => `${commit}:${p}\n`).join('');

/** `git cat-file --batch` output: one text per requested path, undefined where there was no such file. */
function batchTexts(out: Buffer | undefined, count: number): (string | undefined)[] {
  if (!out) return Array.from({ length: count }, () => undefined);
  const texts: (string | undefined)[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    const eol = out.indexOf(10, pos);
    const header = out.subarray(pos, eol).toString('utf8');
    pos = eol + 1;
    const m = header.match(/^\S+ (\S+) (\d+)$/);
    if (!m) {
      texts.push(undefined); // `<object> missing`
      continue;
    }
    const size = Number(m[2]);
    texts.push(m[1] === 'blob' ? out.subarray(pos, pos + size).toString('utf8') : undefined);
    pos += size + 1;
  }
  return texts;
}

/**
 * Files' texts at a commit (paths relative to the repository root), undefined
 * where the file did not exist: one `git cat-file --batch` for all of them, not
 * a process per file.
 */
export function textsAt(commit: string, repoPaths: readonly string[], cwd: string): (string | undefined)[] {
  if (!repoPaths.length) return [];
  const r = spawnSync('git', ['cat-file', '--batch'], {
    cwd,
    input: batchInput(commit, repoPaths),
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  return batchTexts(r.status !== 0 || r.error ? undefined : r.stdout, repoPaths.length);
}

/** `textsAt` in the background (`commit` '' reads the staged versions: `:path`). */
export async function textsAtAsync(commit: string, repoPaths: readonly string[], cwd: string): Promise<(string | undefined)[]> {
  if (!repoPaths.length) return [];
  return batchTexts(await gitAsync(['cat-file', '--batch'], cwd, batchInput(commit, repoPaths)), repoPaths.length);
}
