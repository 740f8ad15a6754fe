/**
 * Worker thread of the kb:pagefind integration: owns the Pagefind indexes (a
 * child process fed over stdio) while Astro renders. Encoding each page for
 * Pagefind and writing it to the child happens here, not on Astro's thread.
 *
 * Two indexes: the first (every playbook and the newest incidents) is the one
 * the search page loads; the archive (older incidents, `search.recent_incidents`)
 * is written to `archive/` inside the bundle, and the page loads it too only when
 * the reader searches older incidents. It keeps its own script and wasm (a second
 * Pagefind instance: Pagefind's own `mergeIndex` orders merged results by score
 * even when they are asked for by date), not Pagefind's UI files.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import * as pagefind from 'pagefind';
import { ARCHIVE_DIR, type Tier } from './archive.ts';

type Message = { type: 'add'; url: string; content: string; tier: Tier } | { type: 'finish'; outputPath: string } | { type: 'close' };

const errors: string[] = [];
const pending = new Set<Promise<void>>();
const indexes = new Map<Tier, ReturnType<typeof createIndex>>();
const indexOf = (tier: Tier) => {
  let index = indexes.get(tier);
  if (!index) indexes.set(tier, (index = createIndex()));
  return index;
};
// The first index always exists: a site whose pages are all archived (none, in practice) still gets a bundle.
indexOf('first').catch((error: Error) => errors.push(error.message));

function createIndex() {
  return pagefind.createIndex({ forceLanguage: (workerData as { language: string }).language }).then((r) => {
    if (r.errors.length || !r.index)
      throw new Error(r.errors.length ? `createIndex: ${r.errors.join('; ')}` : 'createIndex returned no index');
    return r.index;
  });
}

parentPort?.on('message', async (m: Message) => {
  if (m.type === 'add') {
    const job: Promise<void> = indexOf(m.tier)
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
      await Promise.all(pending);
      drainMs = performance.now() - started;
      if (!errors.length) {
        const first = await indexOf('first');
        errors.push(...(await first.writeFiles({ outputPath: m.outputPath })).errors.map((e) => `writeFiles: ${e}`));
        const archive = indexes.get('archive');
        if (archive && !errors.length) {
          const dir = join(m.outputPath, ARCHIVE_DIR);
          errors.push(...(await (await archive).writeFiles({ outputPath: dir })).errors.map((e) => `writeFiles (archive): ${e}`));
          withoutUi(dir);
        }
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

/** The archive is searched through its `pagefind.js` and wasm: drop the UI scripts and styles Pagefind writes beside them. */
function withoutUi(dir: string): void {
  for (const name of readdirSync(dir)) if (/\.(?:js|css)$/.test(name) && name !== 'pagefind.js') rmSync(join(dir, name), { force: true });
}
