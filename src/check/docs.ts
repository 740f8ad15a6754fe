/**
 * The rules' documentation, made from their metadata: the table in the README
 * and docs/rules.md, one section per rule, which every diagnostic links to
 * (`ruleUrl`). `npm run docs` writes both; a test fails when either is stale.
 */
import GithubSlugger from 'github-slugger';
import { RULE_DOCS, RULES } from './registry.ts';
import type { RuleDoc } from './types.ts';

/** Where docs/rules.md is published: the project's repository. */
export const RULES_PAGE = 'https://github.com/incident-kb/incident-kb/blob/main/docs/rules.md';

/** The heading anchor GitHub (and the site's slugger) gives a rule's section. */
export function ruleAnchor(id: string): string {
  return new GithubSlugger().slug(id);
}

/** The documentation of one rule: what every diagnostic of that rule links to. */
export function ruleUrl(id: string): string {
  return `${RULES_PAGE}#${ruleAnchor(id)}`;
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The README's rule table (between `<!-- rules -->` and `<!-- /rules -->`). */
export function renderRuleTable(docs: readonly RuleDoc[] = RULE_DOCS): string {
  return [
    '| rule id | default | what it reports |',
    '| --- | --- | --- |',
    ...docs.map((d) => `| [\`${d.id}\`](docs/rules.md#${ruleAnchor(d.id)}) | ${d.level} | ${cell(d.doc)} |`),
  ].join('\n');
}

const FAMILY_TITLES: Record<string, string> = {
  yaml: 'Syntax rules',
  schema: 'Schema rules',
  structure: 'Structure rules',
  time: 'Time rules',
  links: 'Link rules',
  remediation: 'Remediation rules',
  blameless: 'Blameless wording rules',
  secrets: 'Secret and personal-data rules',
  config: 'Rules about the check itself',
};

/** docs/rules.md: every rule under its family, with its default level and what it reports. */
export function renderRulesPage(): string {
  const out = [
    '# The rules of `npm run check`',
    '',
    '<!-- Generated from the rules’ metadata by `npm run docs`; edit src/check/rules/*.ts, not this file. -->',
    '',
    'Every diagnostic links to its rule’s section here. Set a rule’s level under `rules:` in',
    '`kb.config.yaml` (`off`, `warn`, `error`; by id or by family, `pii/*`), and silence one finding',
    'with a comment that gives a reason: `<!-- kb-ignore <rule-id>: <reason> -->` in markdown,',
    '`# kb-ignore <rule-id>: <reason>` in frontmatter. See the README, "npm run check".',
  ];
  for (const rule of RULES) {
    const first = rule.docs[0]?.id ?? '';
    out.push('', `## ${FAMILY_TITLES[first.split('/')[0]] ?? first}`);
    for (const d of rule.docs) out.push('', `### ${d.id}`, '', `Default level: **${d.level}**.`, '', d.doc);
  }
  return `${out.join('\n')}\n`;
}

/** Replace the text between `<!-- name -->` and `<!-- /name -->` in a markdown file. */
export function replaceBlock(markdown: string, name: string, content: string): string {
  const open = `<!-- ${name} -->`;
  const close = `<!-- /${name} -->`;
  const i = markdown.indexOf(open);
  const j = markdown.indexOf(close);
  if (i < 0 || j < i) throw new Error(`no ${open} … ${close} block`);
  return `${markdown.slice(0, i + open.length)}\n${content}\n${markdown.slice(j)}`;
}
