/**
 * The site's view of the content, loaded once per build (pages call these
 * helpers instead of `getCollection()` each, which is a known cost at scale).
 * Everything derived from the whole collection (link graph, redirects, action
 * items, stats, facet slugs) is computed once here and cached at module level.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { relative, resolve } from 'node:path';
import { contentRoot, loadConfig } from '../core/config.ts';
import { buildLinkGraph, type LinkGraph } from './link-graph.ts';
import { planRedirects, editUrl, type RedirectPlan } from './redirects.ts';
import { collectActionItems, type TrackedActionItem } from './action-items.ts';
import { today as todayOf } from '../core/today.ts';
import { computeStats, type KbStats } from './stats.ts';
import { facetSlugs } from './facets.ts';
import { incidentCompleteness, type Completeness } from '../core/completeness.ts';
import { incidentDurations, type Durations } from '../core/time/timeline.ts';
import { instantToEpoch } from '../core/time/zone.ts';
import { severityLevels } from '../schema/config.ts';
import { actionItemFilterGroupsOf, incidentFilterGroupsOf } from './filters.ts';
import { incidentJson, type IncidentSummaryJson } from './api.ts';
import { errorLines } from '../core/errors.ts';
import { similarIncidents, type SimilarMatch } from '../core/similar.ts';
import { recurringProblems, type Recurrence } from './recurring.ts';
import { contentLang, ui, type Lang } from './i18n/index.ts';
import type { FeedContext } from './action-feeds.ts';
import { url } from './urls.ts';
import { editionOf, type Edition, visibilityOf } from '../core/editions.ts';

export type IncidentEntry = CollectionEntry<'incidents'>;
export type PlaybookEntry = CollectionEntry<'playbooks'>;

export const config = loadConfig(contentRoot());

/**
 * The edition this build makes (KB_EDITION): `internal` (everything) or
 * `public`, where the loader already left out internal entries, internal
 * blocks and internal fields (src/core/editions.ts). The pages only leave
 * out what points back into the company: edit links and file paths.
 */
export const edition: Edition = editionOf();

/**
 * The entry's page in the public edition, shown by the internal edition on a
 * public entry when `editions.public_url` is set.
 */
export function publicVersionUrl(kind: 'incident' | 'playbook', entry: { id: string; data: { visibility?: string } }): string | undefined {
  const base = config.editions.public_url;
  if (edition !== 'internal' || !base || visibilityOf(entry.data, config) !== 'public') return undefined;
  return `${base.replace(/\/+$/, '')}/${kind === 'incident' ? 'incidents' : 'playbooks'}/${encodeURIComponent(entry.id)}/`;
}

/** The configured severity levels, worst first (SEV1–SEV4 unless kb.config.yaml says otherwise). */
export const severities: readonly string[] = severityLevels(config);

/** UI language and strings (`site.lang`). */
export const uiLang: Lang = config.site.lang;
export const t = ui(uiLang);

/**
 * Drafts are published only in `astro dev`, or when asked (KB_INCLUDE_DRAFTS=1 or
 * site.include_drafts). The Vite mode, not `import.meta.env.DEV`: DEV follows
 * NODE_ENV, which test runners set to "test" even for production builds.
 */
/**
 * Pages run under `astro dev` (set by the kb:content integration from Astro's command). Not
 * `import.meta.env.DEV` or MODE: they follow NODE_ENV, which test runners set even for builds.
 */
export const devMode = process.env.KB_ASTRO_COMMAND === 'dev';

export const includeDrafts = devMode || process.env.KB_INCLUDE_DRAFTS === '1' || config.site.include_drafts === true;

/**
 * The build's "today" (`YYYY-MM-DD`, UTC): overdue action items, stale playbooks
 * and "this quarter" are relative to it. `KB_BUILD_DATE` pins it for reproducible builds.
 */
export const today: string = todayOf();

let incidentsCache: Promise<IncidentEntry[]> | undefined;
let playbooksCache: Promise<PlaybookEntry[]> | undefined;

