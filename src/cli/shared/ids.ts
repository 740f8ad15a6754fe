/**
 * Stable incident ids (`INC-2019-001`). The next free id is found from the ids
 * and aliases already in the content root, under a lock file so that two
 * scaffolds started at the same moment never hand out the same id.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { glob } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { setTimeout as sleep } from 'node:timers/promises';
import { frontmatterKeysOf, listContentFiles, readHead } from '../../core/content.ts';
import { INCIDENT_ID } from '../../schema/incident.ts';
import { CliError } from './args.ts';
import { notWritable } from './fs-safe.ts';

export function formatIncidentId(year: number, n: number): string {
  return `INC-${year}-${String(n).padStart(3, '0')}`;
}

/** Every incident id and alias used under the content root, read from frontmatter. */
export async function incidentIdsInUse(root: string): Promise<Set<string>> {
  return idsInFiles(await listContentFiles(root, 'incident'));
}

/** The same for every markdown file under any folder (an `import --out` folder outside the content root). */
export async function incidentIdsInFolder(dir: string): Promise<Set<string>> {
  const paths: string[] = [];
  try {
    for await (const f of glob('**/*.{md,mdx}', { cwd: dir })) paths.push(join(dir, f));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return idsInFiles(paths);
}

function idsInFiles(paths: string[]): Set<string> {
  const used = new Set<string>();
  const texts = paths.map(readHead);
  // Just the two keys first: a full YAML parse per file is too slow on a large corpus.
  const picked = frontmatterKeysOf(texts, ['id', 'aliases']);
  for (const [i, text] of texts.entries()) {
    const fm = text.match(/^---\r?\n([\s\S]*?)\r?\n---/)?.[1] ?? '';
    let data: { id?: unknown; aliases?: unknown } | undefined = picked[i];
    if (!data) {
      try {
        data = parse(fm) ?? undefined;
      } catch {
        data = undefined;
      }
    }
    if (data && typeof data === 'object') {
      if (typeof data.id === 'string') used.add(data.id);
      if (Array.isArray(data.aliases)) for (const a of data.aliases) if (typeof a === 'string') used.add(a);
    } else {
      // Broken YAML must not free its id for reuse: fall back to a line scan.
      for (const m of fm.matchAll(/^id:\s*["']?(INC-\d{4}-\d{3,})/gm)) used.add(m[1]);
    }
  }
  return used;
}

/** The lowest unused `INC-<year>-NNN` above every id already used for that year. */
export function nextIncidentId(used: Set<string>, year: number): string {
  let max = 0;
  for (const id of used) {
    if (!INCIDENT_ID.test(id)) continue;
    const [, y, n] = id.split('-');
    if (Number(y) === year) max = Math.max(max, Number(n));
  }
  return formatIncidentId(year, max + 1);
}

/** Whether the process that wrote a lock is gone (same machine, pid no longer running). */
function ownerIsDead(lock: string): { dead: boolean; pid?: number } {
  let pid: number | undefined;
  try {
    const [p, host] = readFileSync(lock, 'utf8').split('\n');
    pid = Number(p);
    if (!Number.isInteger(pid) || pid <= 0 || host !== hostname()) return { dead: false, pid };
    process.kill(pid, 0);
    return { dead: false, pid };
  } catch (error) {
    return { dead: (error as NodeJS.ErrnoException)?.code === 'ESRCH', pid };
  }
}

/**
 * Run `fn` while holding `<root>/incidents/.kb-id.lock`, a file created with
 * O_EXCL that holds the owner's pid and host. A lock whose owner is gone
 * (killed, even with SIGKILL) is taken over at once, with a one-line note; a
 * lock older than `staleMs` is taken over too (an owner on another machine).
 */
export async function withIdLock<T>(
  root: string,
  fn: () => Promise<T>,
  { timeoutMs = 10_000, staleMs = 30_000, note = (m: string): void => void process.stderr.write(`${m}\n`) } = {},
): Promise<T> {
  const lock = join(root, 'incidents', '.kb-id.lock');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, `${process.pid}\n${hostname()}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        try {
          mkdirSync(join(root, 'incidents'), { recursive: true });
        } catch (mkdirError) {
          throw notWritable(lock, mkdirError) ?? mkdirError;
        }
        continue;
      }
      if (code !== 'EEXIST') throw notWritable(lock, error) ?? error;
      const owner = ownerIsDead(lock);
      try {
        if (owner.dead) {
          rmSync(lock, { force: true });
          note(`note: took over the id lock ${lock} left by process ${owner.pid}, which is no longer running`);
          continue;
        }
        if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { force: true });
      } catch {
        /* gone already */
      }
      if (Date.now() > deadline)
        throw new CliError(
          `another new-incident or import is allocating ids (lock ${lock}${owner.pid ? `, process ${owner.pid}` : ''}); wait for it, or delete the lock if nothing is running`,
          2,
        );
      await sleep(20 + Math.random() * 30);
    }
  }
  const release = () => rmSync(lock, { force: true });
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    release();
    process.removeListener('exit', release);
  }
}
