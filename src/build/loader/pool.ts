/**
 * `processEntry()` for the site loader, on worker threads: parsing and
 * rendering every content file is most of a cold build's content sync, and on
 * the main thread it would use one core of the machine. The main thread only
 * validates and stores the results.
 *
 * `KB_PARSE_WORKERS` sets the number of workers (default: one per core, at
 * most 4; 0 processes in-process). A worker that can't start or dies hands its
 * files back to be processed in-process, so no entry is lost. Workers hold the
 * process open only while they have work.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { CheckEnv } from '../../check/file.ts';
import { processEntry, type EntryJob, type EntryResult, type RenderOptions } from './process-entry.ts';

interface Pending {
  job: EntryJob;
  resolve(value: EntryResult): void;
  reject(error: Error): void;
}

interface PoolWorker {
  worker: Worker;
  pending: Map<number, Pending>;
}

export function poolSize(): number {
  const env = process.env.KB_PARSE_WORKERS;
  if (env !== undefined && /^\d+$/.test(env)) return Number(env);
  return Math.min(4, availableParallelism());
}

/**
 * Jobs in flight per worker: one being processed and one waiting, so a worker
 * never idles between jobs. More would start renders concurrently inside the
 * worker (each job is async), which only adds live trees and GC.
 */
const IN_FLIGHT = 2;

export class EntryPool {
  #options: RenderOptions;
  #workers: PoolWorker[] | undefined;
  #queue: Pending[] = [];
  #checkEnv: CheckEnv | undefined;
  #broken = false;
  #nextId = 0;

  constructor(options: RenderOptions) {
    this.#options = options;
  }

  #start(): PoolWorker[] {
    const list: PoolWorker[] = [];
    for (let i = 0; i < poolSize(); i++) {
      const worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: this.#options });
      const entry: PoolWorker = { worker, pending: new Map() };
      worker.unref();
      worker.on('message', (msg: { id: number; result?: EntryResult; error?: string }) => {
        const job = entry.pending.get(msg.id);
        if (!job) return;
        entry.pending.delete(msg.id);
        if (msg.error !== undefined) job.reject(new Error(msg.error));
        else job.resolve(msg.result!);
        this.#feed(entry);
        if (entry.pending.size === 0) worker.unref();
      });
      const fail = (error: Error) => {
        this.#broken = true;
        const orphans = [...entry.pending.values(), ...this.#queue.splice(0)];
        entry.pending.clear();
        for (const p of orphans) processEntry(p.job, this.#options, this.#checkEnv).then(p.resolve, p.reject);
        if (orphans.length)
          process.emitWarning(`content worker failed (${error.message}); ${orphans.length} files processed in-process instead`);
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (entry.pending.size) fail(new Error(`exited with code ${code}`));
      });
      if (this.#checkEnv) worker.postMessage({ checkEnv: this.#checkEnv });
      list.push(entry);
    }
    return list;
  }

  /** The configuration for jobs with `check` (sent to every worker before any such job). */
  setCheckEnv(env: CheckEnv): void {
    this.#checkEnv = env;
    for (const w of this.#workers ?? []) w.worker.postMessage({ checkEnv: env });
  }

  /** Send queued jobs to a worker until it has IN_FLIGHT. */
  #feed(target: PoolWorker): void {
    while (target.pending.size < IN_FLIGHT && this.#queue.length) {
      const next = this.#queue.shift()!;
      const id = this.#nextId++;
      if (target.pending.size === 0) target.worker.ref();
      target.pending.set(id, next);
      target.worker.postMessage({ id, job: next.job });
    }
  }

  run(job: EntryJob): Promise<EntryResult> {
    if (this.#broken || poolSize() < 1) return processEntry(job, this.#options, this.#checkEnv);
    this.#workers ??= this.#start();
    return new Promise<EntryResult>((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      const idle = this.#workers!.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      this.#feed(idle);
    });
  }

  /** Start the workers now and have them load the parser and renderer, so the first files don't wait for it. */
  warmUp(): void {
    if (this.#broken || poolSize() < 1 || this.#workers) return;
    this.#workers = this.#start();
    for (const w of this.#workers) w.worker.postMessage({ warmUp: true });
  }

  async close(): Promise<void> {
    const workers = this.#workers ?? [];
    this.#workers = undefined;
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/** Plain-data renderer options from Astro's resolved config (what its markdown entry type hands the processor). */
export function rendererOptionsOf(config: { markdown: Record<string, unknown>; image: unknown }): RenderOptions {
  const { markdown, image } = config;
  return JSON.parse(
    JSON.stringify({
      image,
      syntaxHighlight: markdown.syntaxHighlight,
      shikiConfig: markdown.shikiConfig,
      gfm: markdown.gfm,
      smartypants: markdown.smartypants,
    }),
  ) as RenderOptions;
}

const SHARED = Symbol.for('kb.entryPool');
type Shared = { key: string; pool: EntryPool };

/**
 * The process's pool for these options. Astro loads astro.config.mjs and the
 * content config as separate module graphs, so the pool lives on globalThis:
 * the kb:content integration starts it while Astro boots, the loader uses it.
 */
export function sharedPool(options: RenderOptions): EntryPool {
  const key = JSON.stringify(options);
  const g = globalThis as { [SHARED]?: Shared };
  if (g[SHARED]?.key !== key) g[SHARED] = { key, pool: new EntryPool(options) };
  return g[SHARED].pool;
}

/** Forget the shared pool (after closing it). */
export function releaseSharedPool(pool: EntryPool): void {
  const g = globalThis as { [SHARED]?: Shared };
  if (g[SHARED]?.pool === pool) delete g[SHARED];
}
