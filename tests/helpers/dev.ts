/**
 * `npm run dev` on a free loopback port over a content root, for tests of the
 * dev server: waits until it serves, collects what it prints, and stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import { BUILD_LOCK, ROOT, TMP } from './site.ts';

export interface DevServer {
  url: string;
  /** Everything the server printed so far (colours removed). */
  output(): string;
  /** Wait until the output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** A loopback port that was free a moment ago (for a server this process does not start itself). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Hold the build lock until `release` is called: the dev server writes the content module list for its
 * content root into `.astro/` as it starts, as a build does, so a build running then could take the
 * dev server's entries for its own.
 */
async function holdBuildLock(): Promise<{ release(): void }> {
  mkdirSync(TMP, { recursive: true });
  const holder = spawn('flock', [BUILD_LOCK, 'sh', '-c', 'echo held; read _'], { stdio: ['pipe', 'pipe', 'ignore'] });
  await once(holder.stdout!, 'data');
  return { release: () => holder.stdin!.end() };
}

export async function startDev(contentDir: string, env: Record<string, string> = {}): Promise<DevServer> {
  const port = await freePort();
  const lock = await holdBuildLock();
  let out = '';
  const child: ChildProcess = spawn('npm', ['run', 'dev', '--silent', '--', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      VITEST: '',
      KB_CONTENT_DIR: contentDir,
      ASTRO_TELEMETRY_DISABLED: '1',
      NO_COLOR: '1',
      ...env,
    },
    detached: true,
  });
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const output = () => stripVTControlCharacters(out);
  const waitFor = async (pattern: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = pattern.exec(output());
      if (m) return m[0];
      if (child.exitCode !== null) throw new Error(`dev server exited:\n${output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`dev server never printed ${pattern}:\n${output()}`);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(new RegExp(`127\\.0\\.0\\.1:${port}`));
    await waitFor(/watching for file changes/);
  } finally {
    lock.release();
  }
  return {
    url,
    output,
    waitFor,
    stop: async () => {
      if (child.exitCode !== null) return;
      process.kill(-child.pid!, 'SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}
