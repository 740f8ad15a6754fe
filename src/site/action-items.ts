/**
 * The follow-up tracker: every action item across incidents, overdue first.
 * "Overdue" is relative to a given day (the build date), never the clock.
 */

export interface ActionItemLike {
  title: string;
  kind: string;
  owner?: string;
  status: string;
  due?: string;
  ticket?: string;
}

export interface IncidentWithActions {
  id: string;
  data: { title: string; severity: string; status: string; started: string; action_items: ActionItemLike[] };
}

export interface TrackedActionItem extends ActionItemLike {
  incident: { id: string; title: string; severity: string; status: string; started: string };
  /** Position in the incident's `action_items`. */
  index: number;
  open: boolean;
  overdue: boolean;
}

export const OPEN_ACTION_STATUSES = ['open', 'in-progress'];

export function isOpenAction(status: string): boolean {
  return OPEN_ACTION_STATUSES.includes(status);
}

/** Open and due strictly before `today` (both `YYYY-MM-DD`). */
export function isOverdue(item: Pick<ActionItemLike, 'status' | 'due'>, today: string): boolean {
  return isOpenAction(item.status) && item.due !== undefined && item.due < today;
}

/** Overdue (oldest due first), then other open items (by due, undated last), then closed ones. */
export function compareActionItems(a: TrackedActionItem, b: TrackedActionItem): number {
  const rank = (i: TrackedActionItem) => (i.overdue ? 0 : i.open ? 1 : 2);
  return (
    rank(a) - rank(b) ||
    (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
    b.incident.started.localeCompare(a.incident.started) ||
    a.incident.id.localeCompare(b.incident.id) ||
    a.index - b.index
  );
}

export function collectActionItems(incidents: readonly IncidentWithActions[], today: string): TrackedActionItem[] {
  const items: TrackedActionItem[] = [];
  for (const i of incidents) {
    i.data.action_items.forEach((a, index) => {
      items.push({
        ...a,
        incident: { id: i.id, title: i.data.title, severity: i.data.severity, status: i.data.status, started: i.data.started },
        index,
        open: isOpenAction(a.status),
        overdue: isOverdue(a, today),
      });
    });
  }
  return items.sort(compareActionItems);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** A playbook is stale when its last review is more than `staleDays` before `today`. */
export function isStale(lastReviewed: string, today: string, staleDays: number): boolean {
  return daysBetween(lastReviewed, today) > staleDays;
}
