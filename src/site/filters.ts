/**
 * The facet groups of the incident and action-item lists (the filters and
 * their links). The same on every list page: the site computes them once.
 */
import type { CollectionEntry } from 'astro:content';
import { ACTION_STATUSES, INCIDENT_STATUSES } from '../schema/config.ts';
import type { TrackedActionItem } from './action-items.ts';
import { countValues } from './facets.ts';
import type { UiStrings } from './i18n/index.ts';
import { url } from './urls.ts';

type IncidentEntry = CollectionEntry<'incidents'>;

export interface FilterGroup {
  key: string;
  label: string;
  items: { value: string; label: string; count: number; href: string }[];
}

export interface FilterInputs {
  t: UiStrings;
  /** The configured severity levels, worst first. */
  severities: readonly string[];
  /** Facet value → its URL slug (see `facetSlugs`). */
  facets: { services: Map<string, string>; tags: Map<string, string>; owners: Map<string, string> };
}

/** Incident list facets (severity, status, year, category, service, tag), groups without values left out. */
export function incidentFilterGroupsOf(
  all: readonly IncidentEntry[],
  year: (i: IncidentEntry) => string,
  { t, facets: f, severities }: FilterInputs,
): FilterGroup[] {
  const groups: FilterGroup[] = [
    {
      key: 'severity',
      label: t.facet.severity,
      items: severities.map((s) => ({ value: s, label: s, count: all.filter((i) => i.data.severity === s).length, href: url.severity(s) })),
    },
    {
      key: 'status',
      label: t.facet.status,
      items: INCIDENT_STATUSES.map((s) => ({
        value: s,
        label: t.status[s],
        count: all.filter((i) => i.data.status === s).length,
        href: url.status(s),
      })),
    },
    {
      key: 'year',
      label: t.facet.year,
      items: countValues(all.map((i) => [year(i)]))
        .sort((a, b) => b.value.localeCompare(a.value))
        .map((c) => ({ value: c.value, label: c.value, count: c.count, href: url.year(c.value) })),
    },
    {
      key: 'category',
      label: t.facet.category,
      items: countValues(all.map((i) => [i.data.root_cause.category])).map((c) => ({
        value: c.value,
        label: c.value,
        count: c.count,
        href: url.category(c.value),
      })),
    },
    {
      key: 'service',
      label: t.facet.service,
      items: countValues(all.map((i) => i.data.services)).map((c) => ({
        value: c.value,
        label: c.value,
        count: c.count,
        href: url.service(f.services.get(c.value)!),
      })),
    },
    {
      key: 'tag',
      label: t.facet.tag,
      items: countValues(all.map((i) => i.data.tags)).map((c) => ({
        value: c.value,
        label: c.value,
        count: c.count,
        href: url.tag(f.tags.get(c.value)!),
      })),
    },
  ];
  return groups.map((g) => ({ ...g, items: g.items.filter((i) => i.count > 0) })).filter((g) => g.items.length);
}

/** Action-item facets (status, owner). */
export function actionItemFilterGroupsOf(all: readonly TrackedActionItem[], { t, facets: f }: FilterInputs): FilterGroup[] {
  const ownerOf = (a: TrackedActionItem) => a.owner ?? t.actions.noOwner;
  const groups: FilterGroup[] = [
    {
      key: 'status',
      label: t.facet.status,
      items: ACTION_STATUSES.map((s) => ({
        value: s,
        label: t.actionStatus[s],
        count: all.filter((a) => a.status === s).length,
        href: url.actionStatus(s),
      })),
    },
    {
      key: 'owner',
      label: t.facet.owner,
      items: countValues(all.map((a) => [ownerOf(a)])).map((c) => ({
        value: c.value,
        label: c.value,
        count: c.count,
        href: url.owner(f.owners.get(c.value)!),
      })),
    },
  ];
  return groups.map((g) => ({ ...g, items: g.items.filter((i) => i.count > 0) }));
}
