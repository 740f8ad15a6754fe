#!/usr/bin/env node
/** `npm run action-items -- list|export|notify`: see `--help`, README "Working in a team" and src/cli/action-items/command.ts. */
import { runActionItems } from '../src/cli/action-items/command.ts';

process.exitCode = await runActionItems(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
