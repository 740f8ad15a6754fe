/**
 * A content root on disk: which incident and playbook files it holds, and the
 * few frontmatter keys of many files at once (ids, the scaffolders' pickers)
 * without parsing whole files. One file is read with `parseEntry` (entry.ts).
 */
import { closeSync, type Dirent, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { glob } from 'node:fs/promises';
import type { EntryKind, ParsedEntry } from './entry.ts';
import { yamlLib } from './frontmatter/yaml-lib.ts';

export interface ContentFile {
  kind: EntryKind;
  /** Absolute path. */
  path: string;
  /** Path relative to the content root, with forward slashes. */
  relPath: string;
  text: string;
  parsed: ParsedEntry;
}

export const CONTENT_DIRS: Record<EntryKind, string> = { incident: 'incidents', playbook: 'playbooks' };

/**
 * What `glob('**\/*.{md,mdx}', { cwd: dir })` finds, for the trees content
 * folders are: regular files and folders, none hidden, on a platform whose
 * glob minds case (not macOS or Windows). Undefined for anything else (a
 * symlink, a hidden name, a socket, a folder that cannot be read, a missing
 * `dir`): then glob itself decides. Like glob, it finds a folder named
 * `*.md` too (the check reports it). A few ms for 1,000 files where glob takes
 * ~40 ms, which the pre-commit hook feels.
 */
export function plainMarkdownFiles(dir: string, platform: NodeJS.Platform = process.platform): string[] | undefined {
  if (platform === 'darwin' || platform === 'win32') return undefined;
  const found: string[] = [];
  const pending = [dir];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return undefined;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) return undefined;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (!entry.isFile()) return undefined;
      if (/\.mdx?$/.test(entry.name)) found.push(path);
    }
  }
  return found;
}

/** Absolute paths of every `.md`/`.mdx` file of one kind, sorted. */
export async function listContentFiles(root: string, kind: EntryKind): Promise<string[]> {
  const dir = join(root, CONTENT_DIRS[kind]);
  const plain = plainMarkdownFiles(dir);
  if (plain) return plain.sort();
  const files: string[] = [];
  try {
    for await (const f of glob('**/*.{md,mdx}', { cwd: dir })) files.push(join(dir, f));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return files.sort();
}

/** Distinct string values of a list-valued frontmatter field across files, most used first. */
export function valuesInUse(files: { parsed: { frontmatter: Record<string, unknown> | undefined } }[], field: string): string[] {
  const counts = new Map<string, number>();
  for (const f of files) {
    const v = f.parsed.frontmatter?.[field];
    if (Array.isArray(v)) for (const s of v) if (typeof s === 'string') counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s]) => s);
}

const CHUNK = 4096;

/** A whole file's text, or undefined when it cannot be read. */
export function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The start of a content file, through the end of its frontmatter (read in
 * 4 KB steps): all that id and taxonomy scans need, and reading whole files is
 * most of their cost on a large corpus. Empty for an unreadable file.
 */
export function readHead(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return '';
  }
  try {
    const chunks: Buffer[] = [];
    for (let pos = 0; ; ) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, buf, 0, CHUNK, pos);
      chunks.push(n < CHUNK ? buf.subarray(0, n) : buf);
      pos += n;
      if (n < CHUNK) break;
      const head = Buffer.concat(chunks).toString('utf8');
      if (!head.startsWith('---') || /\n---[ \t]*\r?\n/.test(head.slice(3))) return head;
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch {
    return '';
  } finally {
    closeSync(fd);
  }
}

/**
 * The lines of a few top-level frontmatter keys (with their indented or
 * "- item" continuation lines), or undefined when the text has no frontmatter.
 */
export function frontmatterKeyLines(text: string, keys: readonly string[]): string | undefined {
  const open = text.match(/^---\r?\n/);
  if (!open) return undefined;
  const close = text.slice(open[0].length).search(/^---[ \t]*(?:\r?\n|$)/m);
  if (close < 0) return undefined;
  const lines = text.slice(open[0].length, open[0].length + close).split(/\r?\n/);
  const wanted = new RegExp(`^(?:${keys.map((k) => k.replace(/[^\w-]/g, '\\$&')).join('|')})\\s*:`);
  const picked: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!wanted.test(lines[i])) continue;
    picked.push(lines[i]);
    while (i + 1 < lines.length && /^(?:[ \t]|-(?:[ \t]|$)|#|$)/.test(lines[i + 1])) picked.push(lines[++i]);
  }
  return picked.join('\n');
}

