/**
 * `npm run schemas`: write the editors' JSON Schemas (schemas/*.json) from the
 * zod schemas and the content root's kb.config.yaml (src/schema/json-schema.ts).
 * Run it after changing severities or categories; a test fails while they are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contentRoot, loadConfig } from '../src/core/config.ts';
import { renderJsonSchemas } from '../src/schema/json-schema.ts';

const root = join(import.meta.dirname, '..');
for (const { path, text } of renderJsonSchemas(loadConfig(contentRoot()))) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  process.stdout.write(`schemas: wrote ${path}\n`);
}
