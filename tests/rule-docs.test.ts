/**
 * The rules' documentation comes from their metadata: the README's table and
 * docs/rules.md are what `npm run docs` writes, and every diagnostic links to a
 * section that exists there.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';
import { RULE_DOCS, renderRulesPage, renderRuleTable, replaceBlock, ruleUrl, runCheck } from '../src/check/index.ts';

const ROOT = join(import.meta.dirname, '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const page = readFileSync(join(ROOT, 'docs/rules.md'), 'utf8');

/** The anchors GitHub gives the page's headings, in order (duplicates get -1, -2). */
function anchorsOf(markdown: string): string[] {
  const slugger = new GithubSlugger();
  return [...markdown.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slugger.slug(m[1]));
}

describe('rule documentation', () => {
  it('README and docs/rules.md are what npm run docs generates (run it after changing a rule)', () => {
    expect(readme).toBe(replaceBlock(readme, 'rules', renderRuleTable()));
    expect(page).toBe(renderRulesPage());
  });

  it('every rule has its own section, and its diagnostics link to it', async () => {
    const anchors = anchorsOf(page);
    for (const d of RULE_DOCS) {
      const anchor = ruleUrl(d.id).split('#')[1];
      expect(
        anchors.filter((a) => a === anchor),
        d.id,
      ).toHaveLength(1);
    }
    const result = await runCheck({ root: join(ROOT, 'tests/fixtures/check/kb'), workers: 0 });
    const messages = result.files.flatMap((f) => f.messages);
    expect(messages.length).toBeGreaterThan(10);
    for (const m of messages) expect(m.url).toBe(ruleUrl(String(m.ruleId)));
  });
});
