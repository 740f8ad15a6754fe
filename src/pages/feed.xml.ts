import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { config, incidentFacts, incidents, t, uiLang, url } from '../site/kb.ts';

/** RSS feed of the visible incidents, newest first (drafts only when drafts are built). */
export const GET: APIRoute = async () => {
  const list = await incidents();
  return rss({
    title: config.site.title,
    description: `${config.site.title}: ${t.nav.incidents}`,
    site: config.site.base_url,
    trailingSlash: true,
    customData: `<language>${uiLang}</language>`,
    items: list.map((e) => {
      const f = incidentFacts(e);
      return {
        title: `${e.id} [${e.data.severity}] ${e.data.title}`,
        link: url.incident(e.id),
        pubDate: f.startedEpoch === undefined ? undefined : new Date(f.startedEpoch),
        description: e.data.summary,
        categories: [e.data.severity, ...e.data.services, ...e.data.tags],
        customData: `<guid isPermaLink="false">${e.id}</guid>`,
      };
    }),
  });
};
