/**
 * Where the loader keeps each markdown entry's rendered HTML: one file per
 * content digest under the Astro cache folder, outside Astro's content store.
 *
 * Astro bundles the whole content store into the build as one JSON string
 * that every page module loads; the HTML was half of it (9 KB of ~20 KB per
 * incident). Kept on disk, a page reads only its own entry's HTML.
 *
 * Files are named by digest (file text + config), written atomically, and
 * pruned by the loader once nothing refers to them.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The Astro cache folder, as astro.config.mjs sets it (`KB_CACHE_DIR`, default node_modules/.astro). */
export function cacheDir(): string {
  return resolve(process.env.KB_CACHE_DIR || './node_modules/.astro');
}

export function renderedHtmlDir(collection: string, base = cacheDir()): string {
  return join(base, 'kb-html', collection);
}

export function renderedHtmlPath(collection: string, digest: string, base = cacheDir()): string {
  return join(renderedHtmlDir(collection, base), `${digest}.html`);
}

/** Write once per digest; atomic, so a reader never sees half a file. */
export function writeRenderedHtml(path: string, html: string): void {
  if (existsSync(path)) return;
  mkdirSync(join(path, '..'), { recursive: true });
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, html);
  renameSync(tmp, path);
}

/** Remove the HTML files of digests no entry has any more (and stray temp files). */
export function pruneRenderedHtml(collection: string, keep: Set<string>, base = cacheDir()): void {
  const dir = renderedHtmlDir(collection, base);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const digest = name.endsWith('.html') ? name.slice(0, -5) : undefined;
    if (digest === undefined || !keep.has(digest)) rmSync(join(dir, name), { force: true });
  }
}

export interface EntryWithHtml {
  collection: string;
  id: string;
  digest?: string;
  filePath?: string;
  deferredRender?: boolean;
}

/**
 * The rendered HTML of a markdown entry, or undefined for an entry Astro
 * renders itself (MDX). A missing file is an error: the page would be empty.
 */
export function readRenderedHtml(entry: EntryWithHtml): string | undefined {
  if (entry.deferredRender || !entry.digest) return undefined;
  const path = renderedHtmlPath(entry.collection, entry.digest);
  try {
    return readFileSync(path, 'utf8');
  } catch {
    throw new Error(
      `The rendered HTML of ${entry.collection} entry "${entry.id}" (${entry.filePath ?? 'unknown file'}) is missing from ${path}. ` +
        'It is written by the content loader; delete the cache folder and build again.',
    );
  }
}
