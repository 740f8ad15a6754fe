/**
 * The content loader of both collections. Like Astro's `glob()` loader (same
 * ids, digests, stored fields and dev-server watching), but each file is read
 * once, and parsed and rendered once, on worker threads (`entry-pool.ts`):
 *
 * - the data is `parseEntry()`'s: YAML 1.2 frontmatter merged with what the
 *   body contributes (timeline, whys, sections, steps), so the collection
 *   schema validates exactly what `npm run check` validates;
 * - the HTML is rendered by the site's markdown processor
 *   (`src/markdown/processor.ts`), the one `astro.config.mjs` sets, and kept
 *   in a file per digest (`rendered-html.ts`), not in the content store that
 *   every page loads; pages show it with `EntryContent.astro`;
 * - `.mdx` entries are left to Astro to compile (`deferredRender`), as `glob()` does.
 *
 * An entry whose file has not changed since the last build (same digest) is
 * kept from Astro's content store without being read again by a worker.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { CONTENT_DIRS, listContentFiles } from './content.ts';
import type { EntryKind } from './entry.ts';
import { releaseSharedPool, rendererOptionsOf, sharedPool } from './entry-pool.ts';
import type { EntryResult } from './entry-render.ts';
import { pruneRenderedHtml, renderedHtmlPath } from './rendered-html.ts';

/** Loads in progress: the last one to finish closes the shared pool (a build has no further use for it). */
let loadsRunning = 0;

function entryId(data: Record<string, unknown>, relPath: string): string {
  return typeof data.id === 'string' && data.id ? data.id : relPath.replace(/\.(md|mdx)$/, '').replace(/[\\/]/g, '-');
}

export function kbLoader(kind: EntryKind, root: string): Loader {
  const dir = `${root.replace(/\/$/, '')}/${CONTENT_DIRS[kind]}`;
  return {
    name: `kb-${kind}-loader`,
    load: async (context) => {
      const { store, logger, parseData, generateDigest, config, watcher, collection } = context;
      const htmlFile = (digest: string) => renderedHtmlPath(collection, digest, fileURLToPath(config.cacheDir));
      const projectRoot = fileURLToPath(config.root);
      const fileToId = new Map<string, string>();
      const pathOfId = new Map<string, string>();
      const configText = await readFile(`${root}/kb.config.yaml`, 'utf8').catch(() => '');
      const thePool = sharedPool(rendererOptionsOf(config as never));

      async function sync(filePath: string): Promise<string | undefined> {
        const text = await readFile(filePath, 'utf8').catch((error: Error) => {
          logger.error(`Error reading ${filePath}: ${error.message}`);
          return undefined;
        });
        if (text === undefined) return undefined;
        // The schema depends on kb.config.yaml (taxonomy, severities): a changed config re-validates every entry.
        const digest = generateDigest(configText + text);
        const isMdx = filePath.endsWith('.mdx');
        const relPath = relative(dir, filePath).split('\\').join('/');
        const known = fileToId.get(filePath);
        const stored = known ? store.get(known) : undefined;
        if (stored && stored.digest === digest && (isMdx || existsSync(htmlFile(digest)))) return known;

        const result: EntryResult = await thePool.run({ filePath, kind, text, render: !isMdx, htmlFile: isMdx ? undefined : htmlFile(digest) });
        if (result.yamlProblems.length) {
          const p = result.yamlProblems[0];
          throw new Error(`${filePath}:${p.line}:${p.column}: invalid YAML frontmatter: ${p.message}`);
        }
        if (result.renderError) logger.error(`Error rendering ${relPath}: ${result.renderError}`);
        const id = entryId(result.data, relPath);
        const other = pathOfId.get(id);
        if (other && other !== filePath) logger.warn(`${relative(projectRoot, filePath)} and ${relative(projectRoot, other)} have the same id ${id}; only one is kept (npm run check reports this).`);
        pathOfId.set(id, filePath);
        const data = await parseData({ id, data: result.data, filePath });
        const entry = {
          id,
          data,
          body: result.body,
          filePath: relative(projectRoot, filePath).split('\\').join('/'),
          digest,
        };
        if (isMdx) store.set({ ...entry, deferredRender: true });
        else store.set({ ...entry, assetImports: result.rendered?.metadata.imagePaths });
        return id;
      }

      // Entries unchanged since the last build are known by path: their id comes from the store.
      for (const id of store.keys()) {
        const e = store.get(id);
        if (e?.filePath) fileToId.set(resolve(projectRoot, e.filePath), id);
      }
      const untouched = new Set(store.keys());
      const files = await listContentFiles(root, kind);
      loadsRunning++;
      try {
        await Promise.all(
          files.map(async (filePath) => {
            const id = await sync(filePath);
            if (id === undefined) return;
            untouched.delete(id);
            fileToId.set(filePath, id);
            const e = store.get(id);
            if (e?.deferredRender && e.filePath) store.addModuleImport(e.filePath);
          }),
        );
      } finally {
        if (--loadsRunning === 0 && !watcher) {
          releaseSharedPool(thePool);
          await thePool.close();
        }
      }
      for (const id of untouched) store.delete(id);
      if (!watcher) pruneRenderedHtml(collection, new Set([...store.values()].flatMap((e) => (e.digest ? [String(e.digest)] : []))), fileURLToPath(config.cacheDir));

      if (!watcher) return;
      watcher.add(dir);
      const inScope = (path: string) => path.startsWith(`${dir}/`) && /\.(md|mdx)$/.test(path);
      const onChange = async (path: string) => {
        if (!inScope(path)) return;
        const old = fileToId.get(path);
        try {
          const id = await sync(path);
          if (id === undefined) return;
          if (old && old !== id) store.delete(old);
          fileToId.set(path, id);
          logger.info(`Reloaded ${relative(dir, path)}`);
        } catch (error) {
          logger.error(`Failed to reload ${relative(dir, path)}: ${(error as Error).message}`);
        }
      };
      watcher.on('change', onChange);
      watcher.on('add', onChange);
      watcher.on('unlink', (path: string) => {
        const id = fileToId.get(path);
        if (!id) return;
        store.delete(id);
        fileToId.delete(path);
      });
    },
  };
}
