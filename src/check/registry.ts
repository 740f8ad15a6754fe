/** Every rule module, in report order, and how config levels apply to their ids. */
import type { KbConfig } from '../schema/config.ts';
import { syntaxRule } from './rules/syntax.ts';
import { schemaRule } from './rules/schema.ts';
import { structureRule } from './rules/structure.ts';
import { timeRule } from './rules/time.ts';
import { linksRule } from './rules/links.ts';
import { remediationRule } from './rules/remediation.ts';
import { blamelessRule } from './rules/blameless.ts';
import { sensitiveRule } from './rules/sensitive.ts';
import { editionsRule } from './rules/editions.ts';
import type { Level, Rule, RuleDoc } from './types.ts';

/** Findings about the check itself: config, silencing comments, crashes. */
const metaRule: Rule = {
  docs: [
    { id: 'config', level: 'error', doc: 'kb.config.yaml is invalid, or `rules:` names an unknown rule or level.' },
    { id: 'ignore/reason', level: 'error', doc: 'A kb-ignore comment gives no reason (after a colon); it silences nothing.' },
    { id: 'ignore/unknown-rule', level: 'error', doc: 'A kb-ignore comment names a rule id that does not exist.' },
    { id: 'ignore/unused', level: 'warn', doc: 'A kb-ignore comment silences nothing; remove it.' },
    {
      id: 'ignore/secrets',
      level: 'error',
      doc: 'A kb-ignore comment names a secrets/* rule: a secret cannot be silenced in place. Remove and rotate it, or list a reviewed false positive by its fingerprint in `secrets_allow`.',
    },
    { id: 'internal', level: 'error', doc: 'check itself failed on this file (a bug: please report it with the file).' },
  ],
};

export const RULES: Rule[] = [
  syntaxRule,
  schemaRule,
  structureRule,
  timeRule,
  linksRule,
  remediationRule,
  blamelessRule,
  sensitiveRule,
  editionsRule,
  metaRule,
];

export const RULE_DOCS: RuleDoc[] = RULES.flatMap((r) => r.docs);
const DOC_BY_ID = new Map(RULE_DOCS.map((d) => [d.id, d]));

export function ruleDoc(id: string): RuleDoc | undefined {
  return DOC_BY_ID.get(id);
}

/** `schema`, `pii/email`, or a family wildcard `pii/*`. */
export function isKnownRulePattern(pattern: string): boolean {
  if (DOC_BY_ID.has(pattern)) return true;
  if (pattern.endsWith('/*')) {
    const family = pattern.slice(0, -1);
    return RULE_DOCS.some((d) => d.id.startsWith(family) || d.id === pattern.slice(0, -2));
  }
  return false;
}

/** The level a rule runs at: `rules:` in config (exact id, then `family/*`), else its default. */
export function levelFor(ruleId: string, config: Pick<KbConfig, 'rules'>): Level {
  const rules = config.rules ?? {};
  const configured = rules[ruleId] ?? rules[`${ruleId.split('/')[0]}/*`];
  if (configured) return configured;
  return DOC_BY_ID.get(ruleId)?.level ?? 'error';
}

/** One level lower: a soft finding (e.g. a draft's missing section). */
export function soften(level: Level): Level {
  return level === 'error' ? 'warn' : level === 'warn' ? 'info' : level;
}
