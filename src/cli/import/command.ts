/**
 * `npm run import -- SOURCE...`: existing markdown post-mortems → project incidents.
 * The conversion is `convert.ts`; this reads sources, allocates ids under the
 * lock, writes new files (never over an existing one) and runs check on them.
 */
import { readFile, stat, glob } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { contentRoot, loadConfig } from '../../core/config.ts';
import { isValidTimeZone } from '../../schema/common.ts';
import { INCIDENT_STATUSES } from '../../schema/config.ts';
import { type FlagSpec, formatCliError, helpText, parseFlags, stringFlag, UsageError } from '../shared/args.ts';
import { createFileWithFreeName } from '../shared/fs-safe.ts';
import { emitReport, jsonWithKeys, OUTPUT_FLAG, type ReportKind, reportTarget } from '../shared/output.ts';
import { incidentIdsInFolder, incidentIdsInUse, nextIncidentId, withIdLock } from '../shared/ids.ts';
import { checkFiles, type FileCheck } from './check.ts';
import { convertPostmortem, HEADING_LANGS, type ConvertedIncident, type HeadingLang } from './convert.ts';
import { splitPostmortem } from './split.ts';

const COMMAND = 'import';

const isWithin = (path: string, dir: string) => path === dir || path.startsWith(`${dir}${sep}`);

export const IMPORT_FLAGS: FlagSpec[] = [
  { name: 'out', arg: 'DIR', help: 'Where to write (default: <content root>/incidents).' },
  { name: 'dry-run', help: 'Print what would be written; write nothing.' },
  { name: 'status', arg: 'STATUS', help: 'draft | review | published (default: draft).' },
  {
    name: 'timezone',
    arg: 'ZONE',
    help: "IANA zone for times the source writes without one (default: the source's own zone, else UTC, flagged in the report).",
  },
  { name: 'lang', arg: 'LANG', help: "Headings: keep | en | ko | bilingual (default: keep the source's)." },
  {
    name: 'split',
    help: 'A file holding several incidents (an incident log, one heading per entry): one incident per entry, each with its own id.',
  },
  { name: 'json', help: 'Machine-readable report on stdout (or in --output FILE).' },
  OUTPUT_FLAG,
  { name: 'help', short: 'h', help: 'This help.' },
];

/** An earlier report of import: its JSON, or its text (one ✔, ! or ✖ line per source first). */
export const IMPORT_REPORT: ReportKind = {
  command: COMMAND,
  recognise: (text) => jsonWithKeys(text, ['dryRun', 'outDir', 'files']) || /^[✔!✖] \S/.test(text),
};

const HELP = helpText(COMMAND, IMPORT_FLAGS, {
  usage: 'npm run import -- [options] SOURCE...',
  summary:
    'Turn existing markdown post-mortems into incidents. SOURCE is a markdown file,\na folder (imported recursively: *.md, *.markdown, *.mdx, *.txt) or - for stdin.\nSources are never modified; existing files are never overwritten.',
  footer: [
    'Exit codes: 0 imported and check found no errors; 1 a source failed or an\nimported file has check errors to fix (the file is still written); 2 bad usage.',
    'Through npm, machine output needs --output FILE or `npm run --silent`: npm prints a banner on stdout.',
  ],
});

interface Source {
  label: string;
  /** Absolute path, or undefined for stdin. */
  path?: string;
  text: string;
}

interface FileReport {
  source: string;
  output?: string;
  id?: string;
  written: boolean;
  title?: string;
  date?: string;
  severity?: string;
  timezone?: string;
  sections?: ConvertedIncident['sections'];
  counts?: ConvertedIncident['counts'];
  notes?: ConvertedIncident['notes'];
  check?: FileCheck;
  error?: string;
  content?: string;
}

const SOURCE_GLOB = '**/*.{md,markdown,mdx,txt}';

async function readSources(args: string[]): Promise<Source[]> {
  const sources: Source[] = [];
  let stdinRead = false;
  for (const arg of args) {
    if (arg === '-') {
      if (stdinRead) throw new UsageError('stdin (-) can be given only once');
      stdinRead = true;
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      sources.push({ label: '<stdin>', text: Buffer.concat(chunks).toString('utf8') });
      continue;
    }
    const path = resolve(arg);
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new UsageError(`${arg}: no such file or folder`);
    if (info.isDirectory()) {
      const found: string[] = [];
      for await (const f of glob(SOURCE_GLOB, { cwd: path })) found.push(join(path, f));
      if (!found.length) throw new UsageError(`${arg}: no .md, .markdown, .mdx or .txt files in this folder`);
      for (const f of found.sort()) sources.push({ label: relative(process.cwd(), f) || f, path: f, text: await readFile(f, 'utf8') });
    } else {
      sources.push({ label: arg, path, text: await readFile(path, 'utf8') });
    }
  }
  return sources;
}

