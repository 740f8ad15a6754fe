/**
 * PagerDuty incident log entries → alert records.
 *
 * JSON: the REST API's `GET /incidents/{id}/log_entries` (or `/log_entries`) response,
 * `{ "log_entries": [ { "type": "trigger_log_entry", "created_at": "2024-03-05T05:02:11Z",
 * "summary": "Triggered through the API", "agent": { "summary": "Mina Kim" }, "channel": { "type": "api" } } ] }`,
 * or a bare list of such entries. Types: trigger_, acknowledge_, unacknowledge_, resolve_, assign_,
 * escalate_, notify_, annotate_ (a note), snooze_, reach_trigger_limit_, … `_log_entry`.
 *
 * CSV: PagerDuty's own sample exporter (public-support-scripts, get_incident_details_csv.py) writes
 * `incident_id,created_at,type,user_or_agent_id,user_or_agent_summary,notification_type,channel_type,summary`;
 * hand-made and UI exports use headers like `Created At`, `Type`, `Summary`, `Agent`, `Channel`; the incidents
 * list export has `created_on`/`resolved_on`, `description`, `status`, `urgency`. Headers match case-insensitively.
 * Times with an offset or Z become instants.
 *
 * Every entry is kind 'alert' with its type as the status ('triggered', 'acknowledged', 'resolved',
 * 'notified', 'escalated', …), except notes (annotate_log_entry), which are messages by their author.
 */
import { findColumn, quoteList, readCsvTable, stampFields } from './csv.ts';
import { asArray, asObj, isObj, type Obj, plural, str } from './input.ts';
import { parseStamp } from './time.ts';
import { type ReadSource, SourceError, type SourceMessage } from './types.ts';

const STATUS_BY_VERB: Record<string, string> = {
  trigger: 'triggered',
  acknowledge: 'acknowledged',
  unacknowledge: 'unacknowledged',
  resolve: 'resolved',
  escalate: 'escalated',
  assign: 'assigned',
  reassign: 'reassigned',
  notify: 'notified',
  annotate: 'note',
  snooze: 'snoozed',
  unsnooze: 'unsnoozed',
  reach_trigger_limit: 'trigger limit reached',
  reach_ack_limit: 'acknowledge limit reached',
  repeat_escalation_path: 'escalation repeated',
  exhaust_escalation_path: 'escalation exhausted',
  link: 'linked',
  unlink: 'unlinked',
  urgency_change: 'urgency changed',
  priority_change: 'priority changed',
  responder_request: 'responders requested',
  responder_accept: 'responder accepted',
  responder_decline: 'responder declined',
  delegate: 'delegated',
};

/** 'acknowledge_log_entry' / 'Acknowledged' / 'Acknowledge' → 'acknowledged'. */
export function statusFromType(type: string): string {
  const t = type
    .trim()
    .toLowerCase()
    .replace(/_log_entry(?:_reference)?$/, '')
    .replace(/[\s-]+/g, '_');
  return STATUS_BY_VERB[t] ?? t.replace(/_/g, ' ');
}

const TIME = ['created_at', 'created at', 'created on', 'created_on', 'timestamp', 'time', 'date'];
const TYPE = ['type', 'log entry type', 'entry type', 'event type', 'action', 'event'];
const SUMMARY = ['summary', 'description', 'title', 'details', 'message', 'note'];
const AGENT = ['user_or_agent_summary', 'agent', 'agent summary', 'agent name', 'performed by', 'user', 'user name', 'by'];
const RESOLVED = ['resolved_on', 'resolved on', 'resolved at', 'resolved_at'];
const STATUS = ['status'];

/** Headers that PagerDuty's exports use; a CSV with a creation time and two of these is PagerDuty's. */
const PAGERDUTY_HEADERS = [
  'incident_id',
  'incident id',
  'incident_number',
  'incident number',
  'type',
  'summary',
  'agent',
  'channel',
  'channel_type',
  'user_or_agent_id',
  'user_or_agent_summary',
  'notification_type',
  'urgency',
  'escalation_policy',
  'escalation policy',
  'service_name',
  'service name',
  'resolved_on',
  'resolved on',
  'log entry type',
];

/** True when the CSV headers look like a PagerDuty incident log or incidents export. */
export function isPagerDutyCsv(headers: string[]): boolean {
  const time = findColumn(headers, ['created_at', 'created at', 'created on', 'created_on']);
  if (time < 0) return false;
  const hits = PAGERDUTY_HEADERS.filter((h) => findColumn(headers, [h]) >= 0).length;
  return hits >= 2;
}

const isNA = (v: string | undefined) => !v || /^(n\/a|none|null|-)$/i.test(v.trim());

