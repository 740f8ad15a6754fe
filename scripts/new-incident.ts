/** `npm run new-incident`: see `--help` and README "npm run new-incident". */
import { enableCompileCache } from 'node:module';

// Reuse compiled (and type-stripped) modules across runs: halves startup.
// Must run before the imports below, hence the dynamic imports.
enableCompileCache();
const { processIO } = await import('../src/cli/shared/io.ts');
const { runNewIncident } = await import('../src/cli/new-incident/command.ts');

const { exitOnSignals } = await import('../src/cli/shared/fs-safe.ts');
// Ctrl-C outside a prompt (prompts handle it themselves), kill, a closed terminal: exit through the
// 'exit' handlers, which drop the id lock and any temporary file.
exitOnSignals();
// `... --dry-run | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
process.exitCode = await runNewIncident(process.argv.slice(2), processIO());
