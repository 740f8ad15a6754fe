/**
 * The second half of a check, once every file has its outcome: cross-file
 * rules, rule levels, silencing comments, `--fix`, and one VFile per reported
 * file with its messages.
 */
import { join, relative, sep } from 'node:path';
import { VFile } from 'vfile';
import { CONFIG_FILE } from '../core/config.ts';
import type { KbConfig } from '../schema/config.ts';
import type { FileOutcome } from './file.ts';
import { ruleUrl } from './docs.ts';
import { applyFixes, type FixWriter } from './fix.ts';
import { RULES, levelFor, soften } from './registry.ts';
import type { CheckResult } from './runner.ts';
import { silencedBy } from './suppress.ts';
import type { Finding, Level, LinkFacts } from './types.ts';

export interface FinishOptions {
  /** The content root (absolute). */
  root: string;
  /** VFile paths are relative to this. */
  cwd: string;
  config: KbConfig;
  /** Problems of kb.config.yaml itself (`readCheckConfig`). */
  configFindings: Finding[];
  /** `--fix`: how to write a fixed file (masks of warned `pii/*` values are applied, and reported as fixes). */
  fix?: FixWriter;
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
      // Secrets are never silenced in place: only a fingerprint in `secrets_allow` allows one (rules/sensitive.ts).
      if (!finding.ruleId.startsWith('ignore/') && !finding.ruleId.startsWith('secrets/') && silencedBy(outcome.directives, finding))
        continue;
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
        options.fix,
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

function addMessage(vfile: VFile, f: Finding, level: Level, result: CheckResult): void {
  const place = f.endLine
    ? { start: { line: f.line, column: f.column }, end: { line: f.endLine, column: f.endColumn ?? 1 } }
    : { line: f.line, column: f.column };
  const message = vfile.message(f.message, { place, ruleId: f.ruleId, source: 'kb' });
  message.url = ruleUrl(f.ruleId);
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
