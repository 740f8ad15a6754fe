#!/usr/bin/env node
/**
 * The pre-commit hook's entry point (`npm run hooks:install` installs a hook
 * that runs it): see src/cli/hooks/pre-commit.ts. Plain JavaScript, unlike the
 * other scripts: Node loads its TypeScript stripper (~120 ms) for a .ts entry
 * before that entry can turn the compile cache on, and with the cache on it
 * never needs the stripper for the modules imported after.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { runPreCommit } = await import('../src/cli/hooks/pre-commit.ts');
process.exitCode = await runPreCommit();
