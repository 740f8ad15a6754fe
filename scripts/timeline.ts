/** `npm run timeline -- add INCIDENT SOURCE...`: see `--help`, README "Timeline from chat" and src/cli/timeline/command.ts. */
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { runTimeline } = await import('../src/cli/timeline/command.ts');
const { processIO } = await import('../src/cli/shared/io.ts');
// Ctrl-C: exit through the normal path so a half-written temporary file is removed; the incident is replaced atomically or not at all.
process.once('SIGINT', () => process.exit(130));
process.exitCode = await runTimeline(process.argv.slice(2), processIO());
