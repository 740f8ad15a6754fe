/**
 * `npm run build`: `astro build` (the content check runs inside it), and what
 * Astro's own command does not do: a failed build leaves no partial output
 * folder that looks like a site, and the failure is one message, not a stack.
 */
import { resolve } from 'node:path';
import { contentRoot } from '../core/config.ts';
import { removeFailedOutput } from './output-gate.ts';

export async function runBuild(argv: string[], projectDir: string): Promise<number> {
  const { build } = await import('astro');
  const outDir = resolve(projectDir, process.env.KB_OUT_DIR || 'dist');
  try {
    await build({ root: projectDir, ...(argv.includes('--verbose') ? { logLevel: 'debug' } : {}) });
    return 0;
  } catch (error) {
    const removed = removeFailedOutput(outDir, [projectDir, contentRoot()]);
    const message = (error as Error)?.message ?? String(error);
    process.stderr.write(
      `\nbuild failed: ${message.split('\n')[0]}${removed ? `\nThe partial output in ${outDir} was removed; nothing is left to deploy.` : ''}\n${process.env.KB_DEBUG ? `${(error as Error)?.stack ?? ''}\n` : ''}`,
    );
    return 1;
  }
}
