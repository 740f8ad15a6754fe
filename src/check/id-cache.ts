/**
 * What a check without dependants (the pre-commit hook) remembers between
 * runs about the files it does not report: the few frontmatter keys that
 * `checkFocused` reads from each (ids, aliases, declared playbooks), so that
 * on a large root it reads only the files that changed since the last run.
 *
 * An entry holds for one file as it was: its size, modification and change
 * times and inode (`fileStamp`). Any write changes the change time, which
 * cannot be set back, so a stale entry is never used; a file changed less
 * than a few seconds before it was read is not remembered (two writes in one
 * tick of a coarse file-system clock could look the same). Only answers that
 * depend on the file alone are kept (`frontmatterKeysDetail`'s `alone`), and
 * the cache is for one content root and one version of the code that reads
 * frontmatter (core/content.ts): anything else, or a file that does not
 * parse, and the cache starts empty. The check never writes it: the caller
 * reads and writes the file (`IdCache.read`, `serialize`).
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** size, mtimeMs, ctimeMs, inode. */
export type FileStamp = readonly [size: number, mtimeMs: number, ctimeMs: number, ino: number];

/** The stamp of a regular file (symlinks followed), or undefined. */
export function fileStamp(path: string): FileStamp | undefined {
  try {
    const s = statSync(path, { throwIfNoEntry: false });
    return s?.isFile() ? [s.size, s.mtimeMs, s.ctimeMs, s.ino] : undefined;
  } catch {
    return undefined;
  }
}

/** A file changed this recently may share its times with its next change: not remembered. */
export const RECENT_MS = 3000;

/** The keys of one file, or null: no frontmatter (the caller then parses the file). */
export type CachedKeys = Record<string, string | string[]> | null;

interface Entry {
  stamp: FileStamp;
  /** By the list of keys asked for (`id,aliases`). */
  keys: Record<string, CachedKeys>;
}

/**
 * A 53-bit hash (cyrb53) of a string, in hex: for a file name, not for
 * security. node:crypto would cost ~8 ms to load here.
 */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

let codeVersion: string | undefined;
/**
 * The code whose answers are cached: core/content.ts, as its size and
 * modification time say (any edit or checkout changes them; hashing its text
 * costs ~5 ms here). A version that cannot be read never matches.
 */
function version(): string {
  if (codeVersion === undefined) {
    const stamp = fileStamp(fileURLToPath(new URL('../core/content.ts', import.meta.url)));
    codeVersion = stamp ? `content.ts ${stamp[0]} ${stamp[1]}` : `unreadable ${Math.random()}`;
  }
  return codeVersion;
}

/** Only what the simple path gives (strings and lists of strings), or null. */
function isKeys(v: unknown): v is CachedKeys {
  if (v === null) return true;
  if (typeof v !== 'object' || Array.isArray(v)) return false;
  for (const x of Object.values(v as object)) {
    if (typeof x === 'string') continue;
    if (!Array.isArray(x)) return false;
    for (const item of x) if (typeof item !== 'string') return false;
  }
  return true;
}

export interface IdCacheOptions {
  /** How old a file's last change must be for it to be remembered (default `RECENT_MS`). */
  recentMs?: number;
}

export class IdCache {
  readonly root: string;
  /** As in the file (parsed JSON): each entry is checked when it is asked for, not all up front (~15 ms for 1,000). */
  #files: Record<string, Entry> = {};
  readonly #recentMs: number;
  #changed = false;

  constructor(root: string, options: IdCacheOptions = {}) {
    this.root = root;
    this.#recentMs = options.recentMs ?? RECENT_MS;
  }

  /** The cache file's name for a content root (one file per root, wherever the caller keeps them). */
  static fileName(root: string): string {
    return `${hash(root)}.json`;
  }

  /** A cache read from its file's text; empty when there is none, or it is for another root or code, or it does not parse. */
  static read(text: string | undefined, root: string, options: IdCacheOptions = {}): IdCache {
    const cache = new IdCache(root, options);
    if (!text) return cache;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      return cache;
    }
    const d = data as { version?: unknown; root?: unknown; files?: unknown };
    if (!d || typeof d !== 'object' || d.version !== version() || d.root !== root) return cache;
    if (d.files && typeof d.files === 'object' && !Array.isArray(d.files)) cache.#files = d.files as Record<string, Entry>;
    return cache;
  }

  #entry(relPath: string): Entry | undefined {
    if (!Object.hasOwn(this.#files, relPath)) return undefined;
    const entry = this.#files[relPath] as Partial<Entry> | null;
    return entry && Array.isArray(entry.stamp) && entry.keys && typeof entry.keys === 'object' ? (entry as Entry) : undefined;
  }

  /** The remembered keys of a file that still has this stamp; undefined when not remembered. */
  get(relPath: string, stamp: FileStamp, keys: readonly string[]): CachedKeys | undefined {
    const entry = this.#entry(relPath);
    // `stamp` is four numbers (fileStamp): equal to it, the entry's is too.
    if (!entry || !sameStamp(entry.stamp, stamp)) return undefined;
    const name = keys.join(',');
    if (!Object.hasOwn(entry.keys, name)) return undefined;
    const value = entry.keys[name];
    return isKeys(value) ? value : undefined;
  }

  /** Remember a file's keys, read while it had `stamp`; `now`: when the stamp was taken. */
  set(relPath: string, stamp: FileStamp, keys: readonly string[], value: CachedKeys, now: number): void {
    if (now - Math.max(stamp[1], stamp[2]) < this.#recentMs) return;
    let entry = this.#entry(relPath);
    if (!entry || !sameStamp(entry.stamp, stamp)) {
      entry = { stamp, keys: {} };
      this.#files[relPath] = entry;
    }
    entry.keys[keys.join(',')] = value;
    this.#changed = true;
  }

  /** Forget the files that are no longer content files. */
  keepOnly(relPaths: Iterable<string>): void {
    const keep = new Set(relPaths);
    for (const path of Object.keys(this.#files)) {
      if (keep.has(path)) continue;
      delete this.#files[path];
      this.#changed = true;
    }
  }

  /** The file's text, or undefined when nothing changed since it was read. */
  serialize(): string | undefined {
    if (!this.#changed) return undefined;
    return JSON.stringify({ version: version(), root: this.root, files: this.#files });
  }
}

const sameStamp = (a: FileStamp, b: FileStamp) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2] && a[3] === b[3];
