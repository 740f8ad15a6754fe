/**
 * Run check over freshly imported files and flatten its messages, so the
 * import report can say what is left for the author to fill in. Uses the check
 * engine (`src/lib/check`) when it is there, else the schema and the section list.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseEntry } from '../../core/entry.ts';
import { createIncidentSchema } from '../../schema/incident.ts';
import { REQUIRED_INCIDENT_SECTIONS } from '../../core/markdown/sections.ts';
import type { KbConfig } from '../../schema/config.ts';

export interface CheckMessage {
  line: number;
  column: number;
  level: 'error' | 'warning' | 'info';
  message: string;
  ruleId?: string;
}

export interface FileCheck {
  engine: 'check' | 'schema';
  errors: number;
  warnings: number;
  messages: CheckMessage[];
}

interface VFileLike {
  path: string;
  messages: { line?: number | null; column?: number | null; fatal?: boolean | null; reason: string; ruleId?: string | null }[];
}
type RunCheck = (o: { root: string; paths?: string[]; config?: KbConfig }) => Promise<{ files: VFileLike[] }>;

async function loadRunCheck(): Promise<RunCheck | undefined> {
  try {
    const mod = (await import(new URL('../../check/index.ts', import.meta.url).href)) as { runCheck?: RunCheck };
    return typeof mod.runCheck === 'function' ? mod.runCheck : undefined;
  } catch {
    return undefined;
  }
}

function summarize(engine: FileCheck['engine'], messages: CheckMessage[]): FileCheck {
  return {
    engine,
    errors: messages.filter((m) => m.level === 'error').length,
    warnings: messages.filter((m) => m.level === 'warning').length,
    messages: messages.sort((a, b) => a.line - b.line || a.column - b.column),
  };
}

/** Check each file; absolute paths in, results keyed by absolute path. */
export async function checkFiles(root: string, paths: string[], config?: KbConfig): Promise<Map<string, FileCheck>> {
  const results = new Map<string, FileCheck>();
  const runCheck = await loadRunCheck();
  if (runCheck) {
    try {
      const result = await runCheck({ root, paths, config });
      for (const file of result.files) {
        const abs = resolve(file.path);
        if (!paths.includes(abs)) continue;
        results.set(
          abs,
          summarize(
            'check',
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
      for (const p of paths) if (!results.has(p)) results.set(p, summarize('check', []));
      return results;
    } catch {
      results.clear(); // the engine is mid-change: fall back to the schema
    }
  }
  for (const path of paths) results.set(path, await schemaCheck(path, config));
  return results;
}

/** The minimum: the zod schema, and which required sections are missing or empty. */
export async function schemaCheck(path: string, config?: KbConfig): Promise<FileCheck> {
  const text = await readFile(path, 'utf8');
  const entry = parseEntry(text, path, 'incident');
  const messages: CheckMessage[] = entry.yamlProblems.map((p) => ({
    line: p.line,
    column: p.column,
    level: 'error' as const,
    message: p.message,
    ruleId: 'yaml',
  }));
  const parsed = createIncidentSchema({ config }).safeParse(entry.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const at = entry.locate(issue.path as PropertyKey[]);
      messages.push({ ...at, level: 'error', message: `${issue.path.join('.') || '(frontmatter)'}: ${issue.message}`, ruleId: 'schema' });
    }
  }
  const sections = (entry.data.sections ?? []) as { id: string; known: boolean; empty: boolean; line?: number }[];
  for (const id of REQUIRED_INCIDENT_SECTIONS) {
    const s = sections.find((x) => x.known && x.id === id);
    if (!s) messages.push({ line: 1, column: 1, level: 'warning', message: `section #${id} is missing`, ruleId: 'required-sections' });
    else if (s.empty)
      messages.push({ line: s.line ?? 1, column: 1, level: 'warning', message: `section #${id} is empty`, ruleId: 'required-sections' });
  }
  return summarize('schema', messages);
}
