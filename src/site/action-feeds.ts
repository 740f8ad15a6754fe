/**
 * The action items where people plan: an iCalendar feed of open items with a
 * due date (all of them, and one per owner), a CSV of every item, and the
 * JSON record that `npm run action-items` (list, export, notify) reads. All of
 * them are made from the items the site publishes (drafts only when drafts are
 * built), "overdue" relative to the build date.
 */
import { createHash } from 'node:crypto';
import { csvText } from '../core/csv.ts';
import type { ActionItemRecord, ActionItemsJson } from '../schema/action-items.ts';
import type { TrackedActionItem } from './action-items.ts';
import { type CalendarEvent, renderCalendar } from './ical.ts';

export interface FeedContext {
  /** The site's absolute URL (`site.base_url`). */
  base: string;
  /** The build date, `YYYY-MM-DD`. */
  today: string;
  /** The site title, for the calendar's name. */
  title: string;
  /** Severity levels in the configured order (most severe first). */
  severities: readonly string[];
  /** The page path of an incident (`url.incident`). */
  incidentPath: (id: string) => string;
  /** The owner pages' slug of an item's owner (`facets().owners`), and the label of an item without one. */
  ownerSlug: (owner: string) => string | undefined;
  noOwner: string;
  /** The repository path of an incident's file, for "add the ticket here". */
  fileOf?: (id: string) => string | undefined;
}

/** `<16 hex>@<site host>`: from the incident id and the item's position, so editing its title or due date updates the same event. */
export function actionItemUid(incidentId: string, index: number, base: string): string {
  const hash = createHash('sha256').update(`${incidentId}\n${index}`).digest('hex').slice(0, 16);
  return `${hash}@${new URL(base).hostname}`;
}

const sectionUrl = (id: string, ctx: FeedContext) => new URL(`${ctx.incidentPath(id)}#action-items`, ctx.base).href;

export function actionItemRecord(a: TrackedActionItem, ctx: FeedContext): ActionItemRecord {
  const owner = a.owner ?? ctx.noOwner;
  return {
    uid: actionItemUid(a.incident.id, a.index, ctx.base),
    incident: {
      id: a.incident.id,
      title: a.incident.title,
      severity: a.incident.severity,
      status: a.incident.status,
      url: new URL(ctx.incidentPath(a.incident.id), ctx.base).href,
      ...(ctx.fileOf?.(a.incident.id) ? { file: ctx.fileOf(a.incident.id) } : {}),
    },
    index: a.index,
    title: a.title,
    kind: a.kind,
    ...(a.owner ? { owner: a.owner } : {}),
    ...(ctx.ownerSlug(owner) ? { owner_slug: ctx.ownerSlug(owner) } : {}),
    status: a.status,
    ...(a.due ? { due: a.due } : {}),
    ...(a.ticket ? { ticket: a.ticket } : {}),
    open: a.open,
    overdue: a.overdue,
    url: sectionUrl(a.incident.id, ctx),
  };
}

export function actionItemsJson(items: readonly TrackedActionItem[], ctx: FeedContext): ActionItemsJson {
  return {
    generated: ctx.today,
    base_url: ctx.base,
    severities: [...ctx.severities],
    count: items.length,
    items: items.map((a) => actionItemRecord(a, ctx)),
  };
}

/** Open items with a due date, as all-day events on the due date. */
export function actionItemsCalendar(items: readonly TrackedActionItem[], ctx: FeedContext, name: string): string {
  const events: CalendarEvent[] = items
    .filter((a) => a.open && a.due)
    .map((a) => ({
      uid: actionItemUid(a.incident.id, a.index, ctx.base),
      date: a.due!,
      summary: `${a.overdue ? 'OVERDUE: ' : ''}${a.title} (${a.incident.id})`,
      description: [
        `${a.incident.id} [${a.incident.severity}] ${a.incident.title}`,
        `Owner: ${a.owner ?? ctx.noOwner}`,
        `Kind: ${a.kind}. Status: ${a.status}.`,
        ...(a.ticket ? [`Ticket: ${a.ticket}`] : []),
        sectionUrl(a.incident.id, ctx),
      ].join('\n'),
      url: sectionUrl(a.incident.id, ctx),
      categories: [a.kind, a.incident.severity],
    }));
  return renderCalendar({ prodId: '-//incident-kb//action items//EN', name, stamp: ctx.today, events });
}

export const ACTION_ITEMS_CSV_HEADER = [
  'incident',
  'incident_title',
  'severity',
  'title',
  'kind',
  'owner',
  'status',
  'due',
  'overdue',
  'ticket',
  'url',
  'uid',
] as const;

/** Every published item, one row each (what the tracker page shows), for spreadsheets. */
export function actionItemsCsv(items: readonly TrackedActionItem[], ctx: FeedContext): string {
  return csvText(
    ACTION_ITEMS_CSV_HEADER,
    items.map((a) => [
      a.incident.id,
      a.incident.title,
      a.incident.severity,
      a.title,
      a.kind,
      a.owner ?? '',
      a.status,
      a.due ?? '',
      a.overdue ? 'yes' : 'no',
      a.ticket ?? '',
      sectionUrl(a.incident.id, ctx),
      actionItemUid(a.incident.id, a.index, ctx.base),
    ]),
    { spreadsheetSafe: true },
  );
}
