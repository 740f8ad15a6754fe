/**
 * Figures for the home and stats pages, computed once per build from the
 * visible incidents. Months and quarters are taken in each incident's own zone.
 */
import { instantToEpoch } from '../core/time/zone.ts';
import { incidentDurations } from '../core/time/timeline.ts';
import { countValues } from './facets.ts';
import { dateTimeFormat } from './intl.ts';

export interface StatsIncident {
  id: string;
  severity: string;
  timezone: string;
  started: string;
  detected?: string;
  mitigated?: string;
  resolved?: string;
  services: readonly string[];
  root_cause: { category: string };
  action_items: readonly { status: string }[];
}

export interface DurationPoint {
  id: string;
  month: string;
  started: number;
  ttd?: number;
  ttr?: number;
}

export interface KbStats {
  total: number;
  perMonth: { months: string[]; bySeverity: Record<string, number[]> };
  durations: DurationPoint[];
  byCategory: { value: string; count: number }[];
  byService: { value: string; count: number }[];
  actions: { months: string[]; opened: number[]; closed: number[] };
  headline: { quarter: string; thisQuarter: number; medianTtd?: number; medianTtr?: number };
}

/** `YYYY-MM` of an authored instant, in the incident's zone (the authored date when it has no offset). */
export function monthOf(i: Pick<StatsIncident, 'started' | 'timezone'>): string {
  const epoch = instantToEpoch(i.started, i.timezone);
  if (epoch === undefined) return i.started.slice(0, 7);
  const parts = dateTimeFormat('en-CA', { timeZone: i.timezone, year: 'numeric', month: '2-digit' }).formatToParts(new Date(epoch));
  return `${parts.find((p) => p.type === 'year')?.value}-${parts.find((p) => p.type === 'month')?.value}`;
}

/** Every month from `first` to `last` inclusive (`YYYY-MM`), so gaps show as zero. */
export function monthRange(first: string, last: string): string[] {
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
    if (out.length > 1200) break;
  }
  return out;
}

export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** `2024-Q2` for a `YYYY-MM` or `YYYY-MM-DD`. */
export function quarterOf(date: string): string {
  const [y, m] = date.split('-').map(Number);
  return `${y}-Q${Math.ceil(m / 3)}`;
}

const CLOSED = new Set(['done', 'wont-fix']);

export function computeStats(incidents: readonly StatsIncident[], options: { today: string; severities: readonly string[] }): KbStats {
  const withMonth = incidents.map((i) => ({ i, month: monthOf(i), d: incidentDurations(i) }));
  const sortedMonths = withMonth.map((x) => x.month).sort();
  const months = sortedMonths.length ? monthRange(sortedMonths[0], sortedMonths[sortedMonths.length - 1]) : [];
  const index = new Map(months.map((m, n) => [m, n]));

  const bySeverity: Record<string, number[]> = {};
  for (const s of options.severities) bySeverity[s] = months.map(() => 0);
  const opened = months.map(() => 0);
  const closed = months.map(() => 0);
  for (const { i, month } of withMonth) {
    const n = index.get(month)!;
    (bySeverity[i.severity] ??= months.map(() => 0))[n] += 1;
    opened[n] += i.action_items.length;
    closed[n] += i.action_items.filter((a) => CLOSED.has(a.status)).length;
  }

  const durations: DurationPoint[] = withMonth
    .map(({ i, month, d }) => ({
      id: i.id,
      month,
      started: instantToEpoch(i.started, i.timezone) ?? 0,
      ttd: d.timeToDetect,
      ttr: d.timeToResolve,
    }))
    .sort((a, b) => a.started - b.started || a.id.localeCompare(b.id));

  const quarter = quarterOf(options.today);
  const nonNegative = (v: number | undefined): v is number => v !== undefined && v >= 0;
  return {
    total: incidents.length,
    perMonth: { months, bySeverity },
    durations,
    byCategory: countValues(incidents.map((i) => [i.root_cause.category])),
    byService: countValues(incidents.map((i) => i.services)),
    actions: { months, opened, closed },
    headline: {
      quarter,
      thisQuarter: withMonth.filter((x) => quarterOf(x.month) === quarter).length,
      medianTtd: median(durations.map((p) => p.ttd).filter(nonNegative)),
      medianTtr: median(durations.map((p) => p.ttr).filter(nonNegative)),
    },
  };
}

/**
 * Regroup per-month counts into quarters or years when there are too many
 * months for readable bars (`YYYY-MM` keys → `YYYY-Qn` or `YYYY`).
 */
export function bucketMonths(
  months: readonly string[],
  series: Record<string, readonly number[]>,
  maxBars = 24,
): { unit: 'month' | 'quarter' | 'year'; keys: string[]; series: Record<string, number[]> } {
  const unit = months.length <= maxBars ? 'month' : months.length <= maxBars * 3 ? 'quarter' : 'year';
  const keyOf = (m: string) => (unit === 'month' ? m : unit === 'quarter' ? quarterOf(m) : m.slice(0, 4));
  const keys = [...new Set(months.map(keyOf))];
  const index = new Map(keys.map((k, i) => [k, i]));
  const out: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(series)) {
    out[name] = keys.map(() => 0);
    months.forEach((m, i) => {
      out[name][index.get(keyOf(m))!] += values[i] ?? 0;
    });
  }
  return { unit, keys, series: out };
}
