/** `npm run new-playbook`: see `--help` and README "npm run new-playbook". */
import { enableCompileCache } from 'node:module';

// Reuse compiled (and type-stripped) modules across runs: halves startup.
// Must run before the imports below, hence the dynamic imports.
enableCompileCache();
const { processIO } = await import('../src/cli/shared/io.ts');
const { runNewPlaybook } = await import('../src/cli/new-playbook/command.ts');

const { exitOnSignals } = await import('../src/cli/shared/fs-safe.ts');
// Ctrl-C outside a prompt (prompts handle it themselves), kill, a closed terminal: exit through the 'exit' handlers.
exitOnSignals();
// `... --dry-run | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
process.exitCode = await runNewPlaybook(process.argv.slice(2), processIO());