function textReport(reports: FileReport[], dryRun: boolean): string {
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  for (const r of reports) {
    if (r.error) {
      log(`✖ ${r.source}: ${r.error}`);
      continue;
    }
    const arrow = dryRun ? 'would become' : '→';
    log(`${r.check?.errors ? '!' : '✔'} ${r.source} ${arrow} ${r.output} (${r.id})`);
    const c = r.counts!;
    log(`  ${r.sections!.map((s) => `${s.heading} → #${s.section}`).join(', ') || 'no section headings'}`);
    log(`  timeline ${c.timeline} entries, 5 whys ${c.whys}, action items ${c.actionItems}, code blocks ${c.codeBlocks}`);
    for (const n of r.notes ?? []) log(`  ${n.level === 'warning' ? 'warning' : 'note   '} ${n.message}`);
    if (r.check) {
      log(`  check: ${r.check.errors} error(s), ${r.check.warnings} warning(s)`);
      for (const m of r.check.messages)
        log(`    ${m.line}:${m.column}  ${m.level.padEnd(7)}  ${m.message}${m.ruleId ? `  ${m.ruleId}` : ''}`);
    }
    if (dryRun && r.content !== undefined) log(`\n${r.content}`);
  }
  return lines.map((l) => `${l}\n`).join('');
}

async function main(argv: string[]): Promise<number> {
  const { flags: values, positionals } = parseFlags(argv, IMPORT_FLAGS);
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (!positionals.length) throw new UsageError('give at least one SOURCE: a markdown file, a folder or - for stdin');
  const status = stringFlag(values.status) ?? 'draft';
  if (!(INCIDENT_STATUSES as readonly string[]).includes(status))
    throw new UsageError(`--status ${status}: use one of ${INCIDENT_STATUSES.join(', ')}`);
  const timezone = stringFlag(values.timezone);
  if (timezone !== undefined && !isValidTimeZone(timezone))
    throw new UsageError(`--timezone ${timezone}: not an IANA time zone; use one like Asia/Seoul, Europe/Berlin or UTC`);
  const lang = (stringFlag(values.lang) ?? 'keep') as HeadingLang;
  if (!HEADING_LANGS.includes(lang)) throw new UsageError(`--lang ${lang}: use one of ${HEADING_LANGS.join(', ')}`);
  const dryRun = !!values['dry-run'];
  const target = reportTarget(values, IMPORT_REPORT);

  const root = contentRoot();
  const config = loadConfig(root); // a broken kb.config.yaml is a usage error (exit 2), like a bad flag
  const outDir = resolve(stringFlag(values.out) ?? join(root, 'incidents'));
  const sources = await readSources(positionals);

  const split = !!values.split;
  const converted = sources.flatMap((s): { s: Source; label: string; r?: ConvertedIncident; error?: string }[] => {
    const existingId = s.text.match(/^(?:\uFEFF)?---\r?\n(?:[\s\S]*?\r?\n)?id:\s*["']?(INC-\d{4}-\d{3,})/)?.[1];
    if (existingId) return [{ s, label: s.label, error: `already a project incident (id ${existingId}); nothing to import` }];
    try {
      const opts = { sourceName: s.path, status: status as never, timezone, lang, config };
      const results = split ? splitPostmortem(s.text, opts) : [convertPostmortem(s.text, opts)];
      return results.map((r, i) => ({ s, r, label: results.length > 1 ? `${s.label} (entry ${i + 1} of ${results.length})` : s.label }));
    } catch (error) {
      return [{ s, label: s.label, error: (error as Error).message }];
    }
  });

  const reports: FileReport[] = [];
  const allocate = async () => {
    // Ids are unique across the content root and the --out folder (which may be outside it, e.g. a staging folder).
    const used = await incidentIdsInUse(root);
    if (!isWithin(outDir, join(root, 'incidents'))) for (const id of await incidentIdsInFolder(outDir)) used.add(id);
    for (const { label, r, error } of converted) {
      if (!r) {
        reports.push({ source: label, written: false, error });
        continue;
      }
      const id = nextIncidentId(used, r.year);
      used.add(id);
      const notes = [...r.notes];
      const alias = (r.frontmatter.aliases as string[]).find((a) => used.has(a));
      if (alias)
        notes.push({ level: 'warning', message: `an incident already has the alias "${alias}": was this source imported before?` });
      const base = {
        source: label,
        id,
        title: r.title,
        date: r.date,
        severity: r.severity,
        timezone: r.timezone,
        sections: r.sections,
        counts: r.counts,
        notes,
      };
      if (dryRun) {
        reports.push({ ...base, output: relative(process.cwd(), join(outDir, r.fileName)), written: false, content: r.render(id) });
        continue;
      }
      try {
        const path = await createFileWithFreeName(join(outDir, r.fileName), r.render(id));
        for (const a of r.frontmatter.aliases as string[]) used.add(a);
        reports.push({ ...base, output: relative(process.cwd(), path), written: true });
      } catch (err) {
        reports.push({ ...base, written: false, error: `could not write ${join(outDir, r.fileName)}: ${(err as Error).message}` });
      }
    }
  };
  if (dryRun) await allocate();
  else await withIdLock(root, allocate);

  const toCheck = reports.filter((r) => r.written && r.output);
  if (toCheck.length) {
    const checks = await checkFiles(
      root,
      toCheck.map((r) => resolve(r.output!)),
      config,
    );
    for (const r of toCheck) r.check = checks.get(resolve(r.output!));
  } else if (dryRun) {
    for (const r of reports) if (r.content !== undefined) r.check = undefined;
  }

  if (values.json) {
    const out = reports.map(({ content, ...r }) => (dryRun ? { ...r, content } : r));
    await emitReport(target, `${JSON.stringify({ dryRun, outDir: relative(process.cwd(), outDir) || '.', files: out }, null, 2)}\n`);
  } else {
    const written =
      !dryRun && toCheck.length ? `\n${toCheck.length} file(s) written. Fill in what check reports, then run npm run check.\n` : '';
    await emitReport(target, textReport(reports, dryRun) + written);
  }
  const failed = reports.some((r) => r.error) || reports.some((r) => (r.check?.errors ?? 0) > 0);
  return failed ? 1 : 0;
}

/** The command as `scripts/import.ts` runs it: the exit code; failures as one line on stderr. */
export async function runImport(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    const { text, exitCode } = formatCliError(COMMAND, error, IMPORT_FLAGS);
    process.stderr.write(text);
    return exitCode;
  }
}
