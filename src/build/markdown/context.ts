import type { VFile } from 'vfile';
import type { EntryKind } from '../../core/entry.ts';

/** What a remark plugin needs to know about the file it is transforming. */
export interface EntryContext {
  kind: EntryKind | undefined;
  frontmatter: Record<string, unknown>;
}

export function entryContext(file: VFile): EntryContext {
  const frontmatter = ((file.data as { astro?: { frontmatter?: Record<string, unknown> } }).astro?.frontmatter ?? {}) as Record<
    string,
    unknown
  >;
  const path = (file.path ?? '').replace(/\\/g, '/');
  let kind: EntryKind | undefined;
  if (Array.isArray(frontmatter.symptoms) || /\/playbooks\//.test(path)) kind = 'playbook';
  else if (typeof frontmatter.id === 'string' && /^INC-/.test(frontmatter.id)) kind = 'incident';
  else if (/\/incidents\//.test(path)) kind = 'incident';
  return { kind, frontmatter };
}

/** js-yaml (Astro) may hand over a Date where our YAML parser keeps a string. */
export function asInstantString(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : undefined;
}
