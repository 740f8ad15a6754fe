/**
 * `runCheck`: read every content file once, run the per-file rules on the
 * files being reported and the cross-file rules on all of them, apply levels
 * and silencing comments, and return one VFile per reported file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { glob } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { LineCounter, parseDocument } from 'yaml';
import { VFile } from 'vfile';
import { configSchema, type KbConfig } from '../../schema/config.ts';
import { CONFIG_FILE, ConfigError, loadConfig } from '../config.ts';
import { listContentFiles } from '../content.ts';
import { kindFromPath, type EntryKind } from '../entry.ts';
import { replaceFileAtomic } from '../fs-safe.ts';
import { RULES, isKnownRulePattern, levelFor, soften } from './registry.ts';
import { silencedBy } from './suppress.ts';
import { hashText, readAndCheck, type CheckEnv, type FileInput, type FileOutcome } from './file.ts';
import type { Finding, Level, LinkFacts } from './types.ts';

export { positionFinder } from './file.ts';

export interface CheckOptions {
  /** The content root: links and ids resolve against all of it. */
  root: string;
  /** Only report these files or folders (absolute, or relative to `cwd`). Files outside the root are checked too. */
  paths?: string[];
  /** The project config; read from `<root>/kb.config.yaml` when absent. */
  config?: KbConfig;
  /** Mask warned PII values in place (`replaceFileAtomic`), and report each change. */
  fix?: boolean;
  /** `YYYY-MM-DD` for overdue action items (default: today, UTC). */
  today?: string;
  /** VFile paths are relative to this (default: process.cwd()). */
  cwd?: string;
  /** Worker threads: 0 checks in this thread; default: one per core for 400+ files. */
  workers?: number;
}

export interface FixRecord {
  /** Path as in the VFiles (relative to cwd). */
  path: string;
  line: number;
  column: number;
  ruleId: string;
  /** The masked value written in place of the original (never the original itself). */
  to: string;
}

export interface CheckResult {
  files: VFile[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** Per reported incident, keyed by its path relative to the content root (also in `file.data.completeness`). */
  completeness: Map<string, { filled: number; total: number }>;
  /** Changes made by `fix`. */
  fixes: FixRecord[];
}

/** 0 without errors; 1 with errors, or with warnings under `strict`. */
export function exitCodeFor(result: Pick<CheckResult, 'errorCount' | 'warningCount'>, options: { strict?: boolean } = {}): 0 | 1 {
  return result.errorCount > 0 || (options.strict && result.warningCount > 0) ? 1 : 0;
}

export const RULES_URL = 'https://github.com/incident-kb/incident-kb#npm-run-check';

/** Read the config; a broken one is reported (with its lines) and the defaults are used instead. */
function readConfig(root: string): { config: KbConfig; findings: Finding[] } {
  const file = join(root, CONFIG_FILE);
  const findings: Finding[] = [];
  let config: KbConfig;
  let text = '';
  try {
    config = loadConfig(root);
    if (existsSync(file)) text = readFileSync(file, 'utf8');
  } catch (error) {
    config = configSchema.parse({});
    text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const problems = error instanceof ConfigError ? error.problems : [{ path: '', message: String((error as Error).message ?? error) }];
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
    for (const p of problems) {
      const yamlErr = doc.errors[0]?.linePos?.[0];
      let at = yamlErr ? { line: yamlErr.line, column: yamlErr.col } : { line: 1, column: 1 };
      if (p.path) {
        const path = p.path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
        for (let n = path.length; n > 0; n--) {
          const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number] } | undefined;
          if (node?.range) {
            const pos = lc.linePos(node.range[0]);
            at = { line: pos.line, column: pos.col };
            break;
          }
        }
      }
      findings.push({ ruleId: 'config', ...at, message: `${p.path ? `\`${p.path}\`: ` : ''}${p.message.split('\n')[0]} (using the defaults until it is fixed)` });
    }
    return { config, findings };
  }
  for (const [id, level] of Object.entries(config.rules ?? {})) {
    if (!isKnownRulePattern(id)) {
      const line = text.split('\n').findIndex((l) => l.includes(id)) + 1 || 1;
      findings.push({ ruleId: 'config', line, column: 1, message: `\`rules: ${id}: ${level}\` names no rule; run \`npm run check -- --rules\` for the ids` });
    }
  }
  return { config, findings };
}

