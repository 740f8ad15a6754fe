/**
 * `npm run check [-- PATH...]`: validate the content root and report every
 * problem the way a linter does. Exit 0: no errors. 1: errors (or warnings
 * under --strict). 2: usage error.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { CheckFocus, RuleDoc } from '../../check/index.ts';
import { REPORT_FORMATS, type ReportFormat } from '../../check/report-formats.ts';
import { prestartCheckWorkers } from '../../check/pool.ts';
import { contentRoot, loadConfig } from '../../core/config.ts';
import { EditionError, editionOf } from '../../core/editions.ts';
import { type FlagSpec, formatCliError, helpText, parseFlags, stringFlag, UsageError } from '../shared/args.ts';
import { replaceFileAtomic } from '../shared/fs-safe.ts';
import { gitTopLevel } from '../shared/git.ts';
import { planChanged, takeChangedFlag } from './changed.ts';
import { emitReport, jsonWithKeys, OUTPUT_FLAG, type ReportKind, reportTarget } from '../shared/output.ts';

const COMMAND = 'check';

export const CHECK_FLAGS: FlagSpec[] = [
  {
    name: 'format',
    arg: 'text|json|github|sarif|junit',
    help: 'Report format (default text): json for scripts and editors, github for workflow annotations on a pull request, sarif for code scanning, junit for GitLab and other CI.',
  },
  {
    name: 'changed',
    arg: '[BASE]',
    help: 'Check only the content files changed against a git base (--changed BASE; default: the pull request’s target, origin/HEAD or main), staged and unstaged changes included, and every file that links to them.',
  },
  { name: 'strict', help: 'Warnings fail the check too (exit 1).' },
  { name: 'fix', help: 'Mask warned personal data (IPs, emails, phones, fingerprints) in place.' },
  { name: 'build', help: 'Errors and the summary only (what npm run build prints).' },
  {
    name: 'edition',
    arg: 'internal|public',
    help: 'Check for an edition (default KB_EDITION, else internal). public: list what the public edition publishes and cuts, and run its rules (markers and personal data in public entries).',
  },
  { name: 'rules', help: 'List the rules with their ids and default levels.' },
  OUTPUT_FLAG,
  { name: 'help', short: 'h', help: 'This help.' },
];

const HELP = helpText(COMMAND, CHECK_FLAGS, {
  usage: 'npm run check [-- PATH...] [options]',
  summary:
    'Checks every incident and playbook under the content root (KB_CONTENT_DIR, default ./content).\nWith PATHs, reports only those files or folders; links still resolve against the whole root.',
  footer: [
    'Exit codes: 0 no errors, 1 errors (or warnings with --strict), 2 usage error.',
    'Through npm, machine output needs --output FILE or `npm run --silent`: npm prints a banner on stdout.',
    'Rule levels: `rules:` in kb.config.yaml (off, warn, error). Silence one finding with\n<!-- kb-ignore <rule-id>: <reason> --> (markdown) or # kb-ignore <rule-id>: <reason> (frontmatter).',
  ],
});

/** An earlier report of check, in any of its formats: JSON, SARIF, JUnit, GitHub annotations, or text ending in the summary line. */
export const CHECK_REPORT: ReportKind = {
  command: COMMAND,
  recognise: (text) =>
    jsonWithKeys(text, ['errorCount', 'warningCount', 'files']) ||
    /"name": "incident-kb check"/.test(text.slice(0, 4096)) ||
    /<testsuites name="incident-kb check"/.test(text.slice(0, 4096)) ||
    (text.trim() !== '' &&
      text
        .trimEnd()
        .split('\n')
        .every((line) => /^::(error|warning|notice) /.test(line))) ||
    /^\d+ files? checked: \d+ errors?, \d+ warnings?, \d+ info$/m.test(text.trimEnd().split('\n').at(-1) ?? ''),
};

export function rulesTable(docs: readonly RuleDoc[]): string {
  const width = Math.max(...docs.map((d) => d.id.length));
  return docs.map((d) => `${d.id.padEnd(width)}  ${d.level.padEnd(5)}  ${d.doc}`).join('\n');
}

function countEntries(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}

