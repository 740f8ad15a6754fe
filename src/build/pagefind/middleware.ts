/**
 * Build-time middleware added by the kb:pagefind integration: hands each
 * searchable page's HTML to Pagefind as soon as Astro has rendered it, so the
 * index is built on another core while Astro renders the rest of the site,
 * instead of re-reading every page from disk after the build.
 *
 * It is bundled into Astro's prerender code, so it shares nothing with the
 * integration but a global sink (set only while `astro build` runs).
 */
import type { MiddlewareHandler } from 'astro';

interface PagefindSink {
  add(url: string, html: string): void;
}

const SINK = Symbol.for('kb.pagefind.sink');
/** Incident and playbook pages: the only ones with `data-pagefind-body` (see CONTENT_PAGES in pagefind.ts). */
const CONTENT_PATH = /^\/(?:incidents|playbooks)\/[^/]+\/$/;

export const onRequest: MiddlewareHandler = async (context, next) => {
  const response = await next();
  const sink = (globalThis as { [SINK]?: PagefindSink })[SINK];
  if (!sink || !CONTENT_PATH.test(context.url.pathname) || !(response.headers.get('content-type') ?? '').startsWith('text/html'))
    return response;
  const html = await response.text();
  if (html.includes('data-pagefind-body')) sink.add(context.url.pathname, html);
  return new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
};
