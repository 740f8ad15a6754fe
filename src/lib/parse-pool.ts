/**
 * `parseEntry()` for the site loader, off the main thread. Astro's content sync
 * renders markdown on the main thread; our loader also parses every file into
 * mdast to extract the timeline, whys and sections (the schema input). On a
 * machine with a spare core, a worker does that parse while the main thread
 * renders, instead of both taking turns on one core.
 *
 * Falls back to parsing in-process on a single core or when the worker can't
 * start. Workers hold the process open only while they have work.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parseEntry, type EntryKind, type YamlProblem } from './entry.ts';

export interface EntryData {
  data: Record<string, unknown>;
  yamlProblems: YamlProblem[];
}

interface Pending {
  resolve(value: EntryData): void;
  reject(error: Error): void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

let workers: PoolWorker[] | undefined;
let broken = false;
let nextId = 0;

function poolSize(): number {
  const env = process.env.KB_PARSE_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return Math.min(2, availableParallelism() - 1);
}

function startWorkers(): PoolWorker[] {
  const list: PoolWorker[] = [];
  for (let i = 0; i < poolSize(); i++) {
    const worker = new Worker(new URL('./parse-worker.ts', import.meta.url));
    const entry: PoolWorker = { worker, pending: new Map() };
    worker.unref();
    worker.on('message', (msg: { id: number; data?: Record<string, unknown>; yamlProblems?: YamlProblem[]; error?: string }) => {
      const job = entry.pending.get(msg.id);
      if (!job) return;
      entry.pending.delete(msg.id);
      if (entry.pending.size === 0) worker.unref();
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve({ data: msg.data ?? {}, yamlProblems: msg.yamlProblems ?? [] });
    });
    const fail = (error: Error) => {
      // A worker that can't start (or dies) must not lose entries: they are parsed in-process instead.
      broken = true;
      for (const job of entry.pending.values()) job.reject(Object.assign(error, { retryInProcess: true }));
      entry.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (entry.pending.size) fail(new Error(`parse worker exited with code ${code}`));
    });
    list.push(entry);
  }
  return list;
}

async function parseInProcess(filePath: string, kind: EntryKind): Promise<EntryData> {
  const parsed = parseEntry(await readFile(filePath, 'utf8'), filePath, kind);
  return { data: parsed.data, yamlProblems: parsed.yamlProblems };
}

/** `parseEntry(readFile(filePath))`'s data and YAML problems, parsed on a worker when there is a spare core. */
export async function parseEntryData(filePath: string, kind: EntryKind): Promise<EntryData> {
  if (broken || poolSize() < 1) return parseInProcess(filePath, kind);
  workers ??= startWorkers();
  // The least busy worker.
  const target = workers.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
  const id = nextId++;
  try {
    return await new Promise<EntryData>((resolve, reject) => {
      if (target.pending.size === 0) target.worker.ref();
      target.pending.set(id, { resolve, reject });
      target.worker.postMessage({ id, filePath, kind });
    });
  } catch (error) {
    if ((error as { retryInProcess?: boolean }).retryInProcess) return parseInProcess(filePath, kind);
    throw error;
  }
}
