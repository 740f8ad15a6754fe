/**
 * Who links to whom. Built once from plain `{ id, data }` records, so the
 * site (Astro entries) and `npm run check` (parsed files) share it.
 */

type Ref = string | { id: string };
const refId = (r: Ref) => (typeof r === 'string' ? r : r.id);

export interface IncidentLinks {
  id: string;
  aliases?: string[];
  playbooks?: Ref[];
  playbooks_missing?: { playbook?: Ref; note: string }[];
  related?: Ref[];
}

export interface PlaybookLinks {
  id: string;
  aliases?: string[];
}

export interface LinkGraph {
  /** playbook id → incident ids that used it */
  usedBy: Map<string, string[]>;
  /** playbook id → incidents that found it missing or wrong, with their note */
  reportedBy: Map<string, { incident: string; note: string }[]>;
  /** incident id → related incident ids, in both directions */
  related: Map<string, string[]>;
  /** alias or id → canonical id, per collection */
  incidentIds: Map<string, string>;
  playbookIds: Map<string, string>;
  /** links whose target does not exist */
  dangling: { from: string; field: 'playbooks' | 'playbooks_missing' | 'related'; index: number; target: string }[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(key, [value]);
}

export function buildLinkGraph(incidents: IncidentLinks[], playbooks: PlaybookLinks[]): LinkGraph {
  const incidentIds = new Map<string, string>();
  const playbookIds = new Map<string, string>();
  for (const p of playbooks) {
    playbookIds.set(p.id, p.id);
    for (const a of p.aliases ?? []) if (!playbookIds.has(a)) playbookIds.set(a, p.id);
  }
  for (const i of incidents) {
    incidentIds.set(i.id, i.id);
    for (const a of i.aliases ?? []) if (!incidentIds.has(a)) incidentIds.set(a, i.id);
  }
  const graph: LinkGraph = { usedBy: new Map(), reportedBy: new Map(), related: new Map(), incidentIds, playbookIds, dangling: [] };
  for (const i of incidents) {
    (i.playbooks ?? []).forEach((r, index) => {
      const target = playbookIds.get(refId(r));
      if (target) push(graph.usedBy, target, i.id);
      else graph.dangling.push({ from: i.id, field: 'playbooks', index, target: refId(r) });
    });
    (i.playbooks_missing ?? []).forEach((m, index) => {
      if (!m.playbook) return;
      const target = playbookIds.get(refId(m.playbook));
      if (target) {
        const list = graph.reportedBy.get(target) ?? [];
        list.push({ incident: i.id, note: m.note });
        graph.reportedBy.set(target, list);
      } else graph.dangling.push({ from: i.id, field: 'playbooks_missing', index, target: refId(m.playbook) });
    });
    (i.related ?? []).forEach((r, index) => {
      const target = incidentIds.get(refId(r));
      if (target && target !== i.id) {
        push(graph.related, i.id, target);
        push(graph.related, target, i.id);
      } else if (!target) graph.dangling.push({ from: i.id, field: 'related', index, target: refId(r) });
    });
  }
  return graph;
}
