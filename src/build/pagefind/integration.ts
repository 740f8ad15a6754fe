/**
 * Astro integration: build the Pagefind index of the site. Modelled on
 * Starlight's `integrations/pagefind.ts` (create the index, add the pages,
 * write the bundle, and fail the build on any error Pagefind reports: a site
 * without working search is broken), with one difference for speed: the index
 * is created when the build starts and a build-time middleware
 * (`pagefind-middleware.ts`) hands it every searchable page as Astro renders
 * it. Pagefind indexes on another core meanwhile, so at `astro:build:done`
 * only the bundle is left to write. If no page came through the middleware
 * (a build without it), the output folder is indexed from disk instead.
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import type { Tier } from './archive.ts';

/**
 * One index for every page. Pagefind splits the index per `<html lang>`, and the
 * browser loads only the index of the page it runs on, so without this a search
 * from an English page would never find a Korean post-mortem (and the reverse).
 * English stemming is harmless for Hangul, and it makes `keys` find `key`.
 */
export const SEARCH_LANGUAGE = 'en';

export interface PagefindOptions {
  /** ISO 639-1 code of the single index (default `en`). */
  language?: string;
}

export interface PagefindRunResult {
  pageCount: number;
  outputPath: string;
}

const SINK = Symbol.for('kb.pagefind.sink');

/**
 * Pages handed over by the middleware while Astro renders, passed to a worker
 * thread that owns the Pagefind index (`pagefind-worker.ts`), so encoding them
 * for Pagefind costs Astro's thread nothing but a copy. Errors are collected
 * there and reported by `finish()`, not thrown mid-build.
 */
class StreamingIndex {
  pages = 0;
  #worker: Worker;

  constructor(language: string) {
    this.#worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: { language } });
    this.#worker.unref();
  }

  add(url: string, content: string, tier: Tier = 'first'): void {
    this.pages++;
    this.#worker.postMessage({ type: 'add', url, content, tier });
  }

  /** Wait for the pages still being indexed, then write the bundle; returns how long each took. */
  finish(outputPath: string): Promise<{ drainMs: number; writeMs: number }> {
    this.#worker.ref();
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(new PagefindError([`the Pagefind worker failed: ${error.message}`]));
      this.#worker.once('error', failed);
      this.#worker.once('message', (r: { errors: string[]; drainMs: number; writeMs: number }) => {
        this.#worker.off('error', failed);
        if (r.errors.length) reject(new PagefindError(r.errors));
        else resolve(r);
      });
      this.#worker.postMessage({ type: 'finish', outputPath });
    });
  }

  async close(): Promise<void> {
    this.#worker.postMessage({ type: 'close' });
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void this.#worker.terminate().then(() => resolve()), 5000);
      this.#worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

export default function kbPagefind(options: PagefindOptions = {}): AstroIntegration {
  const language = options.language ?? SEARCH_LANGUAGE;
  let streaming: StreamingIndex | undefined;
  return {
    name: 'kb:pagefind',
    hooks: {
      'astro:config:setup': ({ command, addMiddleware }) => {
        if (command === 'build') addMiddleware({ entrypoint: new URL('./middleware.ts', import.meta.url), order: 'post' });
      },
      'astro:build:start': () => {
        streaming = new StreamingIndex(language);
        (globalThis as { [SINK]?: StreamingIndex })[SINK] = streaming;
      },
      'astro:build:done': async ({ dir, logger }) => {
        delete (globalThis as { [SINK]?: StreamingIndex })[SINK];
        const siteDir = fileURLToPath(dir);
        if (!streaming?.pages) {
          // Nothing came through the middleware (no content yet, or a build without it): index the written pages.
          await streaming?.close();
          streaming = undefined;
          await runPagefind(siteDir, { language, logger });
          return;
        }
        const started = performance.now();
        try {
          const { drainMs, writeMs } = await streaming.finish(`${siteDir.replace(/\/$/, '')}/pagefind/`);
          logger.info(
            `Indexed ${streaming.pages} pages while they were rendered; wrote the bundle in ${Math.round(performance.now() - started)} ms ` +
              `(${Math.round(drainMs)} ms to index the last pages, ${Math.round(writeMs)} ms to write).`,
          );
        } catch (error) {
          const failure = error instanceof PagefindError ? error : new PagefindError([(error as Error)?.message ?? String(error)]);
          for (const message of failure.errors) logger.error(`Pagefind: ${message}`);
          throw failure;
        } finally {
          await streaming.close();
          streaming = undefined;
        }
      },
    },
  };
}

/**
 * Only incident and playbook pages carry `data-pagefind-body`; reading the lists,
 * facets, redirects and API files too cost Pagefind time and memory for nothing
 * (45,000 files at 10,000 incidents, of which 10,400 are searchable).
 */
export const CONTENT_PAGES = '{incidents,playbooks}/*/index.html';

/** Index `siteDir` (the build output) and write the bundle to `<siteDir>/pagefind/`. */
export async function runPagefind(
  siteDir: string,
  { language = SEARCH_LANGUAGE, logger }: PagefindOptions & { logger?: AstroIntegrationLogger } = {},
): Promise<PagefindRunResult> {
  const started = performance.now();
  try {
    const { index } = check(await pagefind.createIndex({ forceLanguage: language }), 'createIndex');
    if (!index) throw new PagefindError(['createIndex returned no index']);
    const { page_count: pageCount } = check(await index.addDirectory({ path: siteDir, glob: CONTENT_PAGES }), 'addDirectory');
    // No incident or playbook yet (a new team's first build): an empty index, so the search page works and finds nothing.
    const { outputPath } = check(await index.writeFiles({ outputPath: `${siteDir.replace(/\/$/, '')}/pagefind/` }), 'writeFiles');
    logger?.info(`Indexed ${pageCount} HTML files in ${Math.round(performance.now() - started)} ms.`);
    return { pageCount, outputPath };
  } catch (error) {
    if (error instanceof PagefindError) {
      for (const message of error.errors) logger?.error(`Pagefind: ${message}`);
      throw error;
    }
    throw new PagefindError([error instanceof Error ? error.message : String(error)]);
  } finally {
    await pagefind.close();
  }
}

export class PagefindError extends Error {
  errors: string[];
  constructor(errors: string[]) {
    super(`Pagefind failed, so the site has no search index:\n  ${errors.join('\n  ')}`);
    this.name = 'PagefindError';
    this.errors = errors;
  }
}

function check<T extends { errors: string[] }>(response: T, step: string): T {
  if (response.errors.length > 0) throw new PagefindError(response.errors.map((e) => `${step}: ${e}`));
  return response;
}
