/**
 * `npm run check -- --edition public`: what the public edition will publish,
 * before the report of the public edition's rules: which entries are public,
 * and what is cut from each (title and summary replaced, internal blocks by
 * line, internal fields).
 */
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import { CONTENT_DIRS, listContentFiles } from '../../core/content.ts';
import { internalBlocks, internalFieldPaths, valuesAt, visibilityOf } from '../../core/editions.ts';
import { parseEntry } from '../../core/entry.ts';
import type { KbConfig } from '../../schema/config.ts';

export interface EditionEntry {
  kind: 'incident' | 'playbook';
  /** Relative to the content root. */
  file: string;
  id?: string;
  visibility: 'internal' | 'public';
  /** What the public edition shows as the title (public entries). */
  title?: string;
  /** What is cut, in words (public entries). */
  cuts: string[];
  /** A public incident that is still a draft: published only with drafts (KB_INCLUDE_DRAFTS=1, site.include_drafts). */
  draft?: boolean;
}

export async function editionPlan(root: string, config: KbConfig): Promise<EditionEntry[]> {
  const out: EditionEntry[] = [];
  for (const kind of ['incident', 'playbook'] as const) {
    for (const path of await listContentFiles(root, kind)) {
      const file = relative(root, path).split(sep).join('/');
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const parsed = parseEntry(text, path, kind);
      const fm = parsed.frontmatter ?? {};
      const visibility = visibilityOf(fm, config);
      const entry: EditionEntry = { kind, file, id: typeof fm.id === 'string' ? fm.id : undefined, visibility, cuts: [] };
      out.push(entry);
      if (visibility === 'internal') continue;
      if (kind === 'incident' && (fm.status ?? 'draft') === 'draft') entry.draft = true;
      const override = (fm.public ?? {}) as { title?: unknown; summary?: unknown };
      entry.title = typeof override.title === 'string' ? override.title : typeof fm.title === 'string' ? fm.title : undefined;
      const replaced = (['title', 'summary'] as const).filter((k) => typeof override[k] === 'string');
      if (replaced.length) entry.cuts.push(`${replaced.join(' and ')} (public.${replaced.join(', public.')} instead)`);
      const { blocks, problems } = internalBlocks(text, parsed.tree);
      if (problems.length) entry.cuts.push('NOT PUBLISHED until its internal blocks pair up (see the errors below)');
      if (blocks.length)
        entry.cuts.push(
          `${blocks.length} internal block${blocks.length === 1 ? '' : 's'} (line${blocks.length === 1 && blocks[0].line === blocks[0].endLine ? '' : 's'} ${blocks
            .map((b) => (b.line === b.endLine ? `${b.line}` : `${b.line}–${b.endLine}`))
            .join(', ')})`,
        );
      for (const field of internalFieldPaths(kind, config)) {
        const values = valuesAt(fm, field).filter((v) => v.value !== '' && !(Array.isArray(v.value) && v.value.length === 0));
        if (!values.length) continue;
        const owner = field.split('.').at(-1) === 'owner';
        entry.cuts.push(
          `${field}${values.length > 1 ? ` ×${values.length}` : ''}${owner ? ` (shown as "${config.editions.public_owner}")` : ''}`,
        );
      }
    }
  }
  return out;
}

export function formatEditionPlan(plan: EditionEntry[], root: string, options: { includeDrafts?: boolean } = {}): string {
  const published = (e: EditionEntry) => e.visibility === 'public' && (!e.draft || options.includeDrafts === true);
  const count = (kind: 'incident' | 'playbook') => {
    const all = plan.filter((e) => e.kind === kind);
    return `${all.filter(published).length} of ${all.length} ${CONTENT_DIRS[kind]}`;
  };
  const lines = [`Public edition of ${root}: ${count('incident')} and ${count('playbook')} are published.`];
  const width = Math.max(0, ...plan.map((e) => e.file.length));
  for (const e of [...plan].sort((a, b) =>
    a.visibility === b.visibility ? a.file.localeCompare(b.file) : a.visibility === 'public' ? -1 : 1,
  )) {
    const head = `  ${e.visibility === 'public' ? 'public  ' : 'internal'}  ${e.file.padEnd(width)}  ${e.id ?? ''}`;
    if (e.visibility === 'internal') {
      lines.push(`${head}  (not published)`);
      continue;
    }
    lines.push(
      `${head}  "${e.title ?? ''}"${e.draft && !options.includeDrafts ? '  (a draft: published once its status is review or published)' : ''}`,
    );
    lines.push(`            cut: ${e.cuts.length ? e.cuts.join('; ') : 'nothing'}`);
  }
  return `${lines.join('\n')}\n\n`;
}
