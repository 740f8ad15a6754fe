/**
 * `npm run timeline -- add INCIDENT SOURCE...`: the timeline from the chat and
 * the alerts. Reads the sources (`sources/`), places their messages in time
 * (`place.ts`), scans them (`scan.ts`), renders them as canonical items
 * (`render.ts`), merges them into the incident's `## Timeline` (`merge.ts`),
 * suggests or applies markers (`markers.ts`), then writes the file atomically
 * (or prints it with --dry-run).
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { contentRoot, loadConfig } from '../../core/config.ts';
import { parseEntry } from '../../core/entry.ts';
import { fillFrontmatter } from '../../core/frontmatter/write.ts';
import { findSection } from '../../core/markdown/extract.ts';
import { localDate, localDateTime } from '../../core/time/zone.ts';
import { isValidTimeZone } from '../../schema/common.ts';
import { CliError, type FlagSpec, formatCliError, helpText, parseFlags, stringFlag, UsageError } from '../shared/args.ts';
import { replaceFileAtomic } from '../shared/fs-safe.ts';
import { emitReport, jsonWithKeys, OUTPUT_FLAG, type ReportKind, reportTarget } from '../shared/output.ts';
import type { CliIO } from '../shared/io.ts';
import { findIncidentFile, type Incident, loadIncident } from './incident.ts';
import { type Candidate, planMarkers, type Suggestion, suggestMarkers } from './markers.ts';
import { mergeTimeline, minuteOf, type NewItem, normalizeText, readBack, readTimeline } from './merge.ts';
import { applyWindow, chooseWindow, emptyWindowError, type Placed, placeMessages, type ReadInput } from './place.ts';
import { prefixOf, renderText } from './render.ts';
import { placeOf, scanMessages } from './scan.ts';
import { readSource, SOURCE_KINDS, SourceError, type SourceKind } from './sources/index.ts';
import { listing } from './sources/input.ts';

const COMMAND = 'timeline';

export const TIMELINE_FLAGS: FlagSpec[] = [
  {
    name: 'from',
    arg: 'WHEN',
    help: 'Keep messages from this time (YYYY-MM-DD HH:MM or HH:MM, incident zone). Default: `started` − 30 min.',
  },
  { name: 'to', arg: 'WHEN', help: 'Keep messages up to this time. Default: `resolved` + 30 min.' },
  { name: 'channel', arg: 'NAME', help: 'Slack export: the channel to read (name, #name or id); needed when several have messages.' },
  { name: 'date', arg: 'YYYY-MM-DD', help: 'Chat text: the day of lines that carry only a time (default: the day of `started`).' },
  { name: 'source-timezone', arg: 'ZONE', help: "IANA zone of times the sources write without one (default: the incident's timezone)." },
  { name: 'time-column', arg: 'NAME', help: 'CSV: the column holding the time.' },
  { name: 'text-column', arg: 'NAME', help: 'CSV: the column holding the text.' },
  { name: 'kind', arg: 'KIND', help: `Read every source as this kind instead of detecting it: ${SOURCE_KINDS.join(', ')}.` },
  {
    name: 'markers',
    help: 'Mark the suggested [detected]/[mitigated]/[resolved] items and fill those frontmatter instants that are empty.',
  },
  { name: 'dry-run', help: 'Print the merged timeline and the suggested markers; write nothing.' },
  { name: 'json', help: 'Print a JSON report (added, duplicates, outside the window, sources) on stdout (or in --output FILE).' },
  OUTPUT_FLAG,
  { name: 'help', short: 'h', help: 'This help.' },
];

/** An earlier report of timeline: its JSON, or its text (first line `timeline: <file> (…)`). */
export const TIMELINE_REPORT: ReportKind = {
  command: COMMAND,
  recognise: (text) =>
    jsonWithKeys(text, ['file', 'window', 'added', 'duplicates']) || /^timeline: \S.* \(.*\)$/m.test(text.split('\n')[0]),
};

