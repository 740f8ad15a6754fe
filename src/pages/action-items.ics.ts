import type { APIRoute } from 'astro';
import { actionItemsCalendar } from '../site/action-feeds.ts';
import { actionFeedContext, actionItems, config, t } from '../site/kb.ts';

/** Open action items with a due date, as an iCalendar feed to subscribe to (RFC 5545). */
export const GET: APIRoute = async () =>
  new Response(actionItemsCalendar(await actionItems(), await actionFeedContext(), `${config.site.title}: ${t.actions.title}`), {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
  });
