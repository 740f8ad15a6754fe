/** Root-relative URLs of the site's pages: the one place their paths are spelled. */

export const url = {
  incident: (id: string) => `/incidents/${id}/`,
  playbook: (id: string) => `/playbooks/${id}/`,
  severity: (s: string) => `/incidents/severity/${s.toLowerCase()}/`,
  status: (s: string) => `/incidents/status/${s}/`,
  year: (y: string) => `/incidents/year/${y}/`,
  category: (c: string) => `/categories/${c}/`,
  tag: (slug: string) => `/tags/${slug}/`,
  service: (slug: string) => `/services/${slug}/`,
  owner: (slug: string) => `/action-items/owner/${slug}/`,
  actionStatus: (s: string) => `/action-items/status/${s}/`,
  /** The playbook index the search page searches first (`src/site/search/playbooks.ts`). */
  playbookIndex: () => '/search/playbooks.json',
};