const HELP = helpText(COMMAND, TIMELINE_FLAGS, {
  usage: 'npm run timeline -- add INCIDENT SOURCE... [options]',
  summary:
    "Add the messages of chat and alert exports to an incident's ## Timeline, in time order,\nin the incident's zone. INCIDENT is an id, an alias or a file. SOURCE is a Slack export\nfolder, pasted chat text, a PagerDuty CSV/JSON log, an Alertmanager payload or a CSV;\nthe kind is detected from its shape. Running it again adds nothing twice.",
  examples: [
    'npm run timeline -- add INC-2024-007 slack-export/ --channel inc-checkout --dry-run',
    'npm run timeline -- add INC-2024-007 chat.txt pagerduty.csv --markers',
    'npm run timeline -- add content/incidents/2024-03-05-checkout.md deploys.csv --time-column When --text-column What',
  ],
  footer: [
    'Exit codes: 0 written (or printed); 1 unexpected failure; 2 bad input (unknown incident,\nunreadable source, no messages in the window, a secret in a message): nothing written.',
    'Through npm, machine output needs --output FILE or `npm run --silent`: npm prints a banner on stdout.',
  ],
});

const KIND_LABEL: Record<SourceKind, string> = {
  'slack-export': 'Slack export',
  'chat-text': 'chat text',
  'pagerduty-csv': 'PagerDuty incident log (CSV)',
  'pagerduty-json': 'PagerDuty log entries (JSON)',
  alertmanager: 'Alertmanager webhook payload',
  csv: 'CSV',
};

const show = (path: string, cwd: string) => {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
};
const when = (epoch: number, zone: string) => localDateTime(epoch, zone).replace('T', ' ');

/** New items from placed messages: prefix, text and the keys that find them again. */
function toItems(kept: Placed[], mdx: boolean): { items: NewItem[]; candidates: Candidate[] } {
  const all: { p: Placed; item: NewItem; topLevel: boolean }[] = [];
  const make = (p: Placed, topLevel: boolean): NewItem => {
    const item: NewItem = {
      label: '',
      prefix: prefixOf(p.message, p.source),
      rendered: renderText(p.message.text, mdx),
      minute: minuteOf(p.epoch),
      keys: [],
      replies: [],
    };
    all.push({ p, item, topLevel });
    item.replies = p.replies.map((r) => make(r, false));
    return item;
  };
  const items = kept.map((p) => make(p, true));
  const texts = readBack(all.map(({ item }) => `${item.prefix.markdown}${item.rendered.head.join('\n')}`));
  const candidates: Candidate[] = [];
  all.forEach(({ p, item, topLevel }, i) => {
    const prefix = normalizeText(item.prefix.plain);
    const bare = prefix && texts[i].startsWith(prefix) ? texts[i].slice(prefix.length).trim() : texts[i];
    item.keys = [texts[i], bare];
    const summary = `${item.prefix.plain}${item.rendered.head.join(' ')}`;
    candidates.push({
      item,
      topLevel,
      status: p.message.kind === 'alert' ? p.message.status : undefined,
      text: p.message.text,
      place: placeOf(p.message.origin),
      summary: summary.length > 90 ? `${summary.slice(0, 89)}…` : summary,
    });
  });
  candidates.sort((a, b) => a.item.minute - b.item.minute);
  return { items, candidates };
}

/** The `## Timeline` section of a text as written: from its heading to the next section. */
function sectionText(text: string, path: string): string {
  const parsed = parseEntry(text, path, 'incident');
  const slice = findSection(parsed.slices, 'timeline');
  if (!slice) return '';
  const start = slice.headingNode.position!.start.offset!;
  const next = parsed.slices.find((s) => s.start >= slice.end);
  const end = next ? next.headingNode.position!.start.offset! : text.length;
  return text.slice(start, end).trimEnd();
}

