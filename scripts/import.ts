/**
 * `npm run import -- SOURCE...`: existing markdown post-mortems → project incidents.
 * The conversion is `src/lib/import`; this file reads sources, allocates ids under
 * the lock, writes new files (never over an existing one) and runs check on them.
 */
import { readFile, stat, glob } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { convertPostmortem, HEADING_LANGS, type ConvertedIncident, type HeadingLang } from '../src/cli/import/convert.ts';
import { contentRoot, loadConfig, ConfigError } from '../src/core/config.ts';
import { incidentIdsInUse, nextIncidentId, withIdLock } from '../src/cli/shared/ids.ts';
import { createFileWithFreeName } from '../src/cli/shared/fs-safe.ts';
import { isValidTimeZone } from '../src/schema/common.ts';
import { INCIDENT_STATUSES, type KbConfig } from '../src/schema/config.ts';
import { checkFiles, type FileCheck } from '../src/cli/import/check.ts';

const USAGE = `Usage: npm run import -- [options] SOURCE...

Turn existing markdown post-mortems into incidents. SOURCE is a markdown file,
a folder (imported recursively: *.md, *.markdown, *.mdx, *.txt) or - for stdin.
Sources are never modified; existing files are never overwritten.

Options:
  --out DIR          where to write (default: <content root>/incidents)
  --dry-run          print what would be written; write nothing
  --status STATUS    draft | review | published (default: draft)
  --timezone ZONE    IANA zone for times the source writes without one
                     (default: the source's own zone, else UTC, flagged in the report)
  --lang LANG        headings: keep | en | ko | bilingual (default: keep the source's)
  --json             machine-readable report on stdout
  -h, --help         this help

Exit codes: 0 imported and check found no errors; 1 a source failed or an
imported file has check errors to fix (the file is still written); 2 bad usage.`;

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

class UsageError extends Error {}

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

function printText(reports: FileReport[], dryRun: boolean): void {
  for (const r of reports) {
    if (r.error) {
      console.log(`✖ ${r.source}: ${r.error}`);
      continue;
    }
    const arrow = dryRun ? 'would become' : '→';
    console.log(`${r.check?.errors ? '!' : '✔'} ${r.source} ${arrow} ${r.output} (${r.id})`);
    const c = r.counts!;
    console.log(`  ${r.sections!.map((s) => `${s.heading} → #${s.section}`).join(', ') || 'no section headings'}`);
    console.log(`  timeline ${c.timeline} entries, 5 whys ${c.whys}, action items ${c.actionItems}, code blocks ${c.codeBlocks}`);
    for (const n of r.notes ?? []) console.log(`  ${n.level === 'warning' ? 'warning' : 'note   '} ${n.message}`);
    if (r.check) {
      console.log(
        `  check: ${r.check.errors} error(s), ${r.check.warnings} warning(s)${r.check.engine === 'schema' ? ' (schema only: the check engine is not installed)' : ''}`,
      );
      for (const m of r.check.messages)
        console.log(`    ${m.line}:${m.column}  ${m.level.padEnd(7)}  ${m.message}${m.ruleId ? `  ${m.ruleId}` : ''}`);
    }
    if (dryRun && r.content !== undefined) console.log(`\n${r.content}`);
  }
}

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        'dry-run': { type: 'boolean' },
        status: { type: 'string' },
        timezone: { type: 'string' },
        lang: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!positionals.length) throw new UsageError('give at least one SOURCE: a markdown file, a folder or - for stdin');
  const status = (values.status as string | undefined) ?? 'draft';
  if (!(INCIDENT_STATUSES as readonly string[]).includes(status))
    throw new UsageError(`--status ${status}: use one of ${INCIDENT_STATUSES.join(', ')}`);
  const timezone = values.timezone as string | undefined;
  if (timezone !== undefined && !isValidTimeZone(timezone))
    throw new UsageError(`--timezone ${timezone}: not an IANA time zone; use one like Asia/Seoul, Europe/Berlin or UTC`);
  const lang = ((values.lang as string | undefined) ?? 'keep') as HeadingLang;
  if (!HEADING_LANGS.includes(lang)) throw new UsageError(`--lang ${lang}: use one of ${HEADING_LANGS.join(', ')}`);
  const dryRun = !!values['dry-run'];

  const root = contentRoot();
  let config: KbConfig;
  try {
    config = loadConfig(root);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const outDir = resolve((values.out as string | undefined) ?? join(root, 'incidents'));
  const sources = await readSources(positionals);

  const converted = sources.map((s) => {
    const existingId = s.text.match(/^(?:\uFEFF)?---\r?\n(?:[\s\S]*?\r?\n)?id:\s*["']?(INC-\d{4}-\d{3,})/)?.[1];
    if (existingId) return { s, error: `already a project incident (id ${existingId}); nothing to import` };
    try {
      return { s, r: convertPostmortem(s.text, { sourceName: s.path, status: status as never, timezone, lang, config }) };
    } catch (error) {
      return { s, error: (error as Error).message };
    }
  });

  const reports: FileReport[] = [];
  const allocate = async () => {
    const used = await incidentIdsInUse(root);
    if (basename(outDir) === 'incidents' && resolve(dirname(outDir)) !== root)
      for (const id of await incidentIdsInUse(dirname(outDir))) used.add(id);
    for (const { s, r, error } of converted) {
      if (!r) {
        reports.push({ source: s.label, written: false, error });
        continue;
      }
      const id = nextIncidentId(used, r.year);
      used.add(id);
      const notes = [...r.notes];
      const alias = (r.frontmatter.aliases as string[]).find((a) => used.has(a));
      if (alias)
        notes.push({ level: 'warning', message: `an incident already has the alias "${alias}": was this source imported before?` });
      const base = {
        source: s.label,
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
    console.log(JSON.stringify({ dryRun, outDir: relative(process.cwd(), outDir) || '.', files: out }, null, 2));
  } else {
    printText(reports, dryRun);
    if (!dryRun && toCheck.length) console.log(`\n${toCheck.length} file(s) written. Fill in what check reports, then run npm run check.`);
  }
  const failed = reports.some((r) => r.error) || reports.some((r) => (r.check?.errors ?? 0) > 0);
  return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Ctrl-C: exit through the normal path so the id lock and temporary files are removed.
  process.once('SIGINT', () => process.exit(130));
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error) => {
      if (error instanceof UsageError) {
        console.error(`import: ${error.message}\n\nRun npm run import -- --help for usage.`);
        process.exitCode = 2;
      } else {
        console.error(`import: ${(error as Error).stack ?? error}`);
        process.exitCode = 1;
      }
    },
  );
}

export { main };
