/**
 * Reminders without a server: a scheduled CI job rebuilds the site daily and
 * posts what this prints to a chat webhook. "Newly overdue" needs no memory
 * of earlier runs: an item becomes overdue the day after its due date, so a
 * daily run reports the items due yesterday (`since` days back, for runs that
 * were skipped).
 */
import type { ActionItemRecord } from '../../schema/action-items.ts';

export const NOTIFY_FORMATS = ['slack', 'markdown'] as const;
export type NotifyFormat = (typeof NOTIFY_FORMATS)[number];

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Open items whose due date is in [today − since, today − 1]: overdue today and not before that window. */
export function newlyOverdue(items: readonly ActionItemRecord[], today: string, since = 1): ActionItemRecord[] {
  const from = addDays(today, -since);
  return items.filter((i) => i.open && i.due !== undefined && i.due < today && i.due >= from);
}

/**
 * The webhook payload: `{"text": …}`, which Slack, Mattermost, Rocket.Chat and
 * Google Chat incoming webhooks all accept. Links in Slack's `<url|text>` or in
 * markdown (Mattermost, Teams); undefined when there is nothing to say.
 */
export function notifyPayload(
  items: readonly ActionItemRecord[],
  options: { today: string; format: NotifyFormat },
): { text: string } | undefined {
  if (!items.length) return undefined;
  const link = (url: string, text: string) =>
    options.format === 'slack' ? `<${url}|${text.replace(/[<>|]/g, '')}>` : `[${text.replace(/[[\]]/g, '')}](${url})`;
  const mrkdwn = (s: string) => (options.format === 'slack' ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s);
  const head = `${items.length} action item${items.length === 1 ? '' : 's'} became overdue (as of ${options.today}):`;
  const lines = items.map((i) => {
    const ticket = i.ticket ? ` · ${link(i.ticket, 'ticket')}` : '';
    return `• ${mrkdwn(i.title)} — ${i.owner ? mrkdwn(i.owner) : 'no owner'}, due ${i.due} · ${link(i.url, `${i.incident.id} ${i.incident.severity}`)}${ticket}`;
  });
  return { text: [head, ...lines].join('\n') };
}
