/**
 * `--output FILE`: a command's report written to a file instead of stdout, so
 * machine output stays clean through `npm run` (which prints a `> kb@… check`
 * banner on stdout unless `--silent`) and never arrives half-written.
 *
 * The file is written atomically (a temporary file in the same folder, then
 * linked or renamed into place). It is created when it does not exist, and it
 * replaces an existing file only when that file is an earlier report of the
 * same command: anything else (a post-mortem, a config, a folder) is refused
 * before the command does any work, with nothing written.
 */
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { CliError, type FlagSpec, type RawFlags, stringFlag, UsageError } from './args.ts';
import { createFileAtomic, replaceFileAtomic } from './fs-safe.ts';

export const OUTPUT_FLAG: FlagSpec = {
  name: 'output',
  arg: 'FILE',
  help: "Write the report to FILE instead of stdout (atomically; an existing FILE is replaced only if it is an earlier report of this command). Keeps npm's banner out of the report.",
};

export interface ReportKind {
  /** The command's name, for messages. */
  command: string;
  /** Whether `text` is a report this command wrote (in any of its formats). */
  recognise(text: string): boolean;
}

/** Where the report goes: stdout, or a checked target file. */
export interface ReportTarget {
  path?: string;
  kind: ReportKind;
}

const MAX_REPORT_BYTES = 256 * 1024 * 1024;

/** Why `path` cannot take the report, or undefined when it can (absent, or an earlier report). */
function refusal(path: string, kind: ReportKind): string | undefined {
  let info: ReturnType<typeof statSync> | undefined;
  try {
    info = statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  if (info.isDirectory()) return 'is a folder; give a file name';
  if (!info.isFile()) return 'is not a regular file; choose another file';
  if (info.size === 0) return undefined;
  const notOurs = `exists and is not an earlier ${kind.command} report; choose another file, or remove it`;
  if (info.size > MAX_REPORT_BYTES) return notOurs;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`;
  }
  return kind.recognise(text) ? undefined : notOurs;
}

/**
 * Read `--output` from the parsed flags and check the target before any work
 * is done: exit 2 with one line, and nothing written, when it cannot take the report.
 */
export function reportTarget(flags: RawFlags, kind: ReportKind, cwd = process.cwd()): ReportTarget {
  const given = stringFlag(flags.output);
  if (given === undefined) return { kind };
  if (!given.trim()) throw new UsageError('--output: give a file name');
  const path = resolve(cwd, given);
  const why = refusal(path, kind);
  if (why) throw new CliError(`--output ${given}: ${why} (nothing was written)`, 2);
  return { path, kind };
}

/**
 * Print the report on stdout, or write it to the target file (checked again,
 * then written atomically) and say so on stderr, with `summary` when given.
 */
export async function emitReport(
  target: ReportTarget,
  text: string,
  streams: { stdout: Writable; stderr: Writable; cwd: string } = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
  summary?: string,
): Promise<void> {
  if (!target.path) {
    streams.stdout.write(text);
    return;
  }
  const other = 'choose another --output';
  const check = () => {
    const why = refusal(target.path!, target.kind);
    if (why) throw new CliError(`--output ${target.path}: ${why} (nothing was written)`, 2);
  };
  check();
  try {
    await createFileAtomic(target.path, text, other);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    check(); // it appeared meanwhile: only an earlier report may be replaced
    await replaceFileAtomic(target.path, text, other);
  }
  const shown = relative(streams.cwd, target.path);
  streams.stderr.write(
    `${target.kind.command}: report written to ${shown && !shown.startsWith('..') ? shown : target.path}${summary ? ` (${summary})` : ''}\n`,
  );
}

/** A JSON object with all these keys (a report this command wrote with its JSON flag). */
export function jsonWithKeys(text: string, keys: readonly string[]): boolean {
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) && keys.every((k) => k in v);
  } catch {
    return false;
  }
}
