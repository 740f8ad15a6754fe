/**
 * Writes that never lose anything: never overwrite, never leave half a file.
 * Every CLI that creates content goes through here.
 */
import { closeSync, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, basename, extname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const pendingTemps = new Set<string>();
let cleanupInstalled = false;

/** Remove temporary files if the process is interrupted (Ctrl-C) mid-write. */
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const cleanup = () => {
    for (const t of pendingTemps) rmSync(t, { force: true });
    pendingTemps.clear();
  };
  process.once('exit', cleanup);
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
export async function createFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = writeTemp(dirname(path), content);
  try {
    linkSync(tmp, path); // fails with EEXIST instead of overwriting
  } finally {
    rmSync(tmp, { force: true });
    pendingTemps.delete(tmp);
  }
}

/** Atomically replace an existing file (used by `check --fix`, never for new content). */
export async function replaceFileAtomic(path: string, content: string): Promise<void> {
  const tmp = writeTemp(dirname(path), content);
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
