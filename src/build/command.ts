/**
 * `npm run build`: `astro build` (the content check runs inside it), and what
 * Astro's own command does not do: a failed build leaves no partial output
 * folder that looks like a site, and a failure reads as messages, not stack
 * traces (KB_DEBUG=1 keeps them).
 */
import { resolve } from 'node:path';
import { listContentFiles } from '../core/content.ts';
import { contentRoot } from '../core/config.ts';
import { removeFailedOutput } from './output-gate.ts';
import { EditionError, editionOf } from '../core/editions.ts';

/** A line of a JavaScript stack trace, as Astro's logger prints them after an error. */
const STACK_FRAME = /^\s+at .+(?:\(.+:\d+:\d+\)|:\d+:\d+)\s*$/;

/** Drop stack-trace lines from what the build prints (unless KB_DEBUG is set). */
function withoutStackTraces(): () => void {
  if (process.env.KB_DEBUG) return () => {};
  const originals = [process.stdout.write, process.stderr.write] as const;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (!text.includes('    at ')) return write(chunk, ...(rest as []));
      const kept = text
        .split('\n')
        .filter((line) => !STACK_FRAME.test(line))
        .join('\n');
      return kept ? write(kept, ...(rest as [])) : true;
    }) as typeof stream.write;
  }
  return () => {
    process.stdout.write = originals[0];
    process.stderr.write = originals[1];
  };
}

/**
 * `--edition public` (or `--edition=public`): the same as KB_EDITION=public, which
 * astro.config.mjs and the content loader read.
 */
function takeEdition(argv: string[]): string[] {
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--edition' || a.startsWith('--edition=')) {
      const value = a === '--edition' ? argv[++i] : a.slice('--edition='.length);
      if (!value) throw new EditionError('--edition needs a value: internal or public');
      process.env.KB_EDITION = editionOf({}, value);
    } else rest.push(a);
  }
  return rest;
}

export async function runBuild(argv: string[], projectDir: string): Promise<number> {
  try {
    argv = takeEdition(argv);
    editionOf(); // a misspelt KB_EDITION stops here, before anything is built
  } catch (error) {
    if (!(error instanceof EditionError)) throw error;
    process.stderr.write(`build: ${error.message}\n`);
    return 2;
  }
  const { build } = await import('astro');
  const outDir = resolve(projectDir, process.env.KB_OUT_DIR || 'dist');
  const restore = withoutStackTraces();
  try {
    await build({ root: projectDir, ...(argv.includes('--verbose') ? { logLevel: 'debug' } : {}) });
    return 0;
  } catch (error) {
    const root = contentRoot();
    const removed = removeFailedOutput(outDir, [projectDir, root]);
    let message = (error as Error)?.message ?? String(error);
    // Astro names the page, not the file, when an MDX body fails while it renders (an undefined component or variable).
    if (/MDX/.test((error as { hint?: string }).hint ?? '')) {
      const mdx = (await Promise.all([listContentFiles(root, 'incident'), listContentFiles(root, 'playbook')]))
        .flat()
        .filter((f) => f.endsWith('.mdx'));
      message += `\nAn .mdx body failed while rendering; it is one of: ${mdx.map((f) => f.slice(root.length + 1)).join(', ') || '(no .mdx file found)'}`;
    }
    process.stderr.write(
      `\nbuild failed: ${message}${removed ? `\nThe partial output in ${outDir} was removed; nothing is left to deploy.` : ''}\n${process.env.KB_DEBUG ? `${(error as Error)?.stack ?? ''}\n` : ''}`,
    );
    return 1;
  } finally {
    restore();
  }
}
