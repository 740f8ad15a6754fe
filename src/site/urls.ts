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
  // Files for calendars, spreadsheets and scripts (src/site/action-feeds.ts).
  actionCalendar: '/action-items.ics',
  ownerCalendar: (slug: string) => `/action-items/owner/${slug}.ics`,
  actionCsv: '/action-items.csv',
  actionJson: '/api/action-items.json',
};
