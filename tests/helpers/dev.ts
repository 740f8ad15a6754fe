/**
 * `npm run dev` on a free loopback port over a content root, for tests of the
 * dev server: waits until it serves, collects what it prints, and stops it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import { ROOT } from './site.ts';

export interface DevServer {
  url: string;
  /** Everything the server printed so far (colours removed). */
  output(): string;
  /** Wait until the output matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startDev(contentDir: string, env: Record<string, string> = {}): Promise<DevServer> {
  const port = await freePort();
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
  await waitFor(new RegExp(`127\\.0\\.0\\.1:${port}`));
  await waitFor(/watching for file changes/);
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
