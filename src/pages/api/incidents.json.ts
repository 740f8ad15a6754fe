import type { APIRoute } from 'astro';
import { config, incidents, linkGraph } from '../../data/kb.ts';
import { incidentJson } from '../../lib/api.ts';

/** Every published (visible) incident with its metadata and derived durations, newest first. */
export const GET: APIRoute = async () => {
  const graph = await linkGraph();
  const list = (await incidents()).map((e) => incidentJson(e.data, config.site.base_url, graph.related.get(e.id) ?? []));
  return new Response(JSON.stringify({ generated: new Date().toISOString(), count: list.length, incidents: list }, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
