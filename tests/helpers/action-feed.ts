/**
 * What the site's action-item feeds need to know about a build, for tests that
 * make an /api/action-items.json with the site's own code (`actionItemsJson`).
 */
import type { FeedContext } from '../../src/site/action-feeds.ts';
import { url } from '../../src/site/urls.ts';

export function feedContext(today: string): FeedContext {
  return {
    base: 'https://kb.example.com',
    today,
    title: 'KB',
    severities: ['SEV1', 'SEV2', 'SEV3', 'SEV4'],
    incidentPath: url.incident,
    ownerSlug: (o) => o.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    noOwner: 'unassigned',
    fileOf: (id) => `content/incidents/${id}.md`,
  };
}
