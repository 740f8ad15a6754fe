/**
 * Astro integration: build the Pagefind index from the built site, after Astro
 * has written every page. Modelled on Starlight's `integrations/pagefind.ts`:
 * create the index, add the output directory, write the bundle, and fail the
 * build on any error Pagefind reports (a site without working search is broken).
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

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

export default function kbPagefind(options: PagefindOptions = {}): AstroIntegration {
  return {
    name: 'kb:pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        await runPagefind(fileURLToPath(dir), { ...options, logger });
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
    if (pageCount === 0) throw new PagefindError([`no HTML pages found in ${siteDir}`]);
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
