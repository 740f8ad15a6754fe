#!/usr/bin/env node
/** `npm run hooks:install [-- --uninstall]`: see src/cli/hooks/install.ts. */
import { runHooksInstall } from '../src/cli/hooks/install.ts';

process.exitCode = await runHooksInstall(process.argv.slice(2));
