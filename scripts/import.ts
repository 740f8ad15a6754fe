/** `npm run import`: see `--help`, README "npm run import" and src/cli/import/command.ts. */
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { runImport } = await import('../src/cli/import/command.ts');
const { exitOnSignals } = await import('../src/cli/shared/fs-safe.ts');
// Ctrl-C, kill, a closed terminal: exit through the 'exit' handlers, which remove the id lock and temporary files.
exitOnSignals();
process.exitCode = await runImport(process.argv.slice(2));
