/**
 * Worker thread of the kb:pagefind integration: owns the Pagefind index (a
 * child process fed over stdio) while Astro renders. Encoding each page for
 * Pagefind and writing it to the child happens here, not on Astro's thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as pagefind from 'pagefind';

type Message = { type: 'add'; url: string; content: string } | { type: 'finish'; outputPath: string } | { type: 'close' };

const errors: string[] = [];
const pending = new Set<Promise<void>>();
const ready = pagefind.createIndex({ forceLanguage: (workerData as { language: string }).language }).then((r) => {
  if (r.errors.length || !r.index)
    throw new Error(r.errors.length ? `createIndex: ${r.errors.join('; ')}` : 'createIndex returned no index');
  return r.index;
});
ready.catch((error: Error) => errors.push(error.message));

parentPort?.on('message', async (m: Message) => {
  if (m.type === 'add') {
    const job: Promise<void> = ready
      .then((index) => index.addHTMLFile({ url: m.url, content: m.content }))
      .then((r) => void errors.push(...r.errors.map((e) => `addHTMLFile ${m.url}: ${e}`)))
      .catch((error: unknown) => void errors.push(`addHTMLFile ${m.url}: ${(error as Error)?.message ?? error}`))
      .finally(() => pending.delete(job));
    pending.add(job);
  } else if (m.type === 'finish') {
    const started = performance.now();
    let drainMs = 0;
    let writeMs = 0;
    try {
      const index = await ready;
      await Promise.all(pending);
      drainMs = performance.now() - started;
      if (!errors.length) {
        const r = await index.writeFiles({ outputPath: m.outputPath });
        errors.push(...r.errors.map((e) => `writeFiles: ${e}`));
        writeMs = performance.now() - started - drainMs;
      }
    } catch (error) {
      if (!errors.length) errors.push((error as Error)?.message ?? String(error));
    }
    parentPort?.postMessage({ errors, drainMs, writeMs });
  } else {
    await pagefind.close();
    parentPort?.close();
  }
});
