import type { APIRoute } from 'astro';
import { actionItemsCsv } from '../site/action-feeds.ts';
import { actionFeedContext, actionItems } from '../site/kb.ts';

/** Every published action item, one row each, for spreadsheets (RFC 4180). */
export const GET: APIRoute = async () =>
  new Response(actionItemsCsv(await actionItems(), await actionFeedContext()), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8' },
  });