/** VFile paths (relative to the working directory) as paths from the repository root, which CI annotations need. */
function repoRelative(): (path: string) => string {
  const top = gitTopLevel();
  if (!top) return (p) => p;
  return (p) => relative(top, resolve(p)).split(sep).join('/');
}

export async function runCheckCommand(argv: string[]): Promise<number> {
  try {
    const changedFlag = takeChangedFlag(argv);
    const { flags, positionals } = parseFlags(changedFlag.argv, CHECK_FLAGS);
    if (flags.help || flags.rules) {
      const { RULE_DOCS } = await import('../../check/index.ts');
      process.stdout.write(flags.help ? `${HELP}\nRules:\n${rulesTable(RULE_DOCS)}\n` : `${rulesTable(RULE_DOCS)}\n`);
      return 0;
    }
    const format = (stringFlag(flags.format) ?? 'text') as ReportFormat;
    if (!REPORT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${format}"`);
    const missing = positionals.filter((p) => !existsSync(p));
    if (missing.length) throw new UsageError(`no such file or folder: ${missing.join(', ')}`);
    const target = reportTarget(flags, CHECK_REPORT);
    let edition: ReturnType<typeof editionOf>;
    try {
      edition = editionOf(process.env, flags.edition === undefined ? undefined : (stringFlag(flags.edition) ?? ''));
    } catch (error) {
      if (error instanceof EditionError) throw new UsageError(error.message);
      throw error;
    }
    const root = contentRoot();
    if (!existsSync(root)) throw new UsageError(`the content root ${root} does not exist (set KB_CONTENT_DIR)`);
    let focus: CheckFocus | undefined;
    if (changedFlag.base !== null) {
      if (positionals.length) throw new UsageError('--changed chooses the files itself; give no PATH with it');
      if (flags.fix) throw new UsageError('--changed and --fix do not go together; run --fix on the files themselves');
      const plan = planChanged(changedFlag.base, root, process.cwd(), process.env);
      process.stderr.write(`${plan.note}\n`);
      focus = plan.focus;
    }

    // A big content root gets worker threads (see runCheck): start them before loading the
    // parsers and rules below, so that both start-ups overlap.
    if (!positionals.length && !focus && countEntries(join(root, 'incidents')) + countEntries(join(root, 'playbooks')) >= 400)
      prestartCheckWorkers();
    const { exitCodeFor, formatReport, runCheck } = await import('../../check/index.ts');

    if (edition === 'public' && flags.build !== true) {
      // What the public edition publishes, before the report: on stdout with the text report, else on stderr.
      const { editionPlan, formatEditionPlan } = await import('./edition.ts');
      let config: Parameters<typeof editionPlan>[1] | undefined;
      try {
        config = loadConfig(root);
      } catch {
        // the report below has the config's errors
      }
      if (config) {
        const includeDrafts = process.env.KB_INCLUDE_DRAFTS === '1' || config.site.include_drafts;
        const text = formatEditionPlan(await editionPlan(root, config), relative(process.cwd(), root) || '.', { includeDrafts });
        (format === 'text' && !target.path ? process.stdout : process.stderr).write(text);
      }
    }
    const result = await runCheck({
      root,
      paths: positionals.length ? positionals : undefined,
      focus,
      fix: flags.fix ? replaceFileAtomic : undefined,
      edition,
    });
    const output = formatReport(result, {
      format,
      errorsOnly: flags.build === true,
      color: format === 'text' && !target.path && process.stdout.isTTY && !process.env.NO_COLOR,
      repoPath: format === 'github' || format === 'sarif' || format === 'junit' ? repoRelative() : undefined,
      strict: flags.strict === true,
    });
    const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
    await emitReport(target, output, undefined, `${n(result.errorCount, 'error')}, ${n(result.warningCount, 'warning')}`);
    const code = exitCodeFor(result, { strict: flags.strict === true });
    if (flags.build && code) process.stderr.write('check: fix the errors above before building (npm run check for the full report).\n');
    return code;
  } catch (error) {
    const { text, exitCode } = formatCliError(COMMAND, error, CHECK_FLAGS);
    process.stderr.write(text);
    return exitCode;
  }
}
