/**
 * The URLs of the site's pages: the one place their paths are spelled. Every
 * internal link goes through here, so a site served under a sub-path
 * (`site.base_url: https://acme.github.io/kb/`) links to `/kb/incidents/…`.
 */
import { basePath, contentRoot, loadConfig } from '../core/config.ts';

/** `/`, or the sub-path the site is served under (`/kb/`). */
export const base = basePath(loadConfig(contentRoot()).site.base_url);

/** A root-relative path (`/incidents/`) under the site's base path (`/kb/incidents/`). */
export function withBase(path: string): string {
  if (base === '/' || !path.startsWith('/') || path.startsWith('//') || path.startsWith(base)) return path;
  return base + path.slice(1);
}

export const url = {
  home: () => base,
  incidents: () => withBase('/incidents/'),
  incidentsBySeverity: () => withBase('/incidents/sort/severity/'),
  playbooks: () => withBase('/playbooks/'),
  actionItems: () => withBase('/action-items/'),
  stats: () => withBase('/stats/'),
  tags: () => withBase('/tags/'),
  services: () => withBase('/services/'),
  categories: () => withBase('/categories/'),
  search: () => withBase('/search/'),
  feed: () => withBase('/feed.xml'),
  sitemap: () => withBase('/sitemap.xml'),
  api: () => withBase('/api/incidents.json'),
  pagefind: (file = '') => withBase(`/pagefind/${file}`),
  asset: (file: string) => withBase(`/${file}`),
  incident: (id: string) => withBase(`/incidents/${id}/`),
  playbook: (id: string) => withBase(`/playbooks/${id}/`),
  severity: (s: string) => withBase(`/incidents/severity/${s.toLowerCase()}/`),
  status: (s: string) => withBase(`/incidents/status/${s}/`),
  year: (y: string) => withBase(`/incidents/year/${y}/`),
  category: (c: string) => withBase(`/categories/${c}/`),
  tag: (slug: string) => withBase(`/tags/${slug}/`),
  service: (slug: string) => withBase(`/services/${slug}/`),
  owner: (slug: string) => withBase(`/action-items/owner/${slug}/`),
  actionStatus: (s: string) => withBase(`/action-items/status/${s}/`),
  // Files for calendars, spreadsheets and scripts (src/site/action-feeds.ts).
  actionCalendar: withBase('/action-items.ics'),
  ownerCalendar: (slug: string) => withBase(`/action-items/owner/${slug}.ics`),
  actionCsv: withBase('/action-items.csv'),
  actionJson: withBase('/api/action-items.json'),
  /** The playbook index the search page searches first (`src/site/search/playbooks.ts`). */
  playbookIndex: () => withBase('/search/playbooks.json'),
};
