#!/usr/bin/env node
/**
 * npm run check [-- PATH...] [--format text|json] [--strict] [--fix] [--rules] [--help]
 * Exit 0: no errors. 1: errors (or warnings under --strict). 2: usage error.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { prestartCheckWorkers } from '../src/check/pool.ts';
import type { RuleDoc } from '../src/check/index.ts';

const FLAGS = '--format text|json, --strict, --fix, --build, --rules, --help';
const USAGE = `Usage: npm run check [-- PATH...] [options]

Checks every incident and playbook under the content root (KB_CONTENT_DIR, default ./content).
With PATHs, reports only those files or folders; links still resolve against the whole root.

Options:
  --format text|json  report format (default text; json for CI and editors)
  --strict            warnings fail the check too (exit 1)
  --fix               mask warned personal data (IPs, emails, phones, fingerprints) in place
  --build             errors and the summary only (used by npm run build)
  --rules             list the rules with their ids and default levels
  --help              this help

Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 usage error.
Rule levels: \`rules:\` in kb.config.yaml (off, warn, error). Silence one finding with
<!-- kb-ignore <rule-id>: <reason> --> (markdown) or # kb-ignore <rule-id>: <reason> (frontmatter).`;

function rulesTable(RULE_DOCS: RuleDoc[]): string {
  const width = Math.max(...RULE_DOCS.map((d) => d.id.length));
  return RULE_DOCS.map((d) => `${d.id.padEnd(width)}  ${d.level.padEnd(5)}  ${d.doc}`).join('\n');
}

function usageError(message: string): never {
  process.stderr.write(`check: ${message}\nValid flags: ${FLAGS}\nRun \`npm run check -- --help\` for usage.\n`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', default: 'text' },
      strict: { type: 'boolean', default: false },
      fix: { type: 'boolean', default: false },
      build: { type: 'boolean', default: false },
      rules: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
try {
  args = parse();
} catch (error) {
  usageError((error as Error).message.split('\n')[0]);
}
const { values, positionals } = args;

if (values.help || values.rules) {
  const { RULE_DOCS } = await import('../src/check/index.ts');
  process.stdout.write(values.help ? `${USAGE}\n\nRules:\n${rulesTable(RULE_DOCS)}\n` : `${rulesTable(RULE_DOCS)}\n`);
  process.exit(0);
}
if (values.format !== 'text' && values.format !== 'json') usageError(`--format must be text or json, not "${values.format}"`);
const missing = positionals.filter((p) => !existsSync(p));
if (missing.length) usageError(`no such file or folder: ${missing.join(', ')}`);

// A big content root gets worker threads (see runCheck): start them before loading the
// parsers and rules here, so that both start-ups overlap. (The root as contentRoot() resolves it.)
const likelyRoot = resolve(process.env.KB_CONTENT_DIR || 'content');
if (!positionals.length && countEntries(join(likelyRoot, 'incidents')) + countEntries(join(likelyRoot, 'playbooks')) >= 400)
  prestartCheckWorkers();
function countEntries(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}

const { contentRoot } = await import('../src/core/config.ts');
const { exitCodeFor, formatReport, runCheck } = await import('../src/check/index.ts');

const root = contentRoot();
if (!existsSync(root)) usageError(`the content root ${root} does not exist (set KB_CONTENT_DIR)`);

const result = await runCheck({ root, paths: positionals.length ? positionals : undefined, fix: values.fix });
const output = formatReport(result, {
  format: values.format as 'text' | 'json',
  errorsOnly: values.build,
  color: values.format === 'text' && process.stdout.isTTY && !process.env.NO_COLOR,
});
process.stdout.write(output);
const code = exitCodeFor(result, { strict: values.strict });
if (values.build && code) process.stderr.write('check: fix the errors above before building (npm run check for the full report).\n');
process.exitCode = code;