/** Incidents visible on the site, newest first. */
export function incidents(): Promise<IncidentEntry[]> {
  incidentsCache ??= getCollection('incidents', (e) => includeDrafts || e.data.status !== 'draft').then((list) =>
    list.sort((a, b) => b.data.started.localeCompare(a.data.started) || a.id.localeCompare(b.id)),
  );
  return incidentsCache;
}

export function playbooks(): Promise<PlaybookEntry[]> {
  playbooksCache ??= getCollection('playbooks').then((list) => list.sort((a, b) => a.data.title.localeCompare(b.data.title)));
  return playbooksCache;
}

const once = <T>(fn: () => Promise<T>) => {
  let cached: Promise<T> | undefined;
  return () => (cached ??= fn());
};

/**
 * The search page's two indexes (`search.recent_incidents`): every playbook and the newest
 * incidents, searched at once; the older incidents (`archived`), searched when the reader asks.
 * `before`: the start date of the newest archived incident.
 */
export const searchTiers = once(async () => {
  const recent = config.search.recent_incidents;
  const archived = recent > 0 ? (await incidents()).slice(recent) : [];
  return { archived: new Set(archived.map((e) => e.id)), count: archived.length, before: archived[0]?.data.started.slice(0, 10) };
});

/** Who links to whom, among the visible entries. */
export const linkGraph = once<LinkGraph>(async () =>
  buildLinkGraph(
    (await incidents()).map((e) => e.data),
    (await playbooks()).map((e) => e.data),
  ),
);

/**
 * The public edition: whether a body link's target has a page here (ids and
 * aliases of the visible entries); links to others become plain text.
 */
export const entryLinkFilter = once(async () => {
  const graph = await linkGraph();
  return (collection: 'incidents' | 'playbooks', id: string) =>
    (collection === 'incidents' ? graph.incidentIds : graph.playbookIds).has(id);
});

/** Folder names under /incidents/ and /playbooks/ that an alias must not take. */
export const RESERVED_INCIDENT_PATHS = new Set(['severity', 'status', 'year', 'sort', 'index']);

export const redirectPlan = once<RedirectPlan>(async () => {
  const plan = planRedirects(
    (await incidents()).map((e) => e.data),
    (await playbooks()).map((e) => e.data),
    { incidents: RESERVED_INCIDENT_PATHS, playbooks: new Set(['index']) },
  );
  for (const s of plan.skipped) console.warn(`[kb] alias "${s.alias}" of ${s.owner} gets no redirect: ${s.reason}`);
  return plan;
});

export const actionItems = once<TrackedActionItem[]>(async () => collectActionItems(await incidents(), today));

// Lookups built once per build: a page that built them itself made every incident page O(N),
// and the whole build O(N²) (incident pages took 3 ms each at 1,000 incidents, 6 ms at 3,000).
export const incidentsById = once(async () => new Map((await incidents()).map((i) => [i.id, i])));
export const playbooksById = once(async () => new Map((await playbooks()).map((p) => [p.id, p])));
/** Action items per incident id, in the order they are written. */
export const actionItemsByIncident = once(async () => {
  const byIncident = new Map<string, TrackedActionItem[]>();
  for (const a of await actionItems()) {
    const list = byIncident.get(a.incident.id);
    if (list) list.push(a);
    else byIncident.set(a.incident.id, [a]);
  }
  for (const list of byIncident.values()) list.sort((x, y) => x.index - y.index);
  return byIncident;
});

/** Each incident's /api/ summary record (shared by incidents.json, its own record and the playbook records). */
export const incidentSummaries = once(async () => {
  const graph = await linkGraph();
  return new Map<string, IncidentSummaryJson>(
    (await incidents()).map((e) => [e.id, incidentJson(e.data, config.site.base_url, graph.related.get(e.id) ?? [])]),
  );
});

export const stats = once<KbStats>(async () =>
  computeStats(
    (await incidents()).map((e) => e.data),
    { today, severities },
  ),
);

/**
 * Past incidents like each incident (`core/similar.ts`): computed once per build over
 * every visible incident, for the incident pages and their /api/ records.
 */
