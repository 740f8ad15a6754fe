/**
 * `npm run new-incident`: ask (or read flags), then write
 * `incidents/<YYYY-MM-DD>-<slug>.md` with the next free id, under the id lock.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { contentRoot, loadConfig } from '../../core/config.ts';
import { createFileWithFreeName, suffixed } from '../shared/fs-safe.ts';
import { incidentIdsInUse, nextIncidentId, withIdLock } from '../shared/ids.ts';
import type { KbConfig } from '../../schema/config.ts';
import { readCatalog, type Catalog } from '../scaffold/catalog.ts';
import {
  displayPath,
  gitUserName,
  isInteractive,
  printJsonResult,
  reportCreated,
  reportError,
  requireRoot,
  type CliIO,
} from '../shared/io.ts';
import { helpText, parseFlags } from '../shared/args.ts';
import { detectTimeZone, meaningLang, SCAFFOLD_EXIT_CODES, severityMeaning } from '../scaffold/values.ts';
import { INCIDENT_FLAGS, incidentDefaults, validateIncidentFlags, type IncidentAnswers } from './options.ts';
import { renderIncident } from '../scaffold/render.ts';
import { localDate, localDateTime } from '../../core/time/zone.ts';
import { formatSimilar, readPastIncidents, similarToDraft, type PastIncident, type SimilarDraft } from '../scaffold/similar.ts';

const COMMAND = 'new-incident';

export const INCIDENT_HELP = helpText(COMMAND, INCIDENT_FLAGS, {
  summary:
    'Scaffold a post-mortem: content/incidents/<YYYY-MM-DD>-<slug>.md with the next free id (INC-<year>-NNN),\nstatus draft, every canonical section with guidance, and a timeline skeleton.\nOn a terminal it asks for what the flags leave out; otherwise it never waits for input.',
  examples: [
    'npm run new-incident',
    'npm run new-incident -- --yes --title "Checkout latency spike" --severity SEV2 --service checkout --started "30m ago"',
    'npm run new-incident -- -y -t "결제 API 지연" --lang bilingual --timezone Asia/Seoul --started "오전 2시 40분"',
    'npm run new-incident -- -y -t "SSH 접속 거부" --slug ssh-access-denied --playbook ssh-permission-denied-publickey',
    'npm run new-incident -- -y -t x --dry-run',
  ],
  footer: [SCAFFOLD_EXIT_CODES],
});

export interface NewIncidentResult {
  path: string;
  id: string;
  url: string;
  content: string;
}

/** Render and (unless dry) create the file. The id is chosen and the file created inside the id lock. */
export async function writeIncident(root: string, a: IncidentAnswers, config: KbConfig, dryRun: boolean): Promise<NewIncidentResult> {
  const started = localDateTime(a.startedEpoch, a.timezone);
  const year = Number(started.slice(0, 4));
  const base = join(root, 'incidents', `${localDate(a.startedEpoch, a.timezone)}-${a.slug}.${a.format}`);
  const render = (id: string) =>
    renderIncident({
      id,
      title: a.title,
      severity: a.severity,
      severityMeaning: severityMeaning(config, a.severity, meaningLang(a.lang, config)),
      authors: a.authors,
      timezone: a.timezone,
      started,
      services: a.services,
      tags: a.tags,
      playbooks: a.playbooks,
      rootCauseCategories: config.root_cause_categories,
      lang: a.lang,
      format: a.format,
    });
  if (dryRun) {
    // No lock and no write: show what a run now would do.
    const id = nextIncidentId(await incidentIdsInUse(root), year);
    let n = 1;
    while (existsSync(suffixed(base, n))) n++;
    return { path: suffixed(base, n), id, url: `/incidents/${id}/`, content: render(id) };
  }
  return withIdLock(root, async () => {
    const id = nextIncidentId(await incidentIdsInUse(root), year);
    const content = render(id);
    const path = await createFileWithFreeName(base, content);
    return { path, id, url: `/incidents/${id}/`, content };
  });
}

export async function runNewIncident(argv: string[], io: CliIO): Promise<number> {
  try {
    const { flags, positionals } = parseFlags(argv, INCIDENT_FLAGS);
    if (flags.help) {
      io.stdout.write(INCIDENT_HELP);
      return 0;
    }
    const root = contentRoot(io.env, io.cwd);
    requireRoot(root);
    const config = loadConfig(root);
    const json = flags.json === true;
    const interactive = isInteractive(io, flags.yes === true, json);
    // The catalog (playbooks, services and tags in use) is read only when something needs it.
    const needsCatalog = interactive || flags.playbook !== undefined || flags.service !== undefined || flags.tag !== undefined;
    const catalog: Catalog = needsCatalog
      ? await readCatalog(root)
      : { playbooks: [], incidentServices: [], incidentTags: [], playbookServices: [], playbookPlatforms: [], playbookTags: [] };
    const ctx = {
      config,
      playbooks: catalog.playbooks,
      services: catalog.incidentServices,
      tags: catalog.incidentTags,
      now: io.now,
      defaultTimeZone: detectTimeZone(),
    };
    const f = validateIncidentFlags(flags, positionals, ctx);
    const gitUser = gitUserName(io.cwd);
    // Past incidents, read once and only when shown (a prompt session, or a file actually written).
    let past: Promise<PastIncident[]> | undefined;
    const similarLines = async (draft: SimilarDraft) => formatSimilar(similarToDraft(draft, await (past ??= readPastIncidents(root))));

    let answers: IncidentAnswers;
    const promptIO = { input: io.stdin, output: json ? io.stderr : io.stdout };
    if (interactive) {
      const { promptIncident } = await import('../scaffold/prompts.ts');
      const r = await promptIncident(f, { ...ctx, gitUser, similar: similarLines }, promptIO);
      if (typeof r === 'symbol') return 130; // CANCELLED
      answers = r;
    } else {
      answers = incidentDefaults(f, ctx, gitUser);
    }

    const result = await writeIncident(root, answers, config, f.dryRun);
    const shown = displayPath(result.path, io.cwd);
    if (json) {
      printJsonResult(io, shown, result, f.dryRun);
      return 0;
    }
    if (f.dryRun) {
      io.stdout.write(`# dry run: would write ${shown} (${result.id}); nothing was written\n${result.content}`);
      return 0;
    }
    // Asked interactively, the list was shown after the playbooks; without a terminal it comes with the result.
    const alike = interactive ? [] : await similarLines(answers);
    const lines = [
      `${shown}`,
      `id:  ${result.id}`,
      `url: ${result.url}`,
      ...(alike.length ? ['', ...alike] : []),
      '',
      'Next steps:',
      `  1. Fill in the sections: $EDITOR ${shown}`,
      `  2. npm run dev    → http://localhost:4321${result.url}  (drafts show in dev)`,
      `  3. npm run check  → lists the sections still to fill`,
    ];
    await reportCreated(io, interactive, promptIO, lines, root, result.path);
    return 0;
  } catch (error) {
    return reportError(error, io, COMMAND);
  }
}
