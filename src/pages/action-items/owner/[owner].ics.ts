import type { APIRoute, GetStaticPaths } from 'astro';
import { actionItemsCalendar } from '../../../site/action-feeds.ts';
import { actionFeedContext, actionItems, config, facets, t } from '../../../site/kb.ts';

/** One owner's open action items with a due date: the same owners and slugs as the owner pages. */
export const getStaticPaths = (async () => {
  const all = await actionItems();
  const { owners } = await facets();
  return [...owners].map(([value, slug]) => ({
    params: { owner: slug },
    props: { value, items: all.filter((a) => (a.owner ?? t.actions.noOwner) === value) },
  }));
}) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) => {
  const { value, items } = props as { value: string; items: Awaited<ReturnType<typeof actionItems>> };
  return new Response(actionItemsCalendar(items, await actionFeedContext(), `${config.site.title}: ${t.taxonomy.owner(value)}`), {
    headers: { 'Content-Type': 'text/calendar; charset=utf-8' },
  });
};
