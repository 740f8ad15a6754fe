/** `npm run renumber`: see `--help` and src/cli/renumber/command.ts. */
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { exitOnSignals } = await import('../src/cli/shared/fs-safe.ts');
exitOnSignals();
const { runRenumber } = await import('../src/cli/renumber/command.ts');
process.exitCode = await runRenumber(process.argv.slice(2));
