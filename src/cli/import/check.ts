/**
 * Run check over freshly imported files and flatten its messages, so the
 * import report can say what is left for the author to fill in.
 */
import { resolve } from 'node:path';
import { runCheck } from '../../check/index.ts';
import type { KbConfig } from '../../schema/config.ts';

export interface CheckMessage {
  line: number;
  column: number;
  level: 'error' | 'warning' | 'info';
  message: string;
  ruleId?: string;
}

export interface FileCheck {
  errors: number;
  warnings: number;
  messages: CheckMessage[];
}

function summarize(messages: CheckMessage[]): FileCheck {
  return {
    errors: messages.filter((m) => m.level === 'error').length,
    warnings: messages.filter((m) => m.level === 'warning').length,
    messages: messages.sort((a, b) => a.line - b.line || a.column - b.column),
  };
}

/** Check each file; absolute paths in, results keyed by absolute path. */
export async function checkFiles(root: string, paths: string[], config?: KbConfig): Promise<Map<string, FileCheck>> {
  const results = new Map<string, FileCheck>();
  const result = await runCheck({ root, paths, config });
  for (const file of result.files) {
    const abs = resolve(file.path);
    if (!paths.includes(abs)) continue;
    results.set(
      abs,
      summarize(
        file.messages.map((m) => ({
          line: m.line ?? 1,
          column: m.column ?? 1,
          level: m.fatal ? 'error' : m.fatal === false ? 'warning' : 'info',
          message: m.reason,
          ...(m.ruleId ? { ruleId: m.ruleId } : {}),
        })),
      ),
    );
  }
  for (const p of paths) if (!results.has(p)) results.set(p, summarize([]));
  return results;
}
