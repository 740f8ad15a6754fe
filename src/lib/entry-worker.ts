/**
 * Worker side of `entry-pool.ts`: `processEntry()` one file per message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { processEntry, warmUp, type EntryJob, type RendererOptions } from './entry-render.ts';

const options = (workerData ?? {}) as RendererOptions;

parentPort?.on('message', async ({ id, job, warmUp: warm }: { id: number; job: EntryJob; warmUp?: boolean }) => {
  if (warm) return void warmUp(options).catch(() => {}); // a real job reports any error
  try {
    parentPort?.postMessage({ id, result: await processEntry(job, options) });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
