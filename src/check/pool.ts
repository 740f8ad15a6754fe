/**
 * The check's worker threads. A worker spends most of a second loading its
 * modules (parsers, schemas, rules) before it checks anything, so the CLI
 * starts them first thing (`prestartCheckWorkers`), while its own thread loads
 * the same modules; `runCheck` then takes them (`takeCheckWorkers`) and shares
 * the files between them and its own thread.
 *
 * Light on purpose: importing this module loads nothing but `worker_threads`.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface CheckWorker {
  worker: Worker;
  /** Resolves when the worker has loaded its modules and can take files. */
  ready: Promise<void>;
}

const WORKER_URL = new URL('./worker.ts', import.meta.url);
let prestarted: CheckWorker[] = [];

/** Worker threads that, with this thread, use every core (at most 7). */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 7));
}

function startWorker(): CheckWorker {
  const worker = new Worker(WORKER_URL);
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if ((m as { ready?: boolean })?.ready) {
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve();
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
  ready.catch(() => {}); // the taker sees the error
  return { worker, ready };
}

/** Start workers now so their start-up overlaps the caller's own; unused ones never keep the process alive. */
export function prestartCheckWorkers(count = defaultWorkerCount()): void {
  for (let i = prestarted.length; i < count; i++) {
    const w = startWorker();
    w.worker.unref();
    prestarted.push(w);
  }
}

/** `count` workers: the prestarted ones first; extra prestarted ones are stopped. */
export function takeCheckWorkers(count: number): CheckWorker[] {
  const taken = prestarted.slice(0, count);
  for (const w of prestarted.slice(count)) void w.worker.terminate();
  prestarted = [];
  while (taken.length < count) taken.push(startWorker());
  for (const w of taken) w.worker.ref();
  return taken;
}
