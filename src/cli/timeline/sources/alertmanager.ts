/**
 * Prometheus Alertmanager webhook payloads → alert records.
 *
 * A payload (webhook_config, `version: "4"`) is
 * `{ version, groupKey, truncatedAlerts, status, receiver, groupLabels, commonLabels, commonAnnotations,
 *    externalURL, alerts: [ { status: "firing"|"resolved", labels, annotations, startsAt, endsAt,
 *    generatorURL, fingerprint } ] }`; `endsAt` is `0001-01-01T00:00:00Z` while an alert still fires.
 * https://prometheus.io/docs/alerting/latest/configuration/#webhook_config
 * Grafana's webhook contact point sends the same shape (plus orgId, title, message).
 * Accepted files: one payload, a JSON list of payloads, JSON lines with one payload each, or a
 * list of bare alerts (as `GET /api/v2/alerts` returns them).
 *
 * Each alert gives a 'firing' record at `startsAt` and, once resolved, a 'resolved' record at `endsAt`.
 * Alertmanager re-sends firing alerts on every group interval, so records of the same alert
 * (fingerprint, else labels) with the same status and time are kept once.
 */
import { stampFields } from './csv.ts';
import { asArray, asObj, isObj, type Obj, plural, str } from './input.ts';
import { parseStamp } from './time.ts';
import { type ReadSource, SourceError, type SourceMessage } from './types.ts';

/** A webhook payload: an object with an `alerts` list and the group fields. */
export const isAlertmanagerPayload = (v: unknown): v is Obj =>
  isObj(v) &&
  Array.isArray(v.alerts) &&
  (v.version !== undefined || v.receiver !== undefined || v.groupLabels !== undefined || v.status !== undefined);

/** A single alert: labels and a start time. */
export const isAlertObject = (v: unknown): v is Obj => isObj(v) && isObj(v.labels) && typeof v.startsAt === 'string';

/** The payloads in a parsed JSON value, or undefined when it is not Alertmanager's. */
export function alertmanagerPayloads(value: unknown): Obj[] | undefined {
  if (isAlertmanagerPayload(value)) return [value];
  if (Array.isArray(value) && value.length) {
    if (value.every(isAlertmanagerPayload)) return value;
    if (value.every(isAlertObject)) return [{ alerts: value }];
  }
  return undefined;
}

const NEVER = /^0001-01-01/;

function labelText(labels: Obj): string {
  return Object.entries(labels)
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
}

function alertText(alert: Obj): string {
  const labels = asObj(alert.labels);
  const ann = asObj(alert.annotations);
  const name = str(labels.alertname) ?? 'alert';
  const summary = str(ann.summary) ?? str(ann.message) ?? str(ann.title);
  const description = str(ann.description);
  const head = summary ? `${name}: ${summary}` : description ? `${name}: ${description}` : `${name} (${labelText(labels)})`;
  return description && summary && description !== summary ? `${head}\n${description}` : head;
}

/** 'firing' or 'resolved' (API v2 alerts say `status: { state: 'active' | 'suppressed' }`: still firing). */
function alertState(alert: Obj): string {
  if (typeof alert.status === 'string') return alert.status.toLowerCase();
  return 'firing';
}

/**
 * Read Alertmanager payloads from parsed JSON. `lines` gives, for JSON lines, the line of each
 * value (then `value` is the list of the lines' values).
 */
export function parseAlertmanager(value: unknown, options: { file?: string; lines?: number[] } = {}): ReadSource {
  const file = options.file ?? 'alertmanager.json';
  const values = options.lines ? asArray(value) : [value];
  const notes: string[] = [];
  const out: SourceMessage[] = [];
  const seen = new Set<string>();
  let repeats = 0;
  let truncated = 0;
  let unreadable = 0;
  let payloadIndex = 0;

  values.forEach((v, vi) => {
    const payloads = alertmanagerPayloads(v);
    if (!payloads) {
      unreadable++;
      return;
    }
    for (const payload of payloads) {
      const index = payloadIndex++;
      const origin = options.lines ? { file, line: options.lines[vi] } : { file, index };
      if (typeof payload.truncatedAlerts === 'number') truncated += payload.truncatedAlerts;
      for (const a of asArray(payload.alerts)) {
        if (!isObj(a)) continue;
        const alert: Obj = {
          ...a,
          labels: { ...asObj(payload.commonLabels), ...asObj(a.labels) },
          annotations: { ...asObj(payload.commonAnnotations), ...asObj(a.annotations) },
        };
        const key = str(alert.fingerprint) ?? JSON.stringify(Object.entries(asObj(alert.labels)).sort());
        const text = alertText(alert);
        const state = alertState(alert);
        const add = (status: string, when: string | undefined) => {
          const stamp = when && !NEVER.test(when) ? parseStamp(when) : undefined;
          if (!stamp) {
            unreadable++;
            return;
          }
          const id = `${key}|${status}|${stamp.epoch ?? JSON.stringify(stamp.local)}`;
          if (seen.has(id)) {
            repeats++;
            return;
          }
          seen.add(id);
          out.push({ ...stampFields(stamp), text, kind: 'alert', status, origin });
        };
        add('firing', str(alert.startsAt));
        if (state === 'resolved') add('resolved', str(alert.endsAt));
      }
    }
  });

  if (!out.length)
    throw new SourceError(
      `${file}: no Alertmanager alerts with a readable startsAt (expected a webhook payload with "alerts": [...])`,
      file,
    );
  out.sort((a, b) => (a.epoch ?? 0) - (b.epoch ?? 0));
  if (repeats)
    notes.push(`${plural(repeats, 'repeated notification')} of the same alert in ${file} ${repeats === 1 ? 'was' : 'were'} kept once`);
  if (truncated) notes.push(`Alertmanager left ${plural(truncated, 'alert')} out of the payloads in ${file} (truncatedAlerts)`);
  if (unreadable)
    notes.push(
      `skipped ${plural(unreadable, 'value')} of ${file} that ${unreadable === 1 ? 'is' : 'are'} not an alert with a readable time`,
    );
  return { kind: 'alertmanager', messages: out, notes };
}
