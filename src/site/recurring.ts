/**
 * Recurring problems: the playbooks and error strings that came back, because
 * repeats are what a knowledge base is for. A problem recurs when at least
 * `min_incidents` incidents share it within `window_days` days (both from
 * `recurring` in kb.config.yaml). For each one: its busiest window, the last
 * time it happened and the incidents of that window. Pure; the stats page shows it.
 */
import { errorNames } from '../core/errors.ts';

export interface RecurringInput {
  id: string;
  title: string;
  /** Epoch ms of `started`. */
  started: number;
  playbooks: readonly string[];
  /** Error lines from the incident's logs (`errorLines`). */
  errors: readonly string[];
}

export interface Recurrence {
  kind: 'playbook' | 'error';
  /** The playbook id, or the error name as written. */
  value: string;
  /** Incidents in the busiest window. */
  count: number;
  /** Every incident that has it. */
  total: number;
  /** The busiest window's incidents, newest first. */
  incidents: string[];
  /** Epoch ms of the first and last incident of the busiest window, and of the last incident of all. */
  from: number;
  to: number;
  last: number;
}

export interface RecurringOptions {
  windowDays: number;
  minIncidents: number;
}

const DAY_MS = 86_400_000;

/** Recurring playbooks and errors, the most recently seen first (then the busiest). */
export function recurringProblems(incidents: readonly RecurringInput[], o: RecurringOptions): Recurrence[] {
  const groups = new Map<string, { kind: Recurrence['kind']; value: string; list: RecurringInput[] }>();
  const add = (kind: Recurrence['kind'], value: string, i: RecurringInput) => {
    const key = `${kind}\u0000${value}`;
    const g = groups.get(key) ?? { kind, value, list: [] };
    if (g.list.at(-1) !== i) g.list.push(i);
    groups.set(key, g);
  };
  const ordered = [...incidents].sort((a, b) => a.started - b.started || a.id.localeCompare(b.id));
  for (const i of ordered) {
    for (const p of new Set(i.playbooks)) add('playbook', p, i);
    for (const name of new Set(i.errors.flatMap(errorNames))) add('error', name, i);
  }
  const out: Recurrence[] = [];
  const span = o.windowDays * DAY_MS;
  for (const { kind, value, list } of groups.values()) {
    if (list.length < o.minIncidents) continue;
    // The busiest window (the latest one among equals), by two pointers over the time-ordered list.
    let best = { start: 0, end: -1 };
    for (let start = 0, end = 0; end < list.length; end++) {
      while (list[end]!.started - list[start]!.started > span) start++;
      if (end - start >= best.end - best.start) best = { start, end };
    }
    const count = best.end - best.start + 1;
    if (count < o.minIncidents) continue;
    const window = list.slice(best.start, best.end + 1);
    out.push({
      kind,
      value,
      count,
      total: list.length,
      incidents: window.map((i) => i.id).reverse(),
      from: window[0]!.started,
      to: window.at(-1)!.started,
      last: list.at(-1)!.started,
    });
  }
  return out.sort((a, b) => b.last - a.last || b.count - a.count || a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
}