export const similar = once<Map<string, SimilarMatch[]>>(async () => {
  const started = performance.now();
  const list = await incidents();
  const result = similarIncidents(
    list.map((e) => ({
      id: e.id,
      title: e.data.title,
      summary: e.data.summary,
      started: incidentFacts(e).startedEpoch ?? 0,
      services: e.data.services,
      tags: e.data.tags,
      playbooks: e.data.playbooks.map((p) => (typeof p === 'string' ? p : p.id)),
      category: e.data.root_cause?.category,
      errors: errorLines(e.body ?? ''),
    })),
  );
  if (list.length >= 1000)
    console.info(`[kb] similar incidents for ${list.length} incidents in ${Math.round(performance.now() - started)} ms`);
  return result;
});

/** Playbooks and errors that came back (`recurring` in kb.config.yaml), for the stats page. */
export const recurring = once<Recurrence[]>(async () =>
  recurringProblems(
    (await incidents()).map((e) => ({
      id: e.id,
      title: e.data.title,
      started: incidentFacts(e).startedEpoch ?? 0,
      playbooks: e.data.playbooks.map((p) => (typeof p === 'string' ? p : p.id)),
      errors: errorLines(e.body ?? ''),
    })),
    { windowDays: config.recurring.window_days, minIncidents: config.recurring.min_incidents },
  ),
);

/** URL slugs for free-form values (Korean romanised, unique per facet). */
export const facets = once(async () => {
  const list = await incidents();
  const items = await actionItems();
  return {
    tags: facetSlugs(
      list.flatMap((i) => i.data.tags),
      'tag',
    ),
    services: facetSlugs(
      list.flatMap((i) => i.data.services),
      'service',
    ),
    owners: facetSlugs(
      items.map((a) => a.owner ?? t.actions.noOwner),
      'owner',
    ),
  };
});

export interface IncidentFacts {
  lang: Lang;
  year: string;
  startedEpoch?: number;
  durations: Durations;
  completeness: Completeness;
}

const factsCache = new Map<string, IncidentFacts>();

/** Derived, per-incident facts (language, durations, completeness), computed once per incident. */
export function incidentFacts(entry: IncidentEntry): IncidentFacts {
  let f = factsCache.get(entry.id);
  if (!f) {
    const d = entry.data;
    f = {
      lang: contentLang(d.title, d.summary),
      year: d.started.slice(0, 4),
      startedEpoch: instantToEpoch(d.started, d.timezone),
      durations: incidentDurations(d),
      completeness: incidentCompleteness(d.sections, d),
    };
    factsCache.set(entry.id, f);
  }
  return f;
}

/** The entry's file as a repository-relative path (for "edit this file"). */
export function repoPath(entry: { filePath?: string }): string | undefined {
  // A file's name may say more than its public title (a customer's name): the public edition never shows it.
  if (!entry.filePath || edition === 'public') return undefined;
  const abs = resolve(entry.filePath);
  const fromCwd = relative(process.cwd(), abs);
  return fromCwd.startsWith('..') ? relative(contentRoot(), abs) : fromCwd;
}

export function editLink(entry: { filePath?: string }): string | undefined {
  if (edition === 'public') return undefined; // the repository is the company's
  return editUrl(config.site.repo_edit_url, repoPath(entry));
}

export { url } from './urls.ts';

/** What the action-item feeds (iCalendar, CSV, JSON) need to know about the site, once per build. */
export const actionFeedContext = once(async (): Promise<FeedContext> => {
  const { owners } = await facets();
  const byId = await incidentsById();
  return {
    base: config.site.base_url,
    today,
    title: config.site.title,
    severities: Object.keys(config.severities),
    incidentPath: url.incident,
    ownerSlug: (owner) => owners.get(owner),
    noOwner: t.actions.noOwner,
    fileOf: (id) => repoPath(byId.get(id) ?? {}),
  };
});
export type { FilterGroup } from './filters.ts';

// The facet groups are the same on every list page; computed once per build, not once per page.
export const incidentFilterGroups = once(async () =>
  incidentFilterGroupsOf(await incidents(), (i) => incidentFacts(i).year, { t, facets: await facets(), severities }),
);
export const actionItemFilterGroups = once(async () =>
  actionItemFilterGroupsOf(await actionItems(), { t, facets: await facets(), severities }),
);
