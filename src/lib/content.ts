/**
 * Read a whole content root from disk: every incident and playbook, parsed
 * with `parseEntry`. For the CLIs (check, new-incident, import, bench); the
 * site reads the same files through the Astro loader.
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { glob } from 'node:fs/promises';
import type { EntryKind, ParsedEntry } from './entry.ts';

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

/** Absolute paths of every `.md`/`.mdx` file of one kind, sorted. */
export async function listContentFiles(root: string, kind: EntryKind): Promise<string[]> {
  const dir = join(root, CONTENT_DIRS[kind]);
  const files: string[] = [];
  try {
    for await (const f of glob('**/*.{md,mdx}', { cwd: dir })) files.push(join(dir, f));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return files.sort();
}

export async function readContentFile(root: string, path: string, kind: EntryKind): Promise<ContentFile> {
  // Loaded on first use: the markdown parsers cost ~0.4 s of startup that
  // `listContentFiles` callers (ids, new-incident --dry-run) never need.
  const { parseEntry } = await import('./entry.ts');
  const text = await readFile(path, 'utf8');
  return { kind, path, relPath: relative(root, path).split('\\').join('/'), text, parsed: parseEntry(text, path, kind) };
}

/** Every incident and playbook under the content root. */
export async function loadContent(root: string): Promise<{ incidents: ContentFile[]; playbooks: ContentFile[] }> {
  const [incidentPaths, playbookPaths] = await Promise.all([listContentFiles(root, 'incident'), listContentFiles(root, 'playbook')]);
  const [incidents, playbooks] = await Promise.all([
    Promise.all(incidentPaths.map((p) => readContentFile(root, p, 'incident'))),
    Promise.all(playbookPaths.map((p) => readContentFile(root, p, 'playbook'))),
  ]);
  return { incidents, playbooks };
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
