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
import { isArchived, type Tier } from './archive.ts';

interface PagefindSink {
  add(url: string, html: string, tier: Tier): void;
}

const SINK = Symbol.for('kb.pagefind.sink');
/** Incident and playbook pages: the only ones with `data-pagefind-body` (see CONTENT_PAGES in pagefind.ts). */
const CONTENT_PATH = /^\/(?:incidents|playbooks)\/[^/]+\/$/;
/** The site's base path (`/`, or `/kb/` for a sub-path deploy): page paths start with it. */
const BASE = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;

export const onRequest: MiddlewareHandler = async (context, next) => {
  const response = await next();
  const sink = (globalThis as { [SINK]?: PagefindSink })[SINK];
  const path = context.url.pathname.startsWith(BASE) ? `/${context.url.pathname.slice(BASE.length)}` : context.url.pathname;
  if (!sink || !CONTENT_PATH.test(path) || !(response.headers.get('content-type') ?? '').startsWith('text/html')) return response;
  const html = await response.text();
  // Pagefind's UI puts its own bundle's base path (`/kb/`) in front of every result URL: index them without it.
  if (html.includes('data-pagefind-body')) sink.add(path, html, isArchived(html) ? 'archive' : 'first');
  return new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
};
