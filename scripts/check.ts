#!/usr/bin/env node
/** `npm run check`: see `--help`, README "npm run check" and src/cli/check/command.ts. */
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { runCheckCommand } = await import('../src/cli/check/command.ts');
process.exitCode = await runCheckCommand(process.argv.slice(2));
