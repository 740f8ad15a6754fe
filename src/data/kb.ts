/**
 * The site's view of the content, loaded once per build (pages call these
 * helpers instead of `getCollection()` each, which is a known cost at scale).
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { contentRoot, loadConfig } from '../lib/config.ts';

export type IncidentEntry = CollectionEntry<'incidents'>;
export type PlaybookEntry = CollectionEntry<'playbooks'>;

export const config = loadConfig(contentRoot());

/** Drafts are published only in dev, or when asked (KB_INCLUDE_DRAFTS=1 or site.include_drafts). */
export const includeDrafts =
  import.meta.env.DEV || process.env.KB_INCLUDE_DRAFTS === '1' || config.site.include_drafts === true;

let incidentsCache: Promise<IncidentEntry[]> | undefined;
let playbooksCache: Promise<PlaybookEntry[]> | undefined;

/** Incidents visible on the site, newest first. */
export function incidents(): Promise<IncidentEntry[]> {
  incidentsCache ??= getCollection('incidents', (e) => includeDrafts || e.data.status !== 'draft').then((list) =>
    list.sort((a, b) => b.data.started.localeCompare(a.data.started) || a.id.localeCompare(b.id)),
  );
  return incidentsCache;
}

export function playbooks(): Promise<PlaybookEntry[]> {
  playbooksCache ??= getCollection('playbooks').then((list) => list.sort((a, b) => a.data.title.localeCompare(b.data.title)));
  return playbooksCache;
}
