import type { APIRoute } from 'astro';
import { actionItems, config, facets, incidentFacts, incidents, playbooks, url } from '../site/kb.ts';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** Canonical pages only (redirect pages are left out), hand-made so aliases never leak in. */
export const GET: APIRoute = async () => {
  const list = await incidents();
  const f = await facets();
  await actionItems();
  const years = new Set(list.map((i) => incidentFacts(i).year));
  const paths = [
    url.home(),
    url.incidents(),
    url.incidentsBySeverity(),
    url.playbooks(),
    url.actionItems(),
    url.stats(),
    url.tags(),
    url.services(),
    url.categories(),
    ...list.map((i) => url.incident(i.id)),
    ...(await playbooks()).map((p) => url.playbook(p.id)),
    ...[...f.tags.values()].map(url.tag),
    ...[...f.services.values()].map(url.service),
    ...config.root_cause_categories.map(url.category),
    ...[...years].map(url.year),
  ];
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
    paths.map((p) => `  <url><loc>${esc(new URL(p, config.site.base_url).href)}</loc></url>`).join('\n') +
    '\n</urlset>\n';
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
};
