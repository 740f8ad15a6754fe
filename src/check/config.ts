/**
 * kb.config.yaml as the check reads it: a broken file is reported as findings
 * on the config itself (with their lines) and the defaults are used instead,
 * so one typo in the config never hides every other problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_FILE, ConfigError, loadConfig } from '../core/config.ts';
import { yamlLib } from '../core/frontmatter/yaml-lib.ts';
import { configSchema, type KbConfig } from '../schema/config.ts';
import { isKnownRulePattern } from './registry.ts';
import type { Finding } from './types.ts';

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
    // `yaml` (70 modules) only for a broken config: its positions.
    const { LineCounter, parseDocument } = yamlLib();
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
