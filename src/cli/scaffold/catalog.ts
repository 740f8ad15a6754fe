/**
 * What already exists in the content root, as far as a scaffold needs it:
 * playbook ids, titles and symptoms, and the services and tags in use. Reads
 * only the frontmatter keys it needs (no markdown parse), so it stays cheap on a large KB.
 */
import { basename, extname } from 'node:path';
import { parse } from 'yaml';
import { frontmatterKeysOf, listContentFiles, readHead, valuesInUse } from '../../core/content.ts';
import type { EntryKind } from '../../core/entry.ts';

export interface PlaybookRef {
  id: string;
  title: string;
  aliases: string[];
  symptoms: string[];
}

export interface Catalog {
  playbooks: PlaybookRef[];
  /** Values in use, most used first (`valuesInUse`). */
  incidentServices: string[];
  incidentTags: string[];
  playbookServices: string[];
  playbookPlatforms: string[];
  playbookTags: string[];
}

interface Frontmatter {
  path: string;
  parsed: { frontmatter: Record<string, unknown> | undefined };
}

async function readFrontmatters(root: string, kind: EntryKind, keys: readonly string[]): Promise<Frontmatter[]> {
  const paths = await listContentFiles(root, kind);
  const texts = paths.map(readHead);
  // Only the keys needed, parsed together: a full parse per file is slow on a large corpus.
  const picked = frontmatterKeysOf(texts, keys);
  return paths.map((path, i) => {
    let frontmatter = picked[i];
    if (!frontmatter) {
      // Unusual YAML: parse this one file fully. A broken file is `npm run check`'s business.
      try {
        const data = parse(texts[i].match(/^---\r?\n([\s\S]*?)\r?\n---/)?.[1] ?? '');
        if (data && typeof data === 'object' && !Array.isArray(data)) frontmatter = data;
      } catch {
        frontmatter = undefined;
      }
    }
    return { path, parsed: { frontmatter } };
  });
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);

export async function readCatalog(root: string): Promise<Catalog> {
  const [incidents, playbooks] = await Promise.all([
    readFrontmatters(root, 'incident', ['services', 'tags']),
    readFrontmatters(root, 'playbook', ['id', 'title', 'aliases', 'symptoms', 'services', 'platforms', 'tags']),
  ]);
  return {
    playbooks: playbooks
      .map(({ path, parsed: { frontmatter: fm } }) => {
        const id = typeof fm?.id === 'string' ? fm.id : basename(path, extname(path));
        return { id, title: typeof fm?.title === 'string' ? fm.title : id, aliases: strings(fm?.aliases), symptoms: strings(fm?.symptoms) };
      })
      .sort((a, b) => a.title.localeCompare(b.title)),
    incidentServices: valuesInUse(incidents, 'services'),
    incidentTags: valuesInUse(incidents, 'tags'),
    playbookServices: valuesInUse(playbooks, 'services'),
    playbookPlatforms: valuesInUse(playbooks, 'platforms'),
    playbookTags: valuesInUse(playbooks, 'tags'),
  };
}

/** Playbook ids, aliases and file names already taken. */
export function playbookIdsInUse(playbooks: PlaybookRef[]): Set<string> {
  return new Set(playbooks.flatMap((p) => [p.id, ...p.aliases]));
}

const comparable = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');

/**
 * The existing spelling of a value typed with different case or separators
 * (`Checkout` → `checkout`, `config_change` → `config-change`), so the taxonomy
 * does not fork; otherwise the value as typed, trimmed.
 */
export function matchExisting(value: string, existing: readonly string[]): string {
  const v = value.trim();
  return existing.find((e) => e === v) ?? existing.find((e) => comparable(e) === comparable(v)) ?? v;
}

/** Find a playbook by id or alias (case-insensitive). */
export function findPlaybook(playbooks: PlaybookRef[], key: string): PlaybookRef | undefined {
  const k = key.trim().toLowerCase();
  return playbooks.find((p) => p.id.toLowerCase() === k) ?? playbooks.find((p) => p.aliases.some((a) => a.toLowerCase() === k));
}

/** True when a playbook's title, id or a symptom contains `search` (for the interactive picker). */
export function playbookMatches(p: PlaybookRef, search: string): boolean {
  const s = search.trim().toLowerCase();
  if (!s) return true;
  return [p.id, p.title, ...p.symptoms, ...p.aliases].some((t) => t.toLowerCase().includes(s));
}
