/**
 * Writes that never lose anything: never overwrite, never leave half a file.
 * Every CLI that creates content goes through here.
 */
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, basename, extname, join } from 'node:path';
import { CliError } from './errors.ts';

// `import 'node:crypto'` costs ~20 ms (its ESM wrapper reads every export); this costs nothing until used.
const randomBytes = (size: number) => process.getBuiltinModule('node:crypto').randomBytes(size);

/** A folder that cannot be written (read-only mount, no permission) is the user's setup, not a bug: one line, exit 2. */
export function notWritable(path: string, error: unknown, other = 'pass another --out'): CliError | undefined {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new CliError(
      `cannot write to ${dirname(path)} (${code === 'EROFS' ? 'read-only file system' : 'permission denied'}); check the folder's permissions or ${other}`,
      2,
    );
  return undefined;
}

const pendingTemps = new Set<string>();
let cleanupInstalled = false;

/** Remove temporary files if the process is interrupted mid-write (Ctrl-C, kill, a closed terminal). */
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const cleanup = () => {
    for (const t of pendingTemps) rmSync(t, { force: true });
    pendingTemps.clear();
  };
  process.once('exit', cleanup);
  exitOnSignals();
}

let signalsInstalled = false;
/**
 * SIGINT, SIGTERM and SIGHUP end the process through its 'exit' handlers, so
 * temporary files and the id lock are removed (128 + the signal's number, as a
 * shell reports it). SIGKILL cannot be caught: the next run takes over the
 * lock of a dead process at once (ids.ts).
 */
export function exitOnSignals(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)
    process.on(signal, () => process.exit(code));
}

function writeTemp(dir: string, content: string): string {
  installCleanup();
  const tmp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  pendingTemps.add(tmp);
  const fd = openSync(tmp, 'wx');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/**
 * Atomically create `path` with `content`, failing with EEXIST if it exists.
 * The content is written to a temporary file first and then hard-linked into
 * place, so a reader never sees a partial file and an existing file is never
 * replaced, even by a concurrent writer.
 */
export async function createFileAtomic(path: string, content: string, other?: string): Promise<void> {
  let tmp: string;
  try {
    await mkdir(dirname(path), { recursive: true });
    tmp = writeTemp(dirname(path), content);
  } catch (error) {
    throw notWritable(path, error, other) ?? error;
  }
  try {
    linkSync(tmp, path); // fails with EEXIST instead of overwriting
  } finally {
    rmSync(tmp, { force: true });
    pendingTemps.delete(tmp);
  }
}

/** Atomically replace an existing file (used by `check --fix`, never for new content). */
export async function replaceFileAtomic(path: string, content: string, other?: string): Promise<void> {
  let tmp: string;
  try {
    tmp = writeTemp(dirname(path), content);
  } catch (error) {
    throw notWritable(path, error, other) ?? error;
  }
  try {
    renameSync(tmp, path);
  } finally {
    pendingTemps.delete(tmp);
  }
}

/** `name.md`, `name-2.md`, `name-3.md`, … */
export function suffixed(path: string, n: number): string {
  if (n <= 1) return path;
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}-${n}${ext}`);
}

/**
 * Create the file at `path`, or at the first free `-2`, `-3`, … variant.
 * Returns the path actually written. Safe against concurrent writers.
 */
export async function createFileWithFreeName(path: string, content: string | ((finalPath: string) => string)): Promise<string> {
  for (let n = 1; n < 10_000; n++) {
    const candidate = suffixed(path, n);
    try {
      await createFileAtomic(candidate, typeof content === 'function' ? content(candidate) : content);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`no free file name near ${path}`);
}
