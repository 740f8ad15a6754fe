import type { APIRoute, GetStaticPaths } from 'astro';
import { config, incidents, incidentSummaries, linkGraph, type IncidentEntry } from '../../../site/kb.ts';
import { incidentDetailJson } from '../../../site/api.ts';

export const getStaticPaths = (async () =>
  (await incidents()).map((entry) => ({ params: { id: entry.id }, props: { entry } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const entry = props.entry as IncidentEntry;
  const graph = await linkGraph();
  const summary = (await incidentSummaries()).get(entry.id);
  const body = incidentDetailJson(entry.data, config.site.base_url, graph.related.get(entry.id) ?? [], summary);
  return new Response(JSON.stringify(body, null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
