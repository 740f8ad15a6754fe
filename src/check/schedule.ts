/**
 * Which files a check reads, and on which threads: every content file under
 * the root plus requested files outside it, checked on this thread alone
 * (a few reads in flight) or shared with worker threads for large roots.
 */
import { existsSync, statSync } from 'node:fs';
import { glob } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { readAndCheck, readAndCheckSync, type CheckEnv, type FileInput, type FileOutcome } from './file.ts';
import type { CheckWorker } from './pool.ts';

/** Run `fn` over `items` with at most `limit` in flight. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

export async function expandPath(p: string): Promise<string[]> {
  if (!existsSync(p)) return [];
  if (!statSync(p).isDirectory()) return [p];
  const files: string[] = [];
  for await (const f of glob('**/*.{md,mdx}', { cwd: p })) files.push(join(p, f));
  return files.sort();
}

export const within = (file: string, dir: string) => file === dir || file.startsWith(dir.endsWith(sep) ? dir : dir + sep);

/** Check files in this thread, a few reads in flight. */
export function checkHere(inputs: FileInput[], env: CheckEnv): Promise<FileOutcome[]> {
  return mapLimit(inputs, 16, (input) => readAndCheck(input, env));
}

/**
 * Check files on this thread and on worker threads at once, keeping the input
 * order: each takes the next files from one queue (a worker from when it has
 * loaded its modules, in batches that shrink towards the end so no thread
 * finishes long after the others).
 */
export async function checkShared(inputs: FileInput[], env: CheckEnv, workers: CheckWorker[]): Promise<FileOutcome[]> {
  const out = new Array<FileOutcome>(inputs.length);
  let next = 0;
  const batchSize = () => Math.max(4, Math.min(32, Math.ceil((inputs.length - next) / (4 * (workers.length + 1)))));
  let failed: unknown;
  /** Called when this thread is done: a worker that has not started by then is not waited for. */
  const unstarted = new Set<() => void>();
  const inWorker = (w: CheckWorker) =>
    new Promise<void>((resolveAll, reject) => {
      let inFlight = 0;
      unstarted.add(resolveAll);
      const send = () => {
        if (next >= inputs.length || failed) {
          if (!inFlight) resolveAll();
          return;
        }
        const start = next;
        next = Math.min(inputs.length, next + batchSize());
        inFlight++;
        w.worker.postMessage({ start, batch: inputs.slice(start, next) });
      };
      w.worker.on('message', (m: { start?: number; outcomes?: FileOutcome[] }) => {
        if (!m.outcomes) return;
        for (const [i, o] of m.outcomes.entries()) out[m.start! + i] = o;
        inFlight--;
        send();
      });
      const fail = (error: unknown) => {
        failed = error;
        reject(error);
      };
      w.worker.once('error', fail);
      w.worker.once('exit', (code) => fail(new Error(`check worker stopped (exit code ${code})`)));
      w.worker.postMessage({ env });
      // Two batches in flight, so a worker never waits for this thread to hand it more.
      w.ready.then(() => {
        unstarted.delete(resolveAll);
        send();
        send();
      }, fail);
    });
  const done = workers.map(inWorker);
  for (const p of done) p.catch(() => {});
  try {
    while (next < inputs.length && !failed) {
      const i = next++;
      out[i] = readAndCheckSync(inputs[i], env); // a blocking read: this thread would only wait otherwise
      if (i % 8 === 7) await nextTurn(); // let worker answers in, and send them more
    }
    for (const finish of unstarted) finish();
    await Promise.all(done);
  } finally {
    for (const w of workers) w.worker.removeAllListeners('exit');
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
  return out;
}

export function statSafeIsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
