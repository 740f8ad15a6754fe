/**
 * Worker side of `entry-pool.ts`: `processEntry()` one file per message. The
 * check configuration (`CheckEnv`) arrives once, before the files that need it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CheckEnv } from '../../check/file.ts';
import { processEntry, warmUp, type EntryJob, type RenderOptions } from './process-entry.ts';

const options = (workerData ?? {}) as RenderOptions;
let checkEnv: CheckEnv | undefined;

interface Message {
  id: number;
  job: EntryJob;
  warmUp?: boolean;
  checkEnv?: CheckEnv;
}

parentPort?.on('message', async ({ id, job, warmUp: warm, checkEnv: env }: Message) => {
  if (env) return void (checkEnv = env);
  if (warm) return void warmUp(options).catch(() => {}); // a real job reports any error
  try {
    parentPort?.postMessage({ id, result: await processEntry(job, options, checkEnv) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
