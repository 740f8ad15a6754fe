import type { APIRoute, GetStaticPaths } from 'astro';
import { config, incidents, incidentSummaries, linkGraph, similar, type IncidentEntry } from '../../../site/kb.ts';
import { incidentDetailJson } from '../../../site/api.ts';

export const getStaticPaths = (async () =>
  (await incidents()).map((entry) => ({ params: { id: entry.id }, props: { entry } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const entry = props.entry as IncidentEntry;
  const graph = await linkGraph();
  const summaries = await incidentSummaries();
  const summary = summaries.get(entry.id);
  const body = {
    ...incidentDetailJson(entry.data, config.site.base_url, graph.related.get(entry.id) ?? [], summary),
    // Past incidents like this one, best first, with the strongest shared signal (core/similar.ts).
    similar: ((await similar()).get(entry.id) ?? []).map((m) => ({
      id: m.id,
      title: summaries.get(m.id)?.title,
      url: summaries.get(m.id)?.url,
      score: m.score,
      reason: m.reason,
      shared: m.shared,
    })),
  };
  return new Response(JSON.stringify(body, null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
