/**
 * The `yaml` library (70 modules), loaded the first time a caller needs it:
 * most frontmatter and every config we know of is read by the fast path
 * (`yaml-fast.ts`), so a process that only checks a few files (the pre-commit
 * hook) never pays for it.
 */
import { createRequire } from 'node:module';

let yamlModule: typeof import('yaml') | undefined;

export const yamlLib = (): typeof import('yaml') => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));
