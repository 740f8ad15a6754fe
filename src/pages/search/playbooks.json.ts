import type { APIRoute } from 'astro';
import { incidentsById, linkGraph, playbooks, url } from '../../site/kb.ts';
import { buildPlaybookIndex, packPlaybookIndex } from '../../site/search/playbooks.ts';

/** The playbook index the search page searches first (`src/site/search/playbooks.ts`). */
export const GET: APIRoute = async () => {
  const graph = await linkGraph();
  const byId = await incidentsById();
  const index = buildPlaybookIndex(
    (await playbooks()).map((p) => ({
      id: p.id,
      url: url.playbook(p.id),
      title: p.data.title,
      symptoms: p.data.symptoms,
      tags: p.data.tags,
      incidentTitles: (graph.usedBy.get(p.id) ?? []).flatMap((id) => byId.get(id)?.data.title ?? []),
    })),
  );
  return new Response(JSON.stringify(packPlaybookIndex(index, url.playbooks())), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
