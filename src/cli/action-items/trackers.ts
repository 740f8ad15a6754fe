/**
 * What creates the missing tickets: for every open action item without a
 * `ticket`, a `gh issue create` command, or a row of Jira's or Linear's CSV
 * import. Pure: records in, text out.
 */
import { csvText } from '../../core/csv.ts';
import type { ActionItemRecord, ActionItemsJson } from '../../schema/action-items.ts';

export const EXPORT_FORMATS = ['github', 'jira-csv', 'linear-csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The items that need a ticket: open, and none linked yet. */
export const needingTickets = (items: readonly ActionItemRecord[]) => items.filter((i) => i.open && !i.ticket);

/** A word for the shell: single-quoted, with `'` closed, escaped and reopened. */
export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** 0 for the most severe configured level, and so on; levels come from the build, never a fixed list. */
const rankOf = (json: ActionItemsJson, severity: string) => {
  const i = json.severities.indexOf(severity);
  return i < 0 ? json.severities.length : i;
};

/** The issue text: where the item comes from, with a link to the incident's action-items section. */
export function ticketBody(item: ActionItemRecord): string {
  const facts = [`**Kind:** ${item.kind}`, `**Owner:** ${item.owner ?? '—'}`, `**Due:** ${item.due ?? '—'}`, `**Status:** ${item.status}`];
  return [
    `Follow-up from [${item.incident.id}: ${item.incident.title}](${item.url}) (${item.incident.severity}).`,
    '',
    facts.join(' · '),
    '',
    `When this ticket exists, add its URL as \`ticket:\` of this action item${item.incident.file ? ` in \`${item.incident.file}\`` : ''}, so the knowledge base links to it.`,
    '',
    `<!-- incident-kb action item ${item.uid} -->`,
  ].join('\n');
}

export const labelsOf = (item: ActionItemRecord) => ['action-item', `kind:${item.kind}`, `severity:${item.incident.severity}`];

/**
 * A shell script of `gh` commands: the labels first (`--force` creates or
 * updates, so running it twice is fine), then one `gh issue create` per item.
 */
export function githubCommands(json: ActionItemsJson, items: readonly ActionItemRecord[], options: { repo?: string } = {}): string {
  const repo = options.repo ? ` --repo ${shellQuote(options.repo)}` : '';
  const labels = [...new Set(items.flatMap(labelsOf))].sort();
  const lines = [
    '#!/bin/sh',
    `# ${items.length} action item(s) without a ticket, from ${json.base_url} (built ${json.generated}).`,
    'set -e',
  ];
  for (const l of labels) lines.push(`gh label create ${shellQuote(l)} --force${repo} >/dev/null`);
  for (const item of items) {
    const flags = labelsOf(item).map((l) => `--label ${shellQuote(l)}`);
    lines.push(`gh issue create${repo} --title ${shellQuote(item.title)} --body ${shellQuote(ticketBody(item))} ${flags.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

const JIRA_PRIORITIES = ['Highest', 'High', 'Medium', 'Low', 'Lowest'];

/** Jira's CSV import (System → External system import → CSV): one row per item; map the columns in the wizard. */
export function jiraCsv(json: ActionItemsJson, items: readonly ActionItemRecord[]): string {
  return csvText(
    ['Summary', 'Description', 'Issue Type', 'Priority', 'Labels', 'Labels', 'Labels', 'Due Date', 'External ID'],
    items.map((i) => [
      i.title,
      ticketBody(i),
      'Task',
      JIRA_PRIORITIES[Math.min(rankOf(json, i.incident.severity), JIRA_PRIORITIES.length - 1)],
      ...labelsOf(i).map((l) => l.replace(/[:\s]+/g, '-')), // Jira labels have no spaces
      i.due ?? '',
      i.uid,
    ]),
  );
}

/** Linear's priorities: 1 Urgent … 4 Low. */
const LINEAR_PRIORITIES = ['Urgent', 'High', 'Medium', 'Low'];

/** Linear's CSV import (Settings → Import/export → CSV): title, description, priority, labels, due date. */
export function linearCsv(json: ActionItemsJson, items: readonly ActionItemRecord[]): string {
  return csvText(
    ['Title', 'Description', 'Priority', 'Status', 'Labels', 'Due Date'],
    items.map((i) => [
      i.title,
      ticketBody(i),
      LINEAR_PRIORITIES[Math.min(rankOf(json, i.incident.severity), LINEAR_PRIORITIES.length - 1)],
      i.status === 'in-progress' ? 'In Progress' : 'Todo',
      labelsOf(i).join(','),
      i.due ?? '',
    ]),
  );
}

export function exportTickets(
  format: ExportFormat,
  json: ActionItemsJson,
  items: readonly ActionItemRecord[],
  options: { repo?: string } = {},
): string {
  if (format === 'github') return githubCommands(json, items, options);
  return format === 'jira-csv' ? jiraCsv(json, items) : linearCsv(json, items);
}
