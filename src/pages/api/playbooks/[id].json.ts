import type { APIRoute, GetStaticPaths } from 'astro';
import { config, incidentSummaries, linkGraph, playbooks, type PlaybookEntry } from '../../../site/kb.ts';
import { playbookJson } from '../../../site/api.ts';

export const getStaticPaths = (async () =>
  (await playbooks()).map((entry) => ({ params: { id: entry.id }, props: { entry } }))) satisfies GetStaticPaths;

/** The playbook plus the incidents that used it or found it missing/wrong ("related incidents" for runbooks and bots). */
export const GET: APIRoute = async ({ props }) => {
  const entry = props.entry as PlaybookEntry;
  const graph = await linkGraph();
  const summaries = await incidentSummaries();
  const summary = (id: string) => summaries.get(id);
  const usedBy = (graph.usedBy.get(entry.id) ?? []).map(summary).filter((x) => x !== undefined);
  const reportedBy = (graph.reportedBy.get(entry.id) ?? [])
    .map((r) => ({ incident: summary(r.incident), note: r.note }))
    .filter((r): r is { incident: NonNullable<typeof r.incident>; note: string } => r.incident !== undefined);
  const body = playbookJson(entry.data, config.site.base_url, { usedBy, reportedBy });
  return new Response(JSON.stringify(body, null, 2), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
