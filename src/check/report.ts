/**
 * The reports of a check result: text (vfile-reporter, grouped by file), JSON,
 * and the three that CI systems read: GitHub workflow commands, SARIF 2.1.0
 * (code scanning) and JUnit XML (GitLab and most other CI).
 */
import { reporter } from 'vfile-reporter';
import type { VFile } from 'vfile';
import { RULES_PAGE, ruleUrl } from './docs.ts';
import { RULE_DOCS } from './registry.ts';
import type { ReportFormat } from './report-formats.ts';
import type { CheckResult } from './runner.ts';

type VFileMessage = VFile['messages'][number];

export { REPORT_FORMATS, type ReportFormat } from './report-formats.ts';

export interface ReportOptions {
  format: ReportFormat;
  /** Errors and the summary only (for the build log). */
  errorsOnly?: boolean;
  color?: boolean;
  /** Show completeness scores for at most this many incidents (lowest first). */
  completenessLimit?: number;
  /**
   * A VFile path (relative to the working directory) as the repository-relative
   * path that GitHub and code scanning match against the pull request's files
   * (default: unchanged; the CLI passes one from `git rev-parse --show-toplevel`).
   */
  repoPath?: (path: string) => string;
  /** `--strict`: warnings are failures in the JUnit report too. */
  strict?: boolean;
}

/** vfile-reporter's colour codes (ESC `[` n `m`). */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');

const severity = (fatal: boolean | null | undefined) => (fatal ? 'error' : fatal === false ? 'warning' : 'info');

function summary(result: CheckResult): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  return `${n(result.files.length, 'file')} checked: ${n(result.errorCount, 'error')}, ${n(result.warningCount, 'warning')}, ${result.infoCount} info`;
}

/** vfile-reporter's rows, each prefixed with its file path so editors and CI can jump to it. */
function textRows(files: VFile[], options: ReportOptions): string {
  const withMessages = files.filter((f) => f.messages.some((m) => !options.errorsOnly || m.fatal));
  if (!withMessages.length) return '';
  const out = reporter(withMessages, { color: options.color ?? false, quiet: true, silent: options.errorsOnly ?? false });
  const names = new Set(withMessages.map((f) => f.path));
  let current = '';
  const lines: string[] = [];
  // Everything after the last blank line is vfile-reporter's own byline; ours replaces it.
  const body = out.replace(/\n\n[^\n]*$/, '');
  for (const line of body.split('\n')) {
    const plain = line.replace(ANSI_COLOUR, '');
    if (names.has(plain.replace(/:.*$/, '')) && !/^\s/.test(plain) && !/^\d+:\d+/.test(plain)) {
      current = plain.replace(/:.*$/, '');
      if (lines.length && lines[lines.length - 1] !== '') lines.push('');
      lines.push(line);
    } else if (/^\d+:\d+/.test(plain) && current) lines.push(`${current}:${line}`);
    else lines.push(line);
  }
  return lines.join('\n');
}

function completenessLines(result: CheckResult, limit: number): string {
  const scores = [...result.completeness].sort((a, b) => a[1].filled / a[1].total - b[1].filled / b[1].total || a[0].localeCompare(b[0]));
  if (!scores.length) return '';
  const complete = scores.filter(([, s]) => s.filled === s.total).length;
  const lines = [`Completeness (required sections filled): ${complete}/${scores.length} incidents complete`];
  for (const [path, s] of scores.slice(0, limit))
    if (s.filled < s.total) lines.push(`  ${String(s.filled).padStart(2)}/${s.total}  ${path}`);
  const rest = scores.slice(limit).filter(([, s]) => s.filled < s.total).length;
  if (rest) lines.push(`  … and ${rest} more incomplete`);
  return lines.join('\n');
}