/** The frontmatter's YAML (without fences) and where it sits in the file. */
function frontmatterSpan(text: string): { start: number; end: number } | undefined {
  const m = /^(\uFEFF?---[ \t]*\r?\n)([\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text);
  return m ? { start: m[1].length, end: m[1].length + (m[2]?.length ?? 0) } : undefined;
}

async function main(argv: string[], io: CliIO): Promise<number> {
  const { flags, positionals } = parseFlags(argv, TIMELINE_FLAGS);
  if (flags.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const [sub, target, ...sourcePaths] = positionals;
  if (sub !== 'add') throw new UsageError(sub ? `unknown subcommand "${sub}"; use \`add\`` : 'give a subcommand: add INCIDENT SOURCE...');
  if (!target) throw new UsageError('give the incident (an id like INC-2024-007, an alias or a file) and at least one SOURCE');
  if (!sourcePaths.length)
    throw new UsageError(`give at least one SOURCE for ${target}: a Slack export folder, a chat text, a CSV or JSON file`);
  const opt = (name: string) => stringFlag(flags[name]);
  const sourceZone = opt('source-timezone');
  if (sourceZone !== undefined && !isValidTimeZone(sourceZone))
    throw new UsageError(`--source-timezone ${sourceZone}: not an IANA time zone; use one like Asia/Seoul or America/Los_Angeles`);
  const kind = opt('kind') as SourceKind | undefined;
  if (kind !== undefined && !SOURCE_KINDS.includes(kind)) throw new UsageError(`--kind ${kind}: use one of ${SOURCE_KINDS.join(', ')}`);
  const date = opt('date');
  if (date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new UsageError(`--date ${date}: expected a day as YYYY-MM-DD`);
  const dryRun = flags['dry-run'] === true;
  const json = flags.json === true;
  const reportTo = reportTarget(flags, TIMELINE_REPORT, io.cwd);

  const root = contentRoot(io.env, io.cwd);
  const config = loadConfig(root);
  const incident: Incident = loadIncident(await findIncidentFile(target, root, io.cwd));
  const zone = incident.zone;
  const readZone = sourceZone ?? zone;
  const startedRaw = typeof incident.frontmatter.started === 'string' ? incident.frontmatter.started : undefined;
  const startedDay = incident.started === undefined ? undefined : localDate(incident.started, zone);
  const notes: string[] = [];

  // Read every source (bad input: one line, exit 2).
  const inputs: ReadInput[] = [];
  const sources: { path: string; kind: SourceKind; messages: number; notes: string[] }[] = [];
  for (const p of sourcePaths) {
    const path = show(resolve(io.cwd, p), io.cwd);
    try {
      const read = readSource(path, {
        channel: opt('channel'),
        date: date ?? (incident.started === undefined ? undefined : localDate(incident.started, readZone)),
        dateFrom: date === undefined ? 'the day of `started`' : undefined,
        timeColumn: opt('time-column'),
        textColumn: opt('text-column'),
        kind,
      });
      inputs.push({ path, kind: read.kind, messages: read.messages });
      sources.push({ path, kind: read.kind, messages: read.messages.length, notes: read.notes });
    } catch (error) {
      if (error instanceof SourceError) throw new CliError(error.message, 2);
      throw error;
    }
  }

  const placed = placeMessages(inputs, readZone, notes);
  const window = chooseWindow({ from: opt('from'), to: opt('to') }, incident);
  const { kept, outside } = applyWindow(placed, window);
  if (!kept.length) throw emptyWindowError(placed, window, zone);
  const { masked } = scanMessages(
    kept.flatMap((p) => [p.message, ...p.replies.map((r) => r.message)]),
    config,
  );

  const { items, candidates } = toItems(kept, incident.mdx);
  const suggestions = suggestMarkers(candidates);
  const state = readTimeline(incident, startedRaw);
  const existingMarkers = new Map(state.items.flatMap((x) => (x.marker ? [[x.marker, x.epoch] as const] : [])));
  const plan = flags.markers === true ? planMarkers(incident, suggestions, existingMarkers) : undefined;
  const merged = mergeTimeline(incident, state, items, startedDay);
  let text = merged.text;
  if (plan?.fills.length) {
    const span = frontmatterSpan(text)!;
    text = text.slice(0, span.start) + fillFrontmatter(text.slice(span.start, span.end), plan.fills) + text.slice(span.end);
  }
  for (const s of plan?.marked ?? [])
    if (!merged.added.includes(s.item)) notes.push(`[${s.marker}] goes on an item that is already in the timeline: mark it by hand`);

  // Read the result back as the site does: every new item at its minute, nothing else moved.
  const back = readTimeline({ ...incident, text, parsed: parseEntry(text, incident.path, 'incident') }, startedRaw);
  const expected = [...state.items.map((x) => x.epoch), ...merged.added.map((e) => e.minute)];
  const sorted = (xs: (number | undefined)[]) =>
    xs
      .map((x) => x ?? -1)
      .sort((a, b) => a - b)
      .join();
  if (sorted(back.items.map((x) => x.epoch)) !== sorted(expected))
    throw new Error(
      `the merged timeline does not read back at the times it was written (${back.items.length} items, ${expected.length} expected)`,
    );

  // Items in the window's margins lie outside started–resolved: check warns about them (time/range), rightly.
  const margin = merged.added.filter(
    (e) =>
      (incident.started !== undefined && e.minute < incident.started - 60_000) ||
      (incident.resolved !== undefined && e.minute > incident.resolved + 60_000),
  );
  if (margin.length)
    notes.push(
      `${margin.length} new item(s) (${listing(
        margin.map((e) => e.label),
        6,
      )}) lie outside \`started\`–\`resolved\`: \`npm run check\` warns about them (time/range); move \`started\` or \`resolved\` if the incident was longer, or leave them out with --from/--to`,
    );

  const changed = text !== incident.text;
  let written = false;
  if (changed && !dryRun) {
    const now = readFileSync(incident.path, 'utf8');
    if (now !== incident.text)
      throw new CliError(`${show(incident.path, io.cwd)} changed while the timeline was being merged; run the command again`, 1);
    await replaceFileAtomic(incident.path, text);
    written = true;
  }

  const file = show(incident.path, io.cwd);
  const describe = (e: NewItem) => `${e.prefix.plain}${e.rendered.head.join(' ')}`;
  const suggestionOut = (s: Suggestion) => ({ marker: s.marker, time: when(s.item.minute, zone), text: s.summary, place: s.place });
  if (json) {
    const report = {
      file,
      id: incident.id,
      timezone: zone,
      dryRun,
      written,
      changed,
      sources,
      window: {
        from: window.from === undefined ? null : when(window.from, zone),
        to: window.to === undefined ? null : when(window.to, zone),
        basis: window.basis,
        kept: kept.length,
        outside,
      },
      added: merged.added.map((e) => ({ time: e.label, marker: e.marker, text: describe(e), replies: e.replies.length })),
      duplicates: merged.duplicates.map((e) => ({ time: when(e.minute, zone), text: describe(e) })),
      repliesAdded: merged.repliesAdded,
      masked: Object.fromEntries(masked),
      markers: {
        suggested: suggestions.map(suggestionOut),
        applied: plan?.marked.map(suggestionOut) ?? [],
        frontmatter: Object.fromEntries(plan?.fills.map((f) => [f.key, f.value]) ?? []),
      },
      notes: [...sources.flatMap((s) => s.notes), ...notes, ...(plan?.notes ?? [])],
      ...(dryRun ? { timeline: sectionText(text, incident.path) } : {}),
    };
    await emitReport(reportTo, `${JSON.stringify(report, null, 2)}\n`, io);
    return 0;
  }
  const out: string[] = [`timeline: ${file} (${incident.id ?? 'no id'}, ${zone})`];
  for (const s of sources) out.push(`  source ${s.path}: ${KIND_LABEL[s.kind]}, ${s.messages} messages`);
  const range =
    window.from === undefined && window.to === undefined
      ? 'the whole source'
      : `${window.from === undefined ? '…' : when(window.from, zone)} – ${window.to === undefined ? '…' : when(window.to, zone)}`;
  out.push(`  window ${range} (${window.basis}): ${kept.length} kept, ${outside} outside`);
  if (masked.size)
    out.push(`  masked ${[...masked].map(([rule, n]) => `${n} × ${rule}`).join(', ')} (as \`npm run check -- --fix\` would)`);
  const replies = merged.added.reduce((n, e) => n + e.replies.length, 0) + merged.repliesAdded;
  out.push(
    `  ${dryRun ? 'would add' : 'added'} ${merged.added.length} item(s)${replies ? ` and ${replies} thread repl${replies === 1 ? 'y' : 'ies'}` : ''}; ${merged.duplicates.length} already there`,
  );
  for (const n of [...sources.flatMap((s) => s.notes), ...notes, ...(plan?.notes ?? [])]) out.push(`  note: ${n}`);
  if (suggestions.length) {
    out.push(plan ? '  suggested markers (✔ = marked by --markers):' : '  suggested markers (add them with --markers):');
    for (const s of suggestions)
      out.push(`    ${plan?.marked.includes(s) ? '✔ ' : ''}[${s.marker}] ${when(s.item.minute, zone)}  ${s.summary}  (${s.place})`);
  }
  for (const f of plan?.fills ?? []) out.push(`  frontmatter: ${f.key}: "${String(f.value)}"`);
  if (dryRun) out.push('', sectionText(text, incident.path), '', '(--dry-run: nothing written)');
  else out.push(written ? `  wrote ${file}` : `  ${file} unchanged`);
  await emitReport(reportTo, `${out.join('\n')}\n`, io);
  return 0;
}

export async function runTimeline(argv: string[], io: CliIO): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    const { text, exitCode } = formatCliError(COMMAND, error, TIMELINE_FLAGS);
    io.stderr.write(text);
    return exitCode;
  }
}
