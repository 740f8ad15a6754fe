/** `npm run new-playbook`: see `--help` and README "npm run new-playbook". */
import { processIO } from '../src/lib/scaffold/cli.ts';
import { runNewPlaybook } from '../src/lib/scaffold/playbook.ts';

// Ctrl-C outside a prompt (prompts handle it themselves): exit through the 'exit' handlers, which remove temporary files.
process.on('SIGINT', () => process.exit(130));
// `... --dry-run | head` closes the pipe early; that is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
process.exitCode = await runNewPlaybook(process.argv.slice(2), processIO());
