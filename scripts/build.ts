/** `npm run build`: astro build, with no partial output left behind on failure (src/build/command.ts). */
import { resolve } from 'node:path';
import { runBuild } from '../src/build/command.ts';

process.exitCode = await runBuild(process.argv.slice(2), resolve(import.meta.dirname, '..'));
