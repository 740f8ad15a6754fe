import type { APIRoute } from 'astro';
import { incidentSummaries } from '../../site/kb.ts';

/** Every published (visible) incident with its metadata and derived durations, newest first. */
export const GET: APIRoute = async () => {
  const list = [...(await incidentSummaries()).values()];
  return new Response(JSON.stringify({ generated: new Date().toISOString(), count: list.length, incidents: list }, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
};
