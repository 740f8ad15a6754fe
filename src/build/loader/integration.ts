/**
 * Astro integration: start the content loader's worker threads as soon as the
 * config is resolved, so they load the markdown parser and renderer while
 * Astro starts up (about a second and a half each) instead of after it.
 * The loader (`src/lib/loader.ts`) then finds the pool ready.
 */
import type { AstroIntegration } from 'astro';
import { rendererOptionsOf, sharedPool } from './pool.ts';

export default function kbContent(): AstroIntegration {
  let loadsContent = false;
  return {
    name: 'kb:content',
    hooks: {
      'astro:config:setup': ({ command }) => {
        loadsContent = command === 'build' || command === 'dev';
        // What pages ask to know whether they run under `astro dev` (src/site/kb.ts `devMode`): the
        // command, not the Vite mode or NODE_ENV, which a test runner or a shell may set to anything.
        process.env.KB_ASTRO_COMMAND = command;
      },
      'astro:config:done': ({ config }) => {
        if (loadsContent) sharedPool(rendererOptionsOf(config as never)).warmUp();
      },
    },
  };
}