export function formatReport(result: CheckResult, options: ReportOptions = { format: 'text' }): string {
  if (options.format === 'github') return githubReport(result, options);
  if (options.format === 'sarif') return sarifReport(result, options);
  if (options.format === 'junit') return junitReport(result, options);
  if (options.format === 'json') {
    return JSON.stringify(
      {
        errorCount: result.errorCount,
        warningCount: result.warningCount,
        infoCount: result.infoCount,
        files: result.files.map((f) => ({
          path: f.path,
          completeness: f.data.completeness,
          messages: f.messages.map((m) => ({
            ruleId: m.ruleId,
            severity: severity(m.fatal),
            message: m.reason,
            line: m.line,
            column: m.column,
            endLine: m.place && 'end' in m.place ? m.place.end.line : undefined,
            endColumn: m.place && 'end' in m.place ? m.place.end.column : undefined,
            url: m.url,
          })),
        })),
        fixes: result.fixes,
      },
      null,
      2,
    );
  }
  const parts = [textRows(result.files, options)];
  if (result.fixes.length)
    parts.push(
      ['Fixed (masked in place):', ...result.fixes.map((f) => `${f.path}:${f.line}:${f.column}  ${f.ruleId}  → ${f.to}`)].join('\n'),
    );
  if (!options.errorsOnly) parts.push(completenessLines(result, options.completenessLimit ?? 20));
  parts.push(summary(result));
  return `${parts.filter(Boolean).join('\n\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// CI formats. Each walks the same VFiles; a message's place is a point or a range.

interface Place {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

function placeOf(m: VFileMessage): Place {
  const end = m.place && 'end' in m.place ? m.place.end : undefined;
  return { line: m.line ?? 1, column: m.column ?? 1, endLine: end?.line, endColumn: end?.column };
}

const pathIn = (options: ReportOptions) => options.repoPath ?? ((p: string) => p);

/**
 * GitHub's workflow-command escaping (actions/toolkit `command.ts`): data is
 * `%`, CR and LF; a property value also `:` and `,`, which would end it.
 */
export const escapeGithubData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
export const escapeGithubProperty = (s: string) => escapeGithubData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * `::error file=…,line=…,endLine=…,col=…,endColumn=…,title=<rule>::message`: one
 * workflow command per finding, which GitHub shows on the pull request's lines.
 * The rule's docs link follows the message on its own line.
 */
function githubReport(result: CheckResult, options: ReportOptions): string {
  const repoPath = pathIn(options);
  const lines: string[] = [];
  for (const file of result.files) {
    for (const m of file.messages) {
      if (options.errorsOnly && !m.fatal) continue;
      const command = m.fatal ? 'error' : m.fatal === false ? 'warning' : 'notice';
      const at = placeOf(m);
      const props: [string, string | number | undefined][] = [
        ['file', repoPath(file.path)],
        ['line', at.line],
        ['endLine', at.endLine],
        ['col', at.column],
        ['endColumn', at.endColumn],
        ['title', m.ruleId ?? 'kb'],
      ];
      const text = props
        .filter((p) => p[1] !== undefined)
        .map(([k, v]) => `${k}=${escapeGithubProperty(String(v))}`)
        .join(',');
      lines.push(`::${command} ${text}::${escapeGithubData(m.url ? `${m.reason}\n${m.url}` : m.reason)}`);
    }
  }
  lines.push(summary(result));
  return `${lines.join('\n')}\n`;
}

const SARIF_LEVEL = { error: 'error', warn: 'warning', info: 'note' } as const;

/** A repository-relative path as a URI reference: each segment percent-encoded (Korean file names included). */
const uriOf = (path: string) => path.split('/').map(encodeURIComponent).join('/');

/**
 * SARIF 2.1.0 for code scanning: every rule with its description, default level
 * and help URL, and one result per finding with its region. Paths are relative
 * to `%SRCROOT%`, the repository root (github/codeql-action/upload-sarif resolves it).
 */
function sarifReport(result: CheckResult, options: ReportOptions): string {
  const repoPath = pathIn(options);
  const ruleIndex = new Map(RULE_DOCS.map((d, i) => [d.id, i]));
  const results = [];
  for (const file of result.files) {
    for (const m of file.messages) {
      if (options.errorsOnly && !m.fatal) continue;
      const at = placeOf(m);
      const ruleId = m.ruleId ?? 'internal';
      results.push({
        ruleId,
        ...(ruleIndex.has(ruleId) ? { ruleIndex: ruleIndex.get(ruleId) } : {}),
        level: m.fatal ? 'error' : m.fatal === false ? 'warning' : 'note',
        message: { text: m.reason },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: uriOf(repoPath(file.path)), uriBaseId: '%SRCROOT%' },
              region: {
                startLine: at.line,
                startColumn: at.column,
                ...(at.endLine ? { endLine: at.endLine, endColumn: at.endColumn ?? at.column } : {}),
              },
            },
          },
        ],
      });
    }
  }
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'incident-kb check',
            informationUri: RULES_PAGE,
            rules: RULE_DOCS.map((d) => ({
              id: d.id,
              shortDescription: { text: d.doc },
              helpUri: ruleUrl(d.id),
              help: { text: `${d.doc} See ${ruleUrl(d.id)}` },
              defaultConfiguration: { level: SARIF_LEVEL[d.level] },
              properties: { tags: ['incident-kb', d.id.split('/')[0]] },
            })),
          },
        },
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Text as XML character data or an attribute value: the five entities, and no character XML 1.0 forbids. */
function xml(s: string): string {
  return (
    s
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the control characters XML 1.0 cannot hold
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

/** An attribute value: also line breaks and tabs as references, which a parser would otherwise turn into spaces. */
const attr = (s: string) => xml(s).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');

/**
 * JUnit XML (GitLab's `artifacts:reports:junit`, Jenkins, Azure, CircleCI): one
 * test suite per file and one test case per finding; an error (or, with
 * `strict`, a warning) is a `<failure>`. A file without findings is one passing case.
 */
function junitReport(result: CheckResult, options: ReportOptions): string {
  const repoPath = pathIn(options);
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  for (const file of result.files) {
    const path = repoPath(file.path);
    const cases: string[] = [];
    let fileFailures = 0;
    const messages = file.messages.filter((m) => !options.errorsOnly || m.fatal);
    for (const m of messages) {
      const at = placeOf(m);
      const level = m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info';
      const where = `${path}:${at.line}:${at.column}`;
      const name = `${m.ruleId ?? 'kb'} at ${at.line}:${at.column}`;
      const fails = m.fatal === true || (options.strict === true && m.fatal === false);
      const detail = `${where} ${level} ${m.reason} (${m.ruleId ?? 'kb'})${m.url ? `\n${m.url}` : ''}`;
      if (fails) fileFailures++;
      cases.push(
        fails
          ? `    <testcase classname="${attr(path)}" name="${attr(name)}" file="${attr(path)}" line="${at.line}">\n      <failure message="${attr(m.reason)}" type="${attr(m.ruleId ?? 'kb')}">${xml(detail)}</failure>\n    </testcase>`
          : `    <testcase classname="${attr(path)}" name="${attr(name)}" file="${attr(path)}" line="${at.line}">\n      <system-out>${xml(detail)}</system-out>\n    </testcase>`,
      );
    }
    if (!cases.length) cases.push(`    <testcase classname="${attr(path)}" name="check" file="${attr(path)}"/>`);
    tests += cases.length;
    failures += fileFailures;
    suites.push(
      `  <testsuite name="${attr(path)}" tests="${cases.length}" failures="${fileFailures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="incident-kb check" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
