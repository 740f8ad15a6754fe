/** `npm run import`: see `--help`, README "npm run import" and src/cli/import/command.ts. */
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { runImport } = await import('../src/cli/import/command.ts');
// Ctrl-C: exit through the normal path so the id lock and temporary files are removed.
process.once('SIGINT', () => process.exit(130));
process.exitCode = await runImport(process.argv.slice(2));
