/** `npm run docs`: rewrite the README's rule table and docs/rules.md from the rules' metadata (src/check/docs.ts). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRulesPage, renderRuleTable, replaceBlock } from '../src/check/docs.ts';

const root = join(import.meta.dirname, '..');
const readme = join(root, 'README.md');
writeFileSync(readme, replaceBlock(readFileSync(readme, 'utf8'), 'rules', renderRuleTable()));
writeFileSync(join(root, 'docs/rules.md'), renderRulesPage());
process.stdout.write('docs: wrote the README rule table and docs/rules.md\n');
