/**
 * What the two scaffold CLIs share: their streams, the git user name, when to
 * ask questions, how errors leave, and the check run on the new file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { formatReport, runCheck } from '../../check/index.ts';
import { formatCliError, UsageError } from './args.ts';

/** A mistyped KB_CONTENT_DIR must not silently start a new content tree somewhere else. */
export function requireRoot(root: string): void {
  if (!existsSync(root))
    throw new UsageError(
      `the content root ${root} does not exist; set KB_CONTENT_DIR to your content folder, or run from the project root`,
    );
}

export interface CliIO {
  stdin: Readable & { isTTY?: boolean };
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Current time in ms (tests pin it). */
  now: number;
}

export function processIO(): CliIO {
  const pinned = Number(process.env.KB_NOW_MS);
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    now: Number.isFinite(pinned) && pinned > 0 ? pinned : Date.now(),
  };
}

/** `git config user.name`, asked once and only when needed; undefined when git or the setting is missing. */
export function gitUserName(cwd: string): () => string | undefined {
  let cached: string | undefined | null = null;
  return () => {
    if (cached !== null) return cached;
    try {
      cached =
        execFileSync('git', ['config', 'user.name'], {
          cwd,
          encoding: 'utf8',
          timeout: 2000,
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim() || undefined;
    } catch {
      cached = undefined;
    }
    return cached;
  };
}

/** Ask questions only with a person at a terminal: not with --yes, not from a pipe, CI or a script. */
export function isInteractive(io: CliIO, yes: boolean, json: boolean): boolean {
  const out = json ? io.stderr : io.stdout;
  return !yes && io.stdin.isTTY === true && out.isTTY === true && !io.env.CI;
}

export const displayPath = (path: string, cwd: string) => {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
};

/** `--json`: the created (or, with --dry-run, the would-be) file as one JSON line. */
export function printJsonResult(io: CliIO, shown: string, result: { id: string; url: string; content: string }, dryRun: boolean): void {
  const base = { path: shown, id: result.id, url: result.url };
  io.stdout.write(`${JSON.stringify(dryRun ? { ...base, dry_run: true, content: result.content } : base)}\n`);
}

/** Print an error the way every CLI does (`formatCliError`) and return the exit code. */
export function reportError(error: unknown, io: CliIO, command: string): number {
  const { text, exitCode } = formatCliError(command, error);
  io.stderr.write(text);
  return exitCode;
}

export interface CheckSummary {
  errors: number;
  warnings: number;
  report: string;
}

/**
 * Print what was created, then check it: the path is on screen before the
 * (whole-corpus) check runs. Errors in a fresh scaffold would be a bug, so
 * they are shown in full.
 */
export async function reportCreated(
  io: CliIO,
  interactive: boolean,
  promptIO: { input: Readable; output: Writable },
  lines: string[],
  root: string,
  path: string,
): Promise<void> {
  const prompts = interactive ? await import('../scaffold/prompts.ts') : undefined;
  if (prompts) prompts.note(promptIO, lines, 'Created');
  else io.stdout.write(`Created ${lines.join('\n')}\n`);
  const check = await checkNewFile(root, path);
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const summary = check.errors
    ? `npm run check: ${count(check.errors, 'error')} in the new file (please report this):`
    : `npm run check: no errors; ${count(check.warnings, 'warning')} for the sections still to fill.`;
  if (prompts) prompts.outro(promptIO, summary);
  else io.stdout.write(`\n${summary}\n`);
  if (check.errors) io.stderr.write(check.report);
}

/** Run `npm run check`'s engine on the new file (links resolve against the whole root). */
export async function checkNewFile(root: string, path: string): Promise<CheckSummary> {
  const result = await runCheck({ root, paths: [path] });
  return { errors: result.errorCount, warnings: result.warningCount, report: formatReport(result, { format: 'text' }) };
}
