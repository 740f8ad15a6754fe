/** `npm run bench`: see `--help`, README "Performance" and bench/cli.ts. */
import { resolve } from 'node:path';
import { runBenchCommand } from '../bench/cli.ts';

process.exitCode = await runBenchCommand(process.argv.slice(2), resolve(import.meta.dirname, '..'));
