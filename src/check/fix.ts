/**
 * `--fix`: the masks of warned personal data, applied to one file. The check
 * decides what changes; the caller writes (the CLI atomically, through
 * cli/shared/fs-safe.ts), so the check itself never writes a file.
 */
import { readFile } from 'node:fs/promises';
import { hashText } from './file.ts';
import type { Finding } from './types.ts';

/** Writes the fixed text of a file in place. */
export type FixWriter = (path: string, text: string) => Promise<void>;

/**
 * Apply the masks of warned PII values to one file: only the masked bytes
 * change; if the file changed on disk since it was checked, nothing is written.
 */
export async function applyFixes(path: string, hash: string, fixable: Finding[], write: FixWriter): Promise<Finding[]> {
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
  if (applied.length) await write(path, text);
  return applied.reverse();
}
