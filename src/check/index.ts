/**
 * `npm run check` as a library: import and new-incident call `runCheck` on the
 * files they write; the CLI (`scripts/check.ts`) is a thin wrapper.
 */
export { runCheck, exitCodeFor, positionFinder, type CheckOptions, type CheckResult, type FixRecord } from './runner.ts';
export { readCheckConfig } from './config.ts';
export type { CheckFocus } from './focus.ts';
export { finishCheck, type FinishOptions } from './finish.ts';
export { renderRulesPage, renderRuleTable, replaceBlock, ruleAnchor, ruleUrl } from './docs.ts';
export type { FixWriter } from './fix.ts';
export { formatReport, REPORT_FORMATS, escapeGithubData, escapeGithubProperty, type ReportFormat, type ReportOptions } from './report.ts';
export { RULES, RULE_DOCS, ruleDoc, levelFor, isKnownRulePattern } from './registry.ts';
export type { Finding, Level, Rule, RuleDoc } from './types.ts';
