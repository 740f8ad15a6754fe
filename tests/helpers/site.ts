import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');
export const TMP = join(ROOT, 'tests/.tmp');
/** Held (flock) while Astro writes the content module list for a content root into the project's shared `.astro/`. */
export const BUILD_LOCK = join(TMP, 'build.lock');

export interface BuiltSite {
  outDir: string;
  stdout: string;
  stderr: string;
  read(path: string): string;
  json<T = unknown>(path: string): T;
  exists(path: string): boolean;
}

/**
 * Build the real site (`npm run build [-- ARGS]`) over a content root, into its own
 * output and cache folders.
 */
export async function buildSite(
  contentDir: string,
  name: string,
  env: Record<string, string> = {},
  args: string[] = [],
): Promise<BuiltSite> {
  const outDir = join(TMP, name, 'dist');
  const cacheDir = join(TMP, name, 'cache');
  rmSync(join(TMP, name), { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  // One build at a time across test workers: Astro writes the content module list for the
  // content root being built into the project's shared `.astro/` folder, so two builds of
  // different roots at once can pick up each other's entries.
  mkdirSync(TMP, { recursive: true });
  const { stdout, stderr } = await run('flock', [BUILD_LOCK, 'npm', 'run', 'build', '--silent', ...(args.length ? ['--', ...args] : [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      KB_CONTENT_DIR: resolve(ROOT, contentDir),
      KB_OUT_DIR: outDir,
      KB_CACHE_DIR: cacheDir,
      ASTRO_TELEMETRY_DISABLED: '1',
      ...env,
    },
    maxBuffer: 64 * 1024 * 1024,
  });
  const file = (p: string) => join(outDir, p.replace(/^\//, ''));
  return {
    outDir,
    stdout,
    stderr,
    read: (p) => readFileSync(file(p), 'utf8'),
    json: (p) => JSON.parse(readFileSync(file(p), 'utf8')),
    exists: (p) => existsSync(file(p)),
  };
}
