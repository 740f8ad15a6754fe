/**
 * The JSON shapes of /api/*.json: plain records for runbooks, chat bots and
 * other tools. Kept separate from the pages so the shape is tested and stable.
 */
import { siteUrl } from '../core/config.ts';
import { incidentDurations } from '../core/time/timeline.ts';
import { instantToEpoch, isoInZone } from '../core/time/zone.ts';
import { incidentCompleteness } from '../core/completeness.ts';
import type { Incident, Playbook } from '../schema/index.ts';

type Ref = string | { id: string };
const refId = (r: Ref) => (typeof r === 'string' ? r : r.id);

export interface IncidentSummaryJson {
  id: string;
  url: string;
  title: string;
  summary: string;
  status: string;
  severity: string;
  timezone: string;
  started?: string;
  detected?: string;
  mitigated?: string;
  resolved?: string;
  durations: { time_to_detect_ms?: number; time_to_mitigate_ms?: number; time_to_resolve_ms?: number };
  services: string[];
  tags: string[];
  root_cause_category: string;
  aliases: string[];
  playbooks: string[];
  related: string[];
  action_items: { total: number; open: number };
  completeness: { filled: number; total: number };
}

type IncidentLike = Omit<Incident, 'playbooks' | 'related' | 'playbooks_missing'> & {
  playbooks: Ref[];
  related: Ref[];
  playbooks_missing: { playbook?: Ref; note: string }[];
};

const iso = (v: string | undefined, tz: string) => {
  if (!v) return undefined;
  const e = instantToEpoch(v, tz);
  return e === undefined ? v : isoInZone(e, tz);
};

/** `base` is the site's absolute URL. `related` is the both-directions list from the link graph. */
export function incidentJson(d: IncidentLike, base: string, related: string[] = d.related.map(refId)): IncidentSummaryJson {
  const dur = incidentDurations(d);
  const c = incidentCompleteness(d.sections, d);
  return {
    id: d.id,
    url: new URL(`incidents/${d.id}/`, siteUrl(base)).href,
    title: d.title,
    summary: d.summary,
    status: d.status,
    severity: d.severity,
    timezone: d.timezone,
    started: iso(d.started, d.timezone),
    detected: iso(d.detected, d.timezone),
    mitigated: iso(d.mitigated, d.timezone),
    resolved: iso(d.resolved, d.timezone),
    durations: { time_to_detect_ms: dur.timeToDetect, time_to_mitigate_ms: dur.timeToMitigate, time_to_resolve_ms: dur.timeToResolve },
    services: d.services,
    tags: d.tags,
    root_cause_category: d.root_cause.category,
    aliases: d.aliases,
    playbooks: d.playbooks.map(refId),
    related,
    action_items: {
      total: d.action_items.length,
      open: d.action_items.filter((a) => a.status === 'open' || a.status === 'in-progress').length,
    },
    completeness: { filled: c.filled, total: c.total },
  };
}

/** The full record of one incident: the summary plus the analysis and follow-ups. */
export function incidentDetailJson(
  d: IncidentLike,
  base: string,
  related?: string[],
  summary: IncidentSummaryJson = incidentJson(d, base, related),
) {
  return {
    ...summary,
    impact: d.impact,
    trigger: d.trigger,
    root_cause: d.root_cause,
    five_whys: d.five_whys.map(({ question, answer }) => ({ question, answer })),
    lessons: d.lessons,
    action_items: d.action_items,
    action_item_counts: summary.action_items,
    playbooks_missing: d.playbooks_missing.map((m) => ({ playbook: m.playbook ? refId(m.playbook) : undefined, note: m.note })),
    timeline: d.timeline.map(({ time, marker, text }) => ({ time, marker, text })),
    authors: d.authors,
    reviewers: d.reviewers,
  };
}

export function playbookJson(
  p: Playbook,
  base: string,
  links: { usedBy: IncidentSummaryJson[]; reportedBy: { incident: IncidentSummaryJson; note: string }[] },
) {
  const { sections: _sections, ...data } = p;
  return {
    ...data,
    url: new URL(`playbooks/${p.id}/`, siteUrl(base)).href,
    causes: p.causes.map(({ title, commands }) => ({ title, commands })),
    diagnosis: p.diagnosis.map(({ title, commands }) => ({ title, commands })),
    fixes: p.fixes.map(({ title, commands }) => ({ title, commands })),
    incidents: { used_by: links.usedBy, reported_missing_or_wrong: links.reportedBy },
  };
}
