/**
 * `runCheck`: read every content file once, run the per-file rules on the
 * files being reported and the cross-file rules on all of them, apply levels
 * and silencing comments, and return one VFile per reported file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { glob } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { LineCounter, parseDocument } from 'yaml';
import { VFile } from 'vfile';
import { configSchema, type KbConfig } from '../schema/config.ts';
import { CONFIG_FILE, ConfigError, loadConfig } from '../core/config.ts';
import { listContentFiles } from '../core/content.ts';
import { kindFromPath, type EntryKind } from '../core/entry.ts';
import { replaceFileAtomic } from '../cli/shared/fs-safe.ts';
import { RULES, isKnownRulePattern, levelFor, soften } from './registry.ts';
import { silencedBy } from './suppress.ts';
import { hashText, readAndCheck, readAndCheckSync, type CheckEnv, type FileInput, type FileOutcome } from './file.ts';
import { defaultWorkerCount, takeCheckWorkers, type CheckWorker } from './pool.ts';
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
  /**
   * Worker threads that check files alongside this thread: 0 checks in this
   * thread only; default: one per core besides this one, for 400+ files.
   */
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
export function readCheckConfig(root: string): { config: KbConfig; findings: Finding[] } {
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
      findings.push({
        ruleId: 'config',
        ...at,
        message: `${p.path ? `\`${p.path}\`: ` : ''}${p.message.split('\n')[0]} (using the defaults until it is fixed)`,
      });
    }
    return { config, findings };
  }
  for (const [id, level] of Object.entries(config.rules ?? {})) {
    if (!isKnownRulePattern(id)) {
      const line = text.split('\n').findIndex((l) => l.includes(id)) + 1 || 1;
      findings.push({
        ruleId: 'config',
        line,
        column: 1,
        message: `\`rules: ${id}: ${level}\` names no rule; run \`npm run check -- --rules\` for the ids`,
      });
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

/**
 * Check files on this thread and on worker threads at once, keeping the input
 * order: each takes the next files from one queue (a worker from when it has
 * loaded its modules, in batches that shrink towards the end so no thread
 * finishes long after the others).
 */
async function checkShared(inputs: FileInput[], env: CheckEnv, workers: CheckWorker[]): Promise<FileOutcome[]> {
  const out = new Array<FileOutcome>(inputs.length);
  let next = 0;
  const batchSize = () => Math.max(4, Math.min(32, Math.ceil((inputs.length - next) / (4 * (workers.length + 1)))));
  let failed: unknown;
  /** Called when this thread is done: a worker that has not started by then is not waited for. */
  const unstarted = new Set<() => void>();
  const inWorker = (w: CheckWorker) =>
    new Promise<void>((resolveAll, reject) => {
      let inFlight = 0;
      unstarted.add(resolveAll);
      const send = () => {
        if (next >= inputs.length || failed) {
          if (!inFlight) resolveAll();
          return;
        }
        const start = next;
        next = Math.min(inputs.length, next + batchSize());
        inFlight++;
        w.worker.postMessage({ start, batch: inputs.slice(start, next) });
      };
      w.worker.on('message', (m: { start?: number; outcomes?: FileOutcome[] }) => {
        if (!m.outcomes) return;
        for (const [i, o] of m.outcomes.entries()) out[m.start! + i] = o;
        inFlight--;
        send();
      });
      const fail = (error: unknown) => {
        failed = error;
        reject(error);
      };
      w.worker.once('error', fail);
      w.worker.once('exit', (code) => fail(new Error(`check worker stopped (exit code ${code})`)));
      w.worker.postMessage({ env });
      // Two batches in flight, so a worker never waits for this thread to hand it more.
      w.ready.then(() => {
        unstarted.delete(resolveAll);
        send();
        send();
      }, fail);
    });
  const done = workers.map(inWorker);
  for (const p of done) p.catch(() => {});
  try {
    while (next < inputs.length && !failed) {
      const i = next++;
      out[i] = readAndCheckSync(inputs[i], env); // a blocking read: this thread would only wait otherwise
      if (i % 8 === 7) await nextTurn(); // let worker answers in, and send them more
    }
    for (const finish of unstarted) finish();
    await Promise.all(done);
  } finally {
    for (const w of workers) w.worker.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
  return out;
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root);
  const { config, findings: configFindings } = options.config ? { config: options.config, findings: [] } : readCheckConfig(root);
  const env: CheckEnv = { config, today: options.today ?? new Date().toISOString().slice(0, 10), fix: options.fix ?? false };

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
  const workerCount = Math.min(options.workers ?? (inputs.length >= 400 ? defaultWorkerCount() : 0), inputs.length);
  const workers = takeCheckWorkers(workerCount); // also stops prestarted workers that are not needed
  const outcomes = workerCount > 0 ? await checkShared(inputs, env, workers) : await checkHere(inputs, env);
  return finishCheck(outcomes, { root, cwd, config, configFindings, fix: options.fix });
}

export interface FinishOptions {
  /** The content root (absolute). */
  root: string;
  /** VFile paths are relative to this. */
  cwd: string;
  config: KbConfig;
  /** Problems of kb.config.yaml itself (`readCheckConfig`). */
  configFindings: Finding[];
  fix?: boolean;
}

/**
 * The second half of a check, once every file has its `FileOutcome` (from
 * `checkText`, here or in the site loader, which checks each file while it
 * parses it for the build): cross-file rules, levels, silencing comments,
 * `--fix`, and one VFile per reported file.
 */
export async function finishCheck(outcomes: FileOutcome[], options: FinishOptions): Promise<CheckResult> {
  const { root, cwd, config, configFindings } = options;
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
      for (const o of reported)
        o.findings.push({ ruleId: 'internal', line: 1, column: 1, message: `check failed: ${(error as Error)?.message ?? String(error)}` });
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
          kept.push({
            finding: {
              ruleId: 'ignore/unused',
              line: d.line,
              column: d.column,
              message: `kb-ignore ${d.rules.join(', ')} silences nothing here; remove it`,
            },
            level: unusedLevel,
          });
        }
      }
    }
    if (options.fix) {
      const applied = await applyFixes(
        outcome.input.path,
        outcome.hash,
        kept.filter((k) => k.level === 'warn' && k.finding.fix).map((k) => k.finding),
      );
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
  const place = f.endLine
    ? { start: { line: f.line, column: f.column }, end: { line: f.endLine, column: f.endColumn ?? 1 } }
    : { line: f.line, column: f.column };
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
