/**
 * The incident's frontmatter values from what the importer read: severity,
 * summary, impact, trigger, lessons, action items, the zone and the instants
 * (started, and detected/mitigated/resolved from markers or, when the source
 * marks none, proposed from the entries' words and checked against the metrics
 * the source states), each inference with its YAML comment.
 */
import type { RootContent } from 'mdast';
import { cleanHeading } from '../../core/markdown/sections.ts';
import { slugify } from '../../core/slug.ts';
import { extractActionItems, extractLessons } from './actions.ts';
import { dateFromValue } from './dates.ts';
import { DEFAULT_SEVERITIES, defaultSeverity, type KbConfig, severityLevels } from '../../schema/config.ts';
import { findSeverity } from './facts.ts';
import { renderFrontmatter, statusComment } from './frontmatter.ts';
import { formatMinutes, inferInstants, type Instant, minutesBetween, statedMetrics } from './metrics.ts';
import type { SourceSection } from './outline.ts';
import { plainTextOf, sameText, str, strList } from './text.ts';
import type { TimelineEvent } from './timeline.ts';
import type { Note, When } from './when.ts';

const MARKED: Record<string, Instant> = { start: 'started', detected: 'detected', mitigated: 'mitigated', resolved: 'resolved' };

export interface FactsInput {
  fm: Record<string, unknown>;
  title: string;
  opts: { status?: string; config?: Pick<KbConfig, 'root_cause_categories'> & Partial<Pick<KbConfig, 'severities' | 'default_severity'>> };
  when: When;
  events: TimelineEvent[];
  groups: Map<string, SourceSection[]>;
  preamble: RootContent[];
  sections: SourceSection[];
  authors: { authors: string[]; from?: string };
  /** All prose of the source, for a severity line and stated metrics. */
  prose: string;
  sourceName?: string;
  /** The entry's number when `--split` made this incident from an incident log: its alias is the file's plus `-N`. */
  entryIndex?: number;
}

const full = (at: string | null | undefined): at is string => !!at && at.includes('T');
const clip = (s: string) => (s.length > 50 ? `${s.slice(0, 47)}…` : s);

