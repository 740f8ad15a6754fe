/**
 * Times to detect and resolve. When the source marks no entry `[detected]` or
 * `[resolved]`, the importer proposes those instants from the entries' words
 * (an alert that pages, "back to baseline", `<END OF OUTAGE>`), each with a
 * comment saying which entry. Metrics the source states (`Time to repair: 0h 55m`,
 * `Time to detection: ?`, `영향 시간: … (95분)`, `継続時間：1時間45分`) check them:
 * a disagreement is a note, and a time the source calls unknown stays empty.
 */
import type { TimelineEvent } from './timeline.ts';

export type Instant = 'started' | 'detected' | 'mitigated' | 'resolved';

const START = /<START OF OUTAGE>|START OF OUTAGE|\boutage (?:begins|starts)\b|장애\s*발생|障害発生/iu;
const DETECT =
  /\balerts?\b[^.;]*\b(?:fires?|fired|pages?|paged|triggers?)\b|\b(?:pages|paged)\b(?! (?:views?|loads?))|\b(?:first )?page to\b|\bdetected\b|\bfirst report\b|\b(?:monitor|prober|customer|user)s? reports?\b|\breports? the\b|알림\s*(?:발생|수신)|경보|인지|탐지|감지|제보|문의\s*접수|検知|アラート|問い合わせ/iu;
const MITIGATE = /\bmitigat|\brolled back\b|\brollback (?:finished|complete)|\bworkaround\b|완화|임시\s*조치|롤백|暫定|一時停止/iu;
const RESOLVE =
  /\bresolved\b|END OF OUTAGE|\bback to (?:normal|baseline)\b|\bat baseline\b|\brecover(?:ed|s)\b|\bincident closed\b|\bhealthy again\b|정상화|복구|해소|復旧|正常|完了/iu;

export interface InferredInstant {
  key: Instant;
  /** Index into the events. */
  index: number;
  event: TimelineEvent;
}

/** Proposed instants from the entries' words; none when the source marks any entry itself. */
export function inferInstants(events: TimelineEvent[]): InferredInstant[] {
  if (events.some((e) => e.marker)) return [];
  const timed = events.map((event, index) => ({ event, index })).filter((e) => e.event.at?.includes('T'));
  if (!timed.length) return [];
  const start = timed.find((e) => START.test(e.event.text)) ?? timed[0];
  const from = timed.filter((e) => e.index >= start.index);
  const pick = (key: Instant, re: RegExp, last = false) => {
    // the first entry may be the detection itself ("First report"), not a mitigation or the end
    const hits = from.filter((e) => re.test(e.event.text) && (key === 'detected' || e.index > start.index));
    const hit = last ? hits[hits.length - 1] : hits[0];
    return hit ? { key, ...hit } : undefined;
  };
  const out = [
    { key: 'started' as const, ...start },
    pick('detected', DETECT),
    pick('mitigated', MITIGATE),
    pick('resolved', RESOLVE, true),
  ];
  // keep started ≤ detected ≤ mitigated ≤ resolved: an instant out of order is dropped, not reordered
  const kept: InferredInstant[] = [];
  for (const i of out) {
    if (!i) continue;
    if (kept.length && i.event.at! < kept[kept.length - 1].event.at!) continue;
    kept.push(i);
  }
  return kept;
}

export interface StatedMetric {
  /** What it measures: from the start to detection, or to the end. */
  measures: 'detect' | 'resolve';
  /** Minutes, or null for "?": unknown. */
  minutes: number | null;
  text: string;
}

const METRIC_LINE =
  /(time to (?:detect(?:ion)?|repair|resolve|resolution|recover(?:y)?|mitigat(?:e|ion))|detection delay|minutes downtime(?: or degradation)?|duration|downtime|영향\s*시간|지속\s*시간|장애\s*시간|탐지\s*(?:소요\s*)?시간|継続時間|影響時間|検知までの時間)\s*[:：|]\s*([^\n|]*)/giu;

/** Durations the source states: `0h 55m`, `1 hour 9 minutes`, `41` (minutes), `95분`, `1시간 35분`, `1時間45分`, `?`. */
export function statedMetrics(text: string): StatedMetric[] {
  const out: StatedMetric[] = [];
  for (const m of text.matchAll(METRIC_LINE)) {
    const label = m[1].toLowerCase();
    const value = m[2].replace(/<[^>]+>/g, '').trim();
    const measures = /detect|탐지|検知/u.test(label) ? 'detect' : 'resolve';
    if (/^\?+$|^unknown|^n\/a$|^tbd$/i.test(value)) {
      out.push({ measures, minutes: null, text: `${m[1]}: ${value}` });
      continue;
    }
    const minutes = durationMinutes(value, /minutes/.test(label));
    if (minutes !== undefined) out.push({ measures, minutes, text: `${m[1]}: ${value}` });
  }
  return out;
}

export function durationMinutes(value: string, bareIsMinutes = false): number | undefined {
  const v = value.replace(/\([^)]*\)/g, (p) => (/[분分]|min/u.test(p) ? p : ''));
  const inParens = value.match(/\((\d+)\s*(?:분|分|min(?:utes)?)\)/u);
  if (inParens) return Number(inParens[1]);
  let total = 0;
  let found = false;
  for (const m of v.matchAll(/(\d+(?:\.\d+)?)\s*(d(?:ays?)?|일|日|h(?:ours?|rs?)?|시간|時間|m(?:in(?:ute)?s?)?|분|分)(?![a-z])/giu)) {
    const n = Number(m[1]);
    const unit = m[2].toLowerCase();
    total += /^(d|일|日)/u.test(unit) ? n * 1440 : /^(h|시간|時間)/u.test(unit) ? n * 60 : n;
    found = true;
  }
  if (found) return total;
  const bare = v.match(/^\s*(\d+)\s*$/);
  return bare && bareIsMinutes ? Number(bare[1]) : undefined;
}

/** Minutes between two local `YYYY-MM-DDTHH:MM` (wall clock; zone offsets cancel within a day). */
export function minutesBetween(a: string, b: string): number {
  return (Date.parse(`${b}:00Z`) - Date.parse(`${a}:00Z`)) / 60_000;
}

export function formatMinutes(n: number): string {
  const h = Math.floor(Math.abs(n) / 60);
  const m = Math.abs(n) % 60;
  return `${n < 0 ? '-' : ''}${h ? `${h}h ` : ''}${m}m`;
}