/** Run `fn` over `items` with at most `limit` in flight. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

async function expandPath(p: string): Promise<string[]> {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  const files: string[] = [];
  for await (const f of glob('**/*.{md,mdx}', { cwd: p })) files.push(join(p, f));
  return files.sort();
}

const within = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** Check files in this thread, a few reads in flight. */
function checkHere(inputs: FileInput[], env: CheckEnv): Promise<FileOutcome[]> {
  return mapLimit(inputs, 16, (input) => readAndCheck(input, env));
}

/** Check files on worker threads, in batches, keeping the input order. */
async function checkInWorkers(inputs: FileInput[], env: CheckEnv, count: number): Promise<FileOutcome[]> {
  const BATCH = 40;
  const out = new Array<FileOutcome>(inputs.length);
  let next = 0;
  const workers = Array.from({ length: count }, () => new Worker(new URL('./worker.ts', import.meta.url), { workerData: env }));
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolveAll, reject) => {
            let start = 0;
            const send = () => {
              if (next >= inputs.length) return resolveAll();
              start = next;
              next += BATCH;
              worker.postMessage(inputs.slice(start, start + BATCH));
            };
            worker.on('message', (outcomes: FileOutcome[]) => {
              outcomes.forEach((o, i) => (out[start + i] = o));
              send();
            });
            worker.once('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root);
  const { config, findings: configFindings } = options.config ? { config: options.config, findings: [] } : readConfig(root);
  const env: CheckEnv = { config, today: options.today ?? new Date().toISOString().slice(0, 10) };

  // Every content file under the root, plus any requested file outside it.
  const listed: { path: string; kind: EntryKind }[] = [];
  for (const kind of ['incident', 'playbook'] as const) for (const path of await listContentFiles(root, kind)) listed.push({ path, kind });
  const requested = options.paths?.map((p) => resolve(cwd, p));
  if (requested) {
    const known = new Set(listed.map((f) => f.path));
    for (const p of requested) {
      if (within(p, root) && statSafeIsDir(p)) continue;
      for (const f of await expandPath(p)) {
        if (known.has(f)) continue;
        known.add(f);
        listed.push({ path: f, kind: kindFromPath(relative(root, f)) });
      }
    }
  }
  const inputs: FileInput[] = listed.map(({ path, kind }) => ({
    path,
    kind,
    relPath: relative(root, path).split(sep).join('/'),
    reported: !requested || requested.some((p) => within(path, p)),
  }));
  const workerCount = options.workers ?? (inputs.length >= 400 ? Math.min(availableParallelism(), 8) : 0);
  const outcomes = workerCount > 0 ? await checkInWorkers(inputs, env, workerCount) : await checkHere(inputs, env);

  const reported = outcomes.filter((o) => o.input.reported);
  const byFacts = new Map<LinkFacts, FileOutcome>(outcomes.map((o) => [o.facts, o]));
  for (const rule of RULES) {
    if (!rule.checkCorpus) continue;
    try {
      rule.checkCorpus({
        files: outcomes.map((o) => o.facts),
        config,
        reported: (f) => byFacts.get(f)?.input.reported ?? false,
        report: (f, finding) => {
          const o = byFacts.get(f);
          if (o?.input.reported) o.findings.push(finding);
        },
      });
    } catch (error) {
      for (const o of reported) o.findings.push({ ruleId: 'internal', line: 1, column: 1, message: `check failed: ${(error as Error)?.message ?? String(error)}` });
    }
  }

  const result: CheckResult = { files: [], errorCount: 0, warningCount: 0, infoCount: 0, completeness: new Map(), fixes: [] };
  const vfilePath = (abs: string) => relative(cwd, abs).split(sep).join('/') || abs;

  if (configFindings.length) {
    const vfile = new VFile({ path: vfilePath(join(root, CONFIG_FILE)) });
    for (const f of configFindings) addMessage(vfile, f, levelFor(f.ruleId, config), result);
    result.files.push(vfile);
  }

  for (const outcome of reported) {
    const vfile = new VFile({ path: vfilePath(outcome.input.path) });
    const kept: { finding: Finding; level: Level }[] = [];
    for (const finding of outcome.findings) {
      let level = levelFor(finding.ruleId, config);
      if (level === 'off') continue;
      if (finding.soft) level = soften(level);
      if (!finding.ruleId.startsWith('ignore/') && silencedBy(outcome.directives, finding)) continue;
      kept.push({ finding, level });
    }
    const unusedLevel = levelFor('ignore/unused', config);
    if (unusedLevel !== 'off') {
      for (const d of outcome.directives) {
        if (!d.used && d.rules.every((r) => levelFor(r.replace(/\/\*$/, ''), config) !== 'off')) {
          kept.push({ finding: { ruleId: 'ignore/unused', line: d.line, column: d.column, message: `kb-ignore ${d.rules.join(', ')} silences nothing here; remove it` }, level: unusedLevel });
        }
      }
    }
    if (options.fix) {
      const applied = await applyFixes(outcome.input.path, outcome.hash, kept.filter((k) => k.level === 'warn' && k.finding.fix).map((k) => k.finding));
      for (const f of applied) result.fixes.push({ path: vfile.path, line: f.line, column: f.column, ruleId: f.ruleId, to: f.fix!.to });
      const done = new Set(applied);
      for (let i = kept.length - 1; i >= 0; i--) if (done.has(kept[i].finding)) kept.splice(i, 1);
    }
    kept.sort((a, b) => a.finding.line - b.finding.line || a.finding.column - b.finding.column);
    for (const { finding, level } of kept) addMessage(vfile, finding, level, result);
    if (outcome.completeness) {
      result.completeness.set(outcome.input.relPath, outcome.completeness);
      vfile.data.completeness = outcome.completeness;
    }
    result.files.push(vfile);
  }
  return result;
}

function statSafeIsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function addMessage(vfile: VFile, f: Finding, level: Level, result: CheckResult): void {
  const place = f.endLine ? { start: { line: f.line, column: f.column }, end: { line: f.endLine, column: f.endColumn ?? 1 } } : { line: f.line, column: f.column };
  const message = vfile.message(f.message, { place, ruleId: f.ruleId, source: 'kb' });
  message.url = `${RULES_URL}`;
  if (level === 'error') {
    message.fatal = true;
    result.errorCount++;
  } else if (level === 'warn') {
    message.fatal = false;
    result.warningCount++;
  } else {
    message.fatal = undefined;
    result.infoCount++;
  }
}

/**
 * Apply the masks of warned PII values to one file: only the masked bytes
 * change; if the file changed on disk since it was checked, nothing is written.
 */
async function applyFixes(path: string, hash: string, fixable: Finding[]): Promise<Finding[]> {
  if (!fixable.length) return [];
  const current = await readFile(path, 'utf8').catch(() => undefined);
  if (current === undefined || hashText(current) !== hash) return [];
  const sorted = [...fixable].sort((a, b) => b.fix!.start - a.fix!.start);
  let text = current;
  const applied: Finding[] = [];
  let lastStart = Infinity;
  for (const f of sorted) {
    const { start, end, from, to } = f.fix!;
    if (end > lastStart || text.slice(start, end) !== from) continue; // overlapping or stale: leave it
    text = text.slice(0, start) + to + text.slice(end);
    lastStart = start;
    applied.push(f);
  }
  if (applied.length) await replaceFileAtomic(path, text);
  return applied.reverse();
}