const PLAIN = /^[A-Za-z_][\w./ -]*$/;
const NOT_PLAIN_STRING = /^(?:true|false|null|~|y|n|yes|no|on|off)$/i;

/** A scalar that means the same string to every YAML parser, or undefined. */
function simpleScalar(raw: string): string | undefined {
  const v = raw.trim();
  if (/^"(?:[^"\\]|\\["\\/bfnrt])*"$/.test(v)) return JSON.parse(v) as string;
  if (/^'[^']*'$/.test(v)) return v.slice(1, -1);
  if (PLAIN.test(v) && !NOT_PLAIN_STRING.test(v) && !v.endsWith(' ')) return v;
  return undefined;
}

/**
 * `key: scalar` and `key: [a, "b"]` lines, parsed by hand (the common case,
 * and ~50x faster than a YAML parse per file); undefined for anything else.
 */
function simpleMapping(snippet: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const line of snippet.split('\n')) {
    if (!line.trim()) continue; // the blank line before `---` comes with the last key
    const m = line.match(/^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*(?:[ \t]#.*)?$/);
    if (!m || m[1] in out) return undefined;
    const value = m[2];
    if (value.startsWith('[')) {
      if (!value.endsWith(']')) return undefined;
      const inner = value.slice(1, -1).trim();
      if (!inner) {
        out[m[1]] = [];
        continue;
      }
      const items = inner.split(',').map(simpleScalar);
      if (items.some((x) => x === undefined)) return undefined;
      out[m[1]] = items;
    } else {
      const scalar = simpleScalar(value);
      if (scalar === undefined) return undefined;
      out[m[1]] = scalar;
    }
  }
  return out;
}

function parseMapping(yaml: string): Record<string, unknown> | undefined {
  try {
    const data = yamlLib().parse(yaml, { uniqueKeys: false }) ?? {};
    return typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** One file's answer from `frontmatterKeysDetail`. */
export interface FrontmatterKeys {
  /** The keys (only those asked for), or undefined: no frontmatter, or lines that do not parse. */
  value: Record<string, unknown> | undefined;
  /**
   * The answer depends on this text alone (no frontmatter, or lines read
   * without `yaml`), so it may be remembered for the same text: the lines that
   * need `yaml` are parsed together with the other files' and are not.
   */
  alone: boolean;
}

/**
 * A few top-level frontmatter keys of many files at once (ids, the scaffold
 * pickers). Parsing every file's whole frontmatter costs seconds on a large
 * corpus; this parses only those keys' lines, as one YAML document, and falls
 * back to one file at a time if that fails. An entry is undefined when its file
 * has no frontmatter or the lines do not parse: callers then parse it fully.
 */
export function frontmatterKeysOf(texts: readonly string[], keys: readonly string[]): (Record<string, unknown> | undefined)[] {
  return frontmatterKeysDetail(texts, keys).map((k) => k.value);
}

/** `frontmatterKeysOf`, with whether each answer depends on its text alone. An empty text adds nothing to the others'. */
export function frontmatterKeysDetail(texts: readonly string[], keys: readonly string[]): FrontmatterKeys[] {
  const snippets = texts.map((t) => frontmatterKeyLines(t, keys));
  const simple = snippets.map((s) => (s === undefined ? undefined : simpleMapping(s)));
  const batch = snippets.map((s, i) => (s === undefined || simple[i] ? '' : `f${i}:\n${s.replace(/^/gm, '  ')}\n  __end: 0`)).join('\n');
  const all = batch.trim() ? parseMapping(batch) : {};
  return snippets.map((s, i) => {
    if (s === undefined) return { value: undefined, alone: true };
    if (simple[i]) return { value: simple[i], alone: true };
    const one = all ? (all[`f${i}`] as Record<string, unknown> | undefined) : parseMapping(s);
    if (!one || typeof one !== 'object') return { value: undefined, alone: false };
    const { __end, ...rest } = one as Record<string, unknown>;
    return { value: rest, alone: false };
  });
}
