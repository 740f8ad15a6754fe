/** Text (vfile-reporter, grouped by file) and JSON reports of a check result. */
import { reporter } from 'vfile-reporter';
import type { VFile } from 'vfile';
import type { CheckResult } from './runner.ts';

export interface ReportOptions {
  format: 'text' | 'json';
  /** Errors and the summary only (for the build log). */
  errorsOnly?: boolean;
  color?: boolean;
  /** Show completeness scores for at most this many incidents (lowest first). */
  completenessLimit?: number;
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
