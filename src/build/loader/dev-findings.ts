/**
 * `npm run dev`: the check's errors per content file, as the loader last
 * computed them, for the banner a page shows while its file has errors
 * (src/components/DevCheckBanner.astro). The loader and the pages share the
 * dev server's process but not module instances (Vite loads pages on its own),
 * hence a global under a registered symbol.
 */
import { resolve } from 'node:path';

export interface DevFinding {
  line: number;
  column: number;
  ruleId: string;
  message: string;
}

const KEY = Symbol.for('kb.devFindings');
const store = (): Map<string, DevFinding[]> => {
  const g = globalThis as { [KEY]?: Map<string, DevFinding[]> };
  g[KEY] ??= new Map();
  return g[KEY];
};

/** The errors of one file (absolute path); none clears it. */
export function setDevFindings(path: string, errors: DevFinding[]): void {
  if (errors.length) store().set(resolve(path), errors);
  else store().delete(resolve(path));
}

/** The errors of an entry's file (`entry.filePath`, relative to the project root). */
export function devFindingsOf(filePath: string | undefined): DevFinding[] {
  return filePath ? (store().get(resolve(filePath)) ?? []) : [];
}
