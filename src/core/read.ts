/**
 * Reading one content file from disk, with every ordinary accident turned
 * into a problem the check reports (rule `file`), the same way in
 * `npm run check` and in the build: a file that cannot be read, a folder
 * named `*.md`, a symlink that leaves the content root, a UTF-16 or binary
 * file, or bytes that are not UTF-8. Nothing is skipped silently.
 */
import { lstatSync, readFileSync, realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';

export type ReadResult = { text: string; problem?: undefined } | { text?: undefined; problem: string };

const within = (path: string, dir: string) => path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** Where the file really is, or a problem: folders and symlinks out of the root are not content. */
function locate(path: string, root: string | undefined): { problem?: string } {
  let info: ReturnType<typeof lstatSync>;
  try {
    info = lstatSync(path);
  } catch (error) {
    return { problem: readError(error) };
  }
  if (info.isSymbolicLink()) {
    let target: string;
    try {
      target = realpathSync(path);
    } catch {
      return { problem: 'is a symlink to a file that does not exist: remove it, or point it at a file inside the content root' };
    }
    if (root && !within(target, realpathSync(resolve(root))))
      return {
        problem: `is a symlink to ${target}, outside the content root: copy the file in instead (a link out of the root would publish whatever it points at)`,
      };
    return locate(target, undefined);
  }
  if (info.isDirectory())
    return { problem: 'is a folder, not a file: a folder whose name ends in .md or .mdx is read as content; rename it' };
  if (!info.isFile()) return { problem: 'is not a regular file (a socket, pipe or device): remove it from the content root' };
  return {};
}

function readError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied; fix its permissions (e.g. chmod 644)';
  if (code === 'ENOENT') return 'disappeared while it was being read';
  return `cannot be read: ${(error as Error)?.message ?? String(error)}`;
}

/** The text of a file's bytes, or why they are not UTF-8 markdown. */
export function decodeContent(bytes: Buffer): ReadResult {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { problem: 'is UTF-16 text: save it as UTF-8 (most editors: "Save with encoding" → UTF-8)' };
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { problem: 'holds NUL bytes: it is binary, or UTF-16 without a byte-order mark; save it as UTF-8 text' };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.includes('\uFFFD') && !bytes.includes(Buffer.from('\uFFFD'))) {
    const line = text.slice(0, text.indexOf('\uFFFD')).split('\n').length;
    return {
      problem: `is not valid UTF-8 (first bad byte on line ${line}): save it as UTF-8; Korean files from old editors are often EUC-KR/CP949`,
    };
  }
  return { text };
}

/** Read a content file; `root` is the content root (symlinks must stay inside it). */
export function readContentSync(path: string, root?: string): ReadResult {
  const where = locate(path, root);
  if (where.problem) return { problem: where.problem };
  try {
    return decodeContent(readFileSync(path));
  } catch (error) {
    return { problem: readError(error) };
  }
}

export async function readContent(path: string, root?: string): Promise<ReadResult> {
  const where = locate(path, root);
  if (where.problem) return { problem: where.problem };
  try {
    return decodeContent(await readFile(path));
  } catch (error) {
    return { problem: readError(error) };
  }
}

/** `path` as the user knows it: relative to the content root when inside it. */
export const shownPath = (path: string, root: string) => {
  const rel = relative(root, path);
  return rel && !rel.startsWith('..') ? rel : path;
};