/** Read a PagerDuty CSV export. */
export function parsePagerDutyCsv(text: string, options: { file?: string } = {}): ReadSource {
  const file = options.file ?? 'pagerduty.csv';
  const { headers, rows } = readCsvTable(text, file);
  const timeCol = findColumn(headers, TIME);
  if (timeCol < 0)
    throw new SourceError(
      `${file}: no time column among ${quoteList(headers)}; pass --time-column NAME (and --text-column NAME), or --kind csv`,
      file,
    );
  const typeCol = findColumn(headers, TYPE, [timeCol]);
  const summaryCol = findColumn(headers, SUMMARY, [timeCol, typeCol]);
  const agentCol = findColumn(headers, AGENT, [timeCol, typeCol, summaryCol]);
  const resolvedCol = findColumn(headers, RESOLVED);
  const statusCol = findColumn(headers, STATUS);
  const numberCol = findColumn(headers, ['incident_number', 'incident number', 'incident #', 'number']);
  const messages: SourceMessage[] = [];
  const unreadable: string[] = [];
  let local = 0;

  for (const row of rows) {
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '').trim() : '');
    const origin = { file, line: row.line };
    const stamp = parseStamp(cell(timeCol));
    if (!stamp) {
      if (cell(timeCol)) unreadable.push(`line ${row.line}: "${cell(timeCol)}"`);
      continue;
    }
    if (stamp.epoch === undefined) local++;
    const agent = isNA(cell(agentCol)) ? undefined : cell(agentCol);
    if (typeCol < 0 && resolvedCol >= 0) {
      // The incidents list: one row per incident, opened at created_on and (maybe) resolved at resolved_on.
      const title =
        [cell(numberCol) ? `#${cell(numberCol).replace(/^#/, '')}` : '', cell(summaryCol)].filter(Boolean).join(' ') || 'incident';
      messages.push({ ...stampFields(stamp), text: title, kind: 'alert', status: 'triggered', origin });
      const resolved = parseStamp(cell(resolvedCol));
      if (resolved) messages.push({ ...stampFields(resolved), text: title, kind: 'alert', status: 'resolved', origin });
      else if (cell(statusCol)) messages[messages.length - 1].status = cell(statusCol).toLowerCase();
      continue;
    }
    const type = cell(typeCol);
    const status = type ? statusFromType(type) : cell(statusCol).toLowerCase() || undefined;
    const summary = cell(summaryCol) || [type, agent].filter(Boolean).join(' by ');
    if (!summary) continue;
    const m: SourceMessage = { ...stampFields(stamp), text: summary, kind: status === 'note' ? 'message' : 'alert', origin };
    if (agent) m.author = agent;
    if (status && status !== 'note') m.status = status;
    messages.push(m);
  }
  const notes: string[] = [];
  if (unreadable.length)
    notes.push(
      `skipped ${plural(unreadable.length, 'row')} of ${file} whose time could not be read (${unreadable.slice(0, 3).join('; ')})`,
    );
  if (local) notes.push(`${plural(local, 'time')} in ${file} carry no zone and are read as wall-clock`);
  if (!messages.length) throw new SourceError(`${file}: no PagerDuty log entry with a readable "${headers[timeCol]}"`, file);
  // Exports list entries newest first as often as oldest first; instants put them in order (a stable sort keeps ties as written).
  if (messages.every((m) => m.epoch !== undefined)) messages.sort((a, b) => a.epoch! - b.epoch!);
  return { kind: 'pagerduty-csv', messages, notes };
}

/** True for a PagerDuty log entry object. */
export const isLogEntry = (v: unknown): v is Obj =>
  isObj(v) && typeof v.type === 'string' && /_log_entry(?:_reference)?$/.test(v.type) && typeof v.created_at === 'string';

/** The log entries in a PagerDuty JSON value, or undefined when it holds none. */
export function pagerDutyEntries(value: unknown): Obj[] | undefined {
  if (isObj(value) && Array.isArray(value.log_entries)) return value.log_entries.filter(isObj);
  if (isObj(value) && isLogEntry(value.log_entry)) return [value.log_entry];
  if (Array.isArray(value) && value.length && value.every(isLogEntry)) return value;
  if (isLogEntry(value)) return [value];
  return undefined;
}

/** Read PagerDuty log entries given as parsed JSON (one value, or the values of JSON lines). */
export function parsePagerDutyJson(value: unknown, options: { file?: string; lines?: number[] } = {}): ReadSource {
  const file = options.file ?? 'pagerduty.json';
  const values = options.lines ? asArray(value) : [value];
  const notes: string[] = [];
  const messages: SourceMessage[] = [];
  let skipped = 0;
  values.forEach((v, vi) => {
    const entries = pagerDutyEntries(v);
    if (!entries) {
      skipped++;
      return;
    }
    entries.forEach((e, index) => {
      const stamp = parseStamp(String(e.created_at ?? ''));
      if (!stamp) {
        skipped++;
        return;
      }
      const type = str(e.type) ?? '';
      const status = statusFromType(type);
      const channel = asObj(e.channel);
      const agent = asObj(e.agent);
      const author = str(agent.summary) ?? str(agent.name) ?? str(asObj(e.user).summary);
      const text = (status === 'note' ? (str(channel.summary) ?? str(e.note)) : undefined) ?? str(e.summary) ?? type;
      const origin = options.lines ? { file, line: options.lines[vi], index } : { file, index };
      const m: SourceMessage = { ...stampFields(stamp), text, kind: status === 'note' ? 'message' : 'alert', origin };
      if (author) m.author = author;
      if (status !== 'note') m.status = status;
      messages.push(m);
    });
  });
  if (skipped) notes.push(`skipped ${plural(skipped, 'entry', 'entries')} of ${file} without a type and a readable created_at`);
  if (!messages.length)
    throw new SourceError(`${file}: no PagerDuty log entries (expected {"log_entries": [...]} with type, created_at and summary)`, file);
  messages.sort((a, b) => (a.epoch ?? 0) - (b.epoch ?? 0));
  return { kind: 'pagerduty-json', messages, notes };
}
