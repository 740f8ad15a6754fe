#!/usr/bin/env node
/** The pre-commit hook's entry point (`npm run hooks:install` installs it): see src/cli/hooks/pre-commit.ts. */
import { enableCompileCache } from 'node:module';

enableCompileCache();
const { runPreCommit } = await import('../src/cli/hooks/pre-commit.ts');
process.exitCode = await runPreCommit();