export function incidentFacts(input: FactsInput) {
  const { fm, when, events } = input;
  const notes: Note[] = [];
  const info = (message: string) => notes.push({ level: 'info', message });
  const comments: Record<string, string> = {};
  const after: Record<string, string[]> = {};
  const nodesOf = (id: string, headings = false) =>
    (input.groups.get(id) ?? []).flatMap((s): RootContent[] => [
      ...(headings ? [{ type: 'heading', depth: 3, children: [{ type: 'text', value: s.heading }] } as RootContent] : []),
      ...s.nodes,
    ]);

  // The team's scale: a level named in the source (P2, SEV0) is taken as is; SEV2, P2, "major" map by rank.
  const scale = { severities: input.opts.config?.severities ?? Object.fromEntries(DEFAULT_SEVERITIES.map((s) => [s, { en: s }])) };
  const levels = severityLevels(scale);
  const fallback = defaultSeverity({ ...scale, default_severity: input.opts.config?.default_severity });
  const statedLevel = String(fm.severity ?? fm.sev ?? fm.priority ?? '').trim();
  const common = findSeverity(input.prose, fm.severity ?? fm.sev ?? fm.priority);
  const rank = common === undefined ? undefined : Number(common.slice(3)) - 1;
  const severity =
    levels.find((l) => l.toLowerCase() === statedLevel.toLowerCase()) ??
    (rank === undefined ? undefined : levels[Math.min(rank, levels.length - 1)]);
  if (!severity) {
    info(`no severity in the source: set to ${fallback}; check it`);
    comments.severity = 'not stated in the source: check it';
  }

  // ---------------------------------------------------------------- instants
  const instants: Partial<Record<Instant, string>> = {};
  for (const e of events) {
    const key = e.marker ? MARKED[e.marker] : undefined;
    if (key && full(e.at) && !instants[key]) instants[key] = e.at;
  }
  const marked = Object.keys(instants).length > 0 || events.some((e) => e.marker);
  const fmStarted = dateFromValue(fm.started);
  const fmTime = fmStarted?.time && fmStarted.time !== '00:00' ? fmStarted.time : undefined;
  const inferred = marked ? [] : inferInstants(events);
  const date = when.date;
  if (date && fmTime) instants.started = `${fmStarted!.date}T${fmTime}`;
  else if (date && !instants.started) {
    const first = inferred.find((i) => i.key === 'started')?.event ?? events.find((e) => full(e.at));
    if (first && full(first.at)) instants.started = first.at;
    else {
      instants.started = `${date}T00:00`;
      notes.push({
        level: 'warning',
        message: 'the source has a date but no time of day: `started` is set to 00:00 of that day; correct it',
      });
    }
  }
  if (instants.started && !fmTime) {
    const firstTimed = events.find((e) => full(e.at));
    const fromEntry = firstTimed && instants.started === firstTimed.at;
    comments.started =
      when.dateFrom === "the timeline's first entry" && fromEntry
        ? "the timeline's first entry: check it"
        : `date from ${when.dateFrom}${fromEntry ? ', time from the first timeline entry' : ''}: check it`;
  }
  const stated = statedMetrics(input.prose);
  const detectUnknown = stated.find((m) => m.measures === 'detect' && m.minutes === null);
  for (const i of inferred) {
    if (i.key === 'started' || !date) continue;
    if (i.key === 'detected' && detectUnknown) {
      info(`the source leaves the time to detection open ("${detectUnknown.text}"): \`detected\` is left empty`);
      continue;
    }
    instants[i.key] = i.event.at!;
    comments[i.key] = `inferred from the entry "${clip(i.event.text)}": check it`;
    info(`\`${i.key}\` ${i.event.at} inferred from the timeline entry "${clip(i.event.text)}"`);
  }
  if (instants.started) {
    for (const m of stated) {
      if (m.minutes === null) continue;
      const end = m.measures === 'detect' ? instants.detected : (instants.resolved ?? instants.mitigated);
      if (!end) continue;
      const derived = minutesBetween(instants.started, end);
      const to = m.measures === 'detect' ? 'detected' : instants.resolved ? 'resolved' : 'mitigated';
      if (Math.abs(derived - m.minutes) > 5) {
        const says = `the source states "${m.text}", the times give ${formatMinutes(derived)}`;
        comments[to] = comments[to] ? `${comments[to]}; ${says}` : `${says}: check it`;
        notes.push({
          level: 'warning',
          message: `the source states "${m.text}" but the times give ${formatMinutes(derived)} from started (${instants.started.slice(11)}) to ${to} (${end.slice(11)}): check \`started\` and \`${to}\``,
        });
      } else info(`the source's "${m.text}" agrees with the times (${formatMinutes(derived)} from started to ${to})`);
    }
  }

  // ---------------------------------------------------------------- zone and proposals
  if (when.zoneFrom === 'default') comments.timezone = 'not stated in the source: check it';
  else if (when.zoneComment) comments.timezone = when.zoneComment;
  after.timezone = [];
  if (when.suggestedZone)
    after.timezone.push(
      `timezone: ${when.suggestedZone.zone}  # ${when.suggestedZone.token} in a log line (line ${when.suggestedZone.line}): check it`,
    );
  if (!instants.started) {
    // One commented line: the proposal when a log line gives the date, else a placeholder.
    const s = when.suggestion;
    after.timezone.push(
      s
        ? `started: "${s.date}T${s.time}"  # date from a log line (line ${s.line})${events.some((e) => e.stamp?.clock) ? ', time from the first timeline entry' : ''}: check it, then uncomment`
        : 'started: "YYYY-MM-DDTHH:MM"  # no date found in the source text: fill it in, then uncomment',
    );
  }

  // ---------------------------------------------------------------- the rest
  const description = str(fm.description) ?? str(fm.summary);
  let summary = description && !sameText(description, input.title) ? description : undefined;
  summary ??= plainTextOf(input.groups.get('summary')?.[0]?.nodes) || plainTextOf(input.preamble) || input.title;
  const impact = plainTextOf(nodesOf('impact'));
  const triggerSection = input.sections.find(
    (s) => !s.id && /^(trigger|triggers|트리거|발단|계기|きっかけ)$/iu.test(cleanHeading(s.heading)),
  );
  const trigger = plainTextOf(triggerSection?.nodes);
  const categories = input.opts.config?.root_cause_categories ?? ['unknown'];
  const category = categories.includes('unknown') ? 'unknown' : categories[categories.length - 1];
  const actionItems = extractActionItems(nodesOf('action-items'));
  const lessons = extractLessons(nodesOf('lessons', (input.groups.get('lessons')?.length ?? 0) > 1));
  const aliases = new Set<string>(strList(fm.aliases));
  if (str(fm.id)) aliases.add(str(fm.id)!);
  if (str(fm.slug)) aliases.add(slugify(str(fm.slug)!));
  if (input.sourceName)
    aliases.add(`${slugify(input.sourceName.replace(/\.[^.]+$/, ''), { maxLength: 76 })}${input.entryIndex ? `-${input.entryIndex}` : ''}`);
  const tags = [...new Set([...strList(fm.tags), ...strList(fm.keywords)].map((t) => t.toLowerCase().replace(/\s+/g, '-')))];
  const status = input.opts.status ?? 'draft';
  const sc = statusComment(fm, status);
  if (sc) comments.status = sc;
  if (input.authors.from) comments.authors = `from the source's \`${input.authors.from}\`: check it`;
  comments.root_cause = `pick a category: ${categories.join(', ')}`;

  const frontmatter: Record<string, unknown> = {
    title: input.title,
    summary,
    aliases: [...aliases],
    status,
    severity: severity ?? fallback,
    authors: input.authors.authors,
    reviewers: [],
    timezone: when.zone,
    ...(instants.started ? { started: instants.started } : {}),
    ...(instants.detected ? { detected: instants.detected } : {}),
    ...(instants.mitigated ? { mitigated: instants.mitigated } : {}),
    ...(instants.resolved ? { resolved: instants.resolved } : {}),
    services: [...strList(fm.services), ...strList(fm.service)],
    ...(impact ? { impact: { description: impact } } : {}),
    tags,
    root_cause: { category, contributing_factors: [] },
    ...(trigger ? { trigger } : {}),
    ...(lessons ? { lessons } : {}),
    action_items: actionItems,
    playbooks: [],
    related: [],
  };
  return {
    frontmatter,
    started: instants.started,
    notes,
    render: (id: string) => renderFrontmatter({ id, ...frontmatter }, comments, after),
  };
}
