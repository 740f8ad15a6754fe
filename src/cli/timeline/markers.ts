/**
 * Markers from wording: the first message that says an alert is firing
 * suggests [detected], the first rollback [mitigated], the last "resolved"
 * [resolved] (English and Korean). They are suggestions; `--markers` puts
 * them on the new items and fills the matching frontmatter instants that are
 * still empty, each with a comment naming the message it came from.
 */
import { instantToEpoch, isoInZone, localDateTime } from '../../core/time/zone.ts';
import type { FrontmatterFill } from '../../core/frontmatter/write.ts';
import type { Incident } from './incident.ts';
import type { NewItem } from './merge.ts';

export const MARKERS = ['detected', 'mitigated', 'resolved'] as const;
export type Marker = (typeof MARKERS)[number];

const WORDING: Record<Marker, RegExp> = {
  detected: /\bfiring\b|\btriggered\b|장애\s*감지|알림\s*발생/i,
  mitigated: /\broll(?:ed|ing)?[ -]?back\b|\brollback\b|롤백/i,
  resolved: /\bresolved\b|\brecovered\b|복구|해결/i,
};
const STATUS: Record<string, Marker> = { firing: 'detected', triggered: 'detected', resolved: 'resolved' };

export interface Suggestion {
  marker: Marker;
  item: NewItem;
  /** Top-level (a nested reply cannot carry a marker the site reads). */
  topLevel: boolean;
  place: string;
  /** The item as one short line, for reports and the frontmatter comment. */
  summary: string;
}

export interface Candidate {
  item: NewItem;
  topLevel: boolean;
  status?: string;
  text: string;
  place: string;
  summary: string;
}

function says(c: Candidate, marker: Marker): boolean {
  return (c.status !== undefined && STATUS[c.status] === marker) || WORDING[marker].test(c.text);
}

/** The suggested markers among the new items (in time order): first detection, first rollback after it, last resolution. */
export function suggestMarkers(candidates: Candidate[]): Suggestion[] {
  const out: Suggestion[] = [];
  const pick = (marker: Marker, c: Candidate | undefined) => {
    if (c) out.push({ marker, item: c.item, topLevel: c.topLevel, place: c.place, summary: c.summary });
    return c;
  };
  const detected = pick(
    'detected',
    candidates.find((c) => says(c, 'detected')),
  );
  const since = (c: Candidate | undefined) => (c ? c.item.minute : -Infinity);
  const mitigated = pick(
    'mitigated',
    candidates.find((c) => c.item.minute >= since(detected) && says(c, 'mitigated')),
  );
  pick(
    'resolved',
    candidates.findLast((c) => c.item.minute >= Math.max(since(detected), since(mitigated)) && says(c, 'resolved')),
  );
  return out;
}

/** `YYYY-MM-DDTHH:MM`, or with the offset when the zone shows that wall time twice. */
export function frontmatterInstant(minute: number, zone: string): string {
  const local = localDateTime(minute, zone);
  if (instantToEpoch(local, zone) === minute) return local;
  const iso = isoInZone(minute, zone);
  return `${iso.slice(0, 16)}${iso.slice(-6)}`;
}

export interface MarkerPlan {
  fills: FrontmatterFill[];
  /** Markers put on new items. */
  marked: Suggestion[];
  notes: string[];
}

const INSTANT_ORDER = ['started', 'detected', 'mitigated', 'resolved'] as const;

/**
 * `--markers`: which frontmatter instants to fill (only empty ones, and only
 * in order with the others) and which new items get a marker (only when no
 * item has it yet and it agrees with the frontmatter).
 */
export function planMarkers(incident: Incident, suggestions: Suggestion[], existingMarkers: Map<string, number | undefined>): MarkerPlan {
  const plan: MarkerPlan = { fills: [], marked: [], notes: [] };
  const values = new Map<string, number | undefined>(
    INSTANT_ORDER.map((k) => {
      const v = incident.frontmatter[k];
      return [k, typeof v === 'string' && v ? instantToEpoch(v, incident.zone) : undefined];
    }),
  );
  for (const s of suggestions) {
    const key = s.marker;
    const minute = s.item.minute;
    const current = values.get(key);
    if (current === undefined) {
      const i = INSTANT_ORDER.indexOf(key);
      const earlier = INSTANT_ORDER.slice(0, i)
        .map((k) => values.get(k))
        .filter((v): v is number => v !== undefined);
      const later = INSTANT_ORDER.slice(i + 1)
        .map((k) => values.get(k))
        .filter((v): v is number => v !== undefined);
      if (earlier.some((v) => v > minute) || later.some((v) => v < minute)) {
        plan.notes.push(
          `[${key}] at ${localDateTime(minute, incident.zone).replace('T', ' ')} would be out of order with the other frontmatter instants: \`${key}\` left empty`,
        );
        continue;
      }
      values.set(key, minute);
      plan.fills.push({
        key,
        value: frontmatterInstant(minute, incident.zone),
        comment: `from ${s.place}: ${s.summary}`.replace(/\s+/g, ' '),
        after: INSTANT_ORDER.slice(0, INSTANT_ORDER.indexOf(key)).reverse(),
      });
    } else if (Math.abs(current - minute) >= 60_000) {
      plan.notes.push(
        `[${key}] suggested at ${localDateTime(minute, incident.zone).replace('T', ' ')}, but frontmatter \`${key}\` is ${localDateTime(current, incident.zone).replace('T', ' ')}: the item is not marked`,
      );
      continue;
    }
    if (existingMarkers.has(key)) {
      if (existingMarkers.get(key) !== minute) plan.notes.push(`the timeline already has a [${key}] item: the new one is not marked`);
    } else if (!s.topLevel)
      plan.notes.push(`[${key}] comes from a thread reply, which cannot carry a marker: only frontmatter \`${key}\` is set`);
    else {
      s.item.marker = key;
      plan.marked.push(s);
    }
  }
  return plan;
}
