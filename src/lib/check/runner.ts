/**
 * `runCheck`: read every content file once, run the per-file rules on the
 * files being reported and the cross-file rules on all of them, apply levels
 * and silencing comments, and return one VFile per reported file.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { glob } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { VFile } from 'vfile';
import { configSchema, type KbConfig } from '../../schema/config.ts';
import { CONFIG_FILE, ConfigError, loadConfig } from '../config.ts';
import { listContentFiles, type ContentFile } from '../content.ts';
import { kindFromPath, parseEntry, type EntryKind } from '../entry.ts';
import { splitSections, type SectionSlice } from '../../markdown/extract.ts';
import { replaceFileAtomic } from '../fs-safe.ts';
import { RULES, isKnownRulePattern, levelFor, soften } from './registry.ts';
import { completenessOf } from './rules/structure.ts';
import { parseDirectives, silencedBy, type Directive } from './suppress.ts';
import type { FileContext, Finding, Level } from './types.ts';

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

export const RULES_URL = 'https://github.com/incident-kb/incident-kb#npm-run-check';

/** Line/column lookup for offsets into a text. */
export function positionFinder(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  };
}

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

function toFinding(error: unknown): Finding {
  const e = error as Error;
  return { ruleId: 'internal', line: 1, column: 1, message: `check failed on this file: ${e?.message ?? String(error)}` };
}

export async function runCheck(options: CheckOptions): Promise<CheckResult> {
  const cwd = options.cwd ?? process.cwd();
  const root = resolve(cwd, options.root);
  const { config, findings: configFindings } = options.config ? { config: options.config, findings: [] } : readConfig(root);
  const today = options.today ?? new Date().toISOString().slice(0, 10);

  // Every content file under the root, plus any requested file outside it.
  const listed: { path: string; kind: EntryKind }[] = [];
  for (const kind of ['incident', 'playbook'] as const) for (const path of await listContentFiles(root, kind)) listed.push({ path, kind });
  const requested = options.paths?.map((p) => resolve(cwd, p));
  if (requested) {
    const known = new Set(listed.map((f) => f.path));
    for (const p of requested) {
      if (within(p, root) && statSafeIsDir(p)) continue;
      for (const f of await expandPath(p)) if (!known.has(f)) {
        known.add(f);
        listed.push({ path: f, kind: kindFromPath(relative(root, f)) });
      }
    }
  }
  const files: ContentFile[] = await mapLimit(listed, 64, async ({ path, kind }) => {
    const relPath = relative(root, path).split(sep).join('/');
    let text = '';
    try {
      text = await readFile(path, 'utf8');
      return { kind, path, relPath, text, parsed: parseEntry(text, path, kind) };
    } catch (error) {
      // Unreadable or unparseable: keep it in the report as an `internal` finding.
      const parsed = parseEntry('', path, kind);
      (parsed as { crash?: unknown }).crash = error;
      return { kind, path, relPath, text, parsed };
    }
  });

  const reported = requested ? files.filter((f) => requested.some((p) => within(f.path, p))) : files;
  const reportedSet = new Set(reported);
  const findings = new Map<ContentFile, Finding[]>(reported.map((f) => [f, []]));
  const sectionCache = new Map<ContentFile, SectionSlice[]>();
  const sectionsOf = (f: ContentFile) => {
    let s = sectionCache.get(f);
    if (!s) {
      try {
        s = splitSections(f.parsed.tree, f.kind);
      } catch {
        s = [];
      }
      sectionCache.set(f, s);
    }
    return s;
  };

  for (const file of reported) {
    const list = findings.get(file)!;
    const crash = (file.parsed as { crash?: unknown }).crash;
    if (crash) {
      list.push(toFinding(crash));
      continue;
    }
    const ctx: FileContext = {
      file,
      config,
      today,
      sections: sectionsOf(file),
      position: positionFinder(file.text),
      report: (f) => list.push(f),
    };
    for (const rule of RULES) {
      try {
        rule.checkFile?.(ctx);
      } catch (error) {
        list.push(toFinding(error));
      }
    }
  }
  for (const rule of RULES) {
    if (!rule.checkCorpus) continue;
    try {
      rule.checkCorpus({ files, config, sectionsOf, report: (file, f) => reportedSet.has(file) && findings.get(file)!.push(f) });
    } catch (error) {
      for (const f of reported) findings.get(f)!.push(toFinding(error));
    }
  }

  const result: CheckResult = { files: [], errorCount: 0, warningCount: 0, infoCount: 0, completeness: new Map(), fixes: [] };
  const vfilePath = (abs: string) => relative(cwd, abs).split(sep).join('/') || abs;

  if (configFindings.length) {
    const vfile = new VFile({ path: vfilePath(join(root, CONFIG_FILE)) });
    for (const f of configFindings) addMessage(vfile, f, levelFor(f.ruleId, config), result);
    result.files.push(vfile);
  }

  for (const file of reported) {
    const vfile = new VFile({ path: vfilePath(file.path) });
    const list = findings.get(file)!;
    let directives: Directive[] = [];
    try {
      const parsedDirectives = parseDirectives(file, isKnownRulePattern);
      directives = parsedDirectives.directives;
      list.push(...parsedDirectives.problems);
    } catch (error) {
      list.push(toFinding(error));
    }
    const kept: { finding: Finding; level: Level }[] = [];
    for (const finding of list) {
      let level = levelFor(finding.ruleId, config);
      if (level === 'off') continue;
      if (finding.soft) level = soften(level);
      if (!finding.ruleId.startsWith('ignore/') && silencedBy(directives, finding)) continue;
      kept.push({ finding, level });
    }
    if (levelFor('ignore/unused', config) !== 'off') {
      for (const d of directives) {
        if (!d.used && d.rules.every((r) => levelFor(r.replace(/\/\*$/, ''), config) !== 'off')) {
          kept.push({ finding: { ruleId: 'ignore/unused', line: d.line, column: d.column, message: `kb-ignore ${d.rules.join(', ')} silences nothing here; remove it` }, level: levelFor('ignore/unused', config) });
        }
      }
    }
    if (options.fix) {
      const applied = await applyFixes(file, kept.filter((k) => k.level === 'warn' && k.finding.fix).map((k) => k.finding));
      for (const f of applied) {
        result.fixes.push({ path: vfile.path, line: f.line, column: f.column, ruleId: f.ruleId, to: f.fix!.to });
      }
      const done = new Set(applied);
      for (let i = kept.length - 1; i >= 0; i--) if (done.has(kept[i].finding)) kept.splice(i, 1);
    }
    kept.sort((a, b) => a.finding.line - b.finding.line || a.finding.column - b.finding.column);
    for (const { finding, level } of kept) addMessage(vfile, finding, level, result);
    if (file.kind === 'incident') {
      const score = completenessOf(sectionsOf(file));
      result.completeness.set(file.relPath, score);
      vfile.data.completeness = score;
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
 * change; if the file changed on disk since it was read, nothing is written.
 */
async function applyFixes(file: ContentFile, fixable: Finding[]): Promise<Finding[]> {
  if (!fixable.length) return [];
  const current = await readFile(file.path, 'utf8').catch(() => undefined);
  if (current !== file.text) return [];
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
  if (applied.length) await replaceFileAtomic(file.path, text);
  return applied.reverse();
}

