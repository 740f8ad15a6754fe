/**
 * `npm run check` as a library: import and new-incident call `runCheck` on the
 * files they write; the CLI (`scripts/check.ts`) is a thin wrapper.
 */
export {
  runCheck,
  finishCheck,
  readCheckConfig,
  exitCodeFor,
  positionFinder,
  type CheckOptions,
  type CheckResult,
  type FinishOptions,
  type FixRecord,
} from './runner.ts';
export { formatReport, type ReportOptions } from './report.ts';
export { RULES, RULE_DOCS, ruleDoc, levelFor, isKnownRulePattern } from './registry.ts';
export type { Finding, Level, Rule, RuleDoc } from './types.ts';
