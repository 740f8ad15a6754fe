/**
 * The imported incident's frontmatter: the source's own keys mapped to the
 * schema's, every inferred value with a YAML comment saying where it came from,
 * and proposals (a date only a log line gives) as commented-out lines. Written
 * by the one frontmatter writer.
 */
import { FrontmatterWriter } from '../../core/frontmatter/write.ts';
import { str, strList } from './text.ts';

/** Source keys the schema has a place for. `owner`, `owners` and `team` count only when they give the authors. */
export const MAPPED_KEYS = new Set([
  'title',
  'description',
  'summary',
  'tags',
  'keywords',
  'date',
  'started',
  'created',
  'author',
  'authors',
  'severity',
  'sev',
  'priority',
  'timezone',
  'service',
  'services',
  'aliases',
  'slug',
  'id',
  'status',
]);

const OWNER_KEYS = ['owners', 'owner', 'team'];

/** Who wrote it: `authors`/`author`, else the post-mortem's `owners`/`owner`/`team`, with the key it came from. */
export function authorsOf(fm: Record<string, unknown>): { authors: string[]; from?: string } {
  const authors = [...strList(fm.authors), ...strList(fm.author)];
  if (authors.length) return { authors };
  for (const key of OWNER_KEYS) {
    const v = strList(fm[key]);
    if (v.length) return { authors: v, from: key };
  }
  return { authors: [] };
}

/** Keys with no place in the schema (kept under Additional notes). */
export function unmappedKeys(fm: Record<string, unknown>, authorsFrom: string | undefined): string[] {
  return Object.keys(fm).filter((k) => !MAPPED_KEYS.has(k) && k !== authorsFrom);
}

/** The source's `status` (`final`, `published`) has no place: imports start at the status the command sets. */
export function statusComment(fm: Record<string, unknown>, status: string): string | undefined {
  const theirs = str(fm.status);
  return theirs && theirs !== status ? `the source's status was "${theirs}"; imports start as ${status}` : undefined;
}

/**
 * The frontmatter block: each key with its comment, and after a key the
 * commented-out lines that go with it (a proposed `started`).
 */
export function renderFrontmatter(
  data: Record<string, unknown>,
  comments: Record<string, string>,
  after: Record<string, string[]> = {},
): string {
  const fm = new FrontmatterWriter();
  for (const [key, value] of Object.entries(data)) {
    fm.set(key, value, { comment: comments[key] });
    for (const line of after[key] ?? []) fm.comment(line);
  }
  return fm.toString();
}
