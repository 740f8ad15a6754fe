/**
 * Worker side of `parse-pool.ts`: read and `parseEntry()` one file per message,
 * answer with the schema input (`data`) and any YAML problems.
 */
import { readFile } from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { parseEntry, type EntryKind } from './entry.ts';

interface Job {
  id: number;
  filePath: string;
  kind: EntryKind;
}

parentPort?.on('message', async ({ id, filePath, kind }: Job) => {
  try {
    const parsed = parseEntry(await readFile(filePath, 'utf8'), filePath, kind);
    parentPort?.postMessage({ id, data: parsed.data, yamlProblems: parsed.yamlProblems });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
