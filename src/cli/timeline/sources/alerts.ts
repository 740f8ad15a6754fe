/**
 * Recognising alerting tools and the status words they post, for chat sources
 * where alerts arrive as messages (Slack bots, pasted chat).
 */

/** Names of alerting and paging tools, as apps and bots are called in chat. */
export const ALERT_APPS =
  /pagerduty|alertmanager|prometheus|grafana|datadog|opsgenie|sentry|new ?relic|cloudwatch|splunk|victorops|zabbix|nagios|icinga|pingdom|uptime ?robot|incident\.io|firehydrant|rootly|statuspage|alert/i;

/** Status words alerting tools put in their posts, as they write them (case matters: "resolved" in prose is not a status). */
const STATUS_WORDS: [RegExp, string][] = [
  [/\bFIRING\b/, 'firing'],
  [/\bRESOLVED\b/, 'resolved'],
  [/\bTRIGGERED\b|\bTriggered\b/, 'triggered'],
  [/\bACKNOWLEDGED\b|\bAcknowledged\b/, 'acknowledged'],
  [/\bResolved\b/, 'resolved'],
  [/\bEscalated\b|\bESCALATED\b/, 'escalated'],
  [/\bRecovered\b|\bRECOVERED\b/, 'resolved'],
  [/\bAlerting\b|\bALERTING\b/, 'firing'],
];

/** The status word that comes first in the text, if any. */
export function alertStatus(text: string): string | undefined {
  let best: { at: number; status: string } | undefined;
  for (const [re, status] of STATUS_WORDS) {
    const m = re.exec(text);
    if (m && (!best || m.index < best.at)) best = { at: m.index, status };
  }
  return best?.status;
}
