import type { APIRoute } from 'astro';
import { actionItemsJson } from '../../site/action-feeds.ts';
import { actionFeedContext, actionItems } from '../../site/kb.ts';

/** Every published action item, overdue relative to the build date: what `npm run action-items` reads. */
export const GET: APIRoute = async () =>
  new Response(`${JSON.stringify(actionItemsJson(await actionItems(), await actionFeedContext()), null, 2)}\n`, {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
