/** `secrets/*` (errors) and `pii/*` (warnings, masked by `--fix`), over the whole file, code blocks included. */
import { redact, scanSensitive, sensitiveRules } from '../../secrets.ts';
import type { Rule, RuleDoc } from '../types.ts';

const docs: RuleDoc[] = sensitiveRules().map((r) => ({
  id: r.ruleId,
  level: r.kind === 'secret' ? 'error' : 'warn',
  doc:
    r.kind === 'secret'
      ? `A ${r.labels.join(' or ')} is in the file: remove it and rotate it (git history keeps it).`
      : `A ${r.labels.join(' or ')} is in the file: mask it (\`--fix\` does).`,
}));

export const sensitiveRule: Rule = {
  docs,
  checkFile({ file, config, position, report }) {
    for (const m of scanSensitive(file.text, { allow: config.pii_allow })) {
      const start = position(m.start);
      const end = position(m.end);
      if (m.kind === 'secret') {
        report({ ruleId: m.ruleId, ...start, endLine: end.line, endColumn: end.column, message: `${m.label} (${redact(m)}): remove it from the file and rotate it; it stays in git history` });
      } else {
        report({
          ruleId: m.ruleId,
          ...start,
          endLine: end.line,
          endColumn: end.column,
          message: `${m.label} (masked: ${m.mask}); mask it before publishing (\`npm run check -- --fix\`)`,
          fix: m.mask ? { start: m.start, end: m.end, from: m.value, to: m.mask } : undefined,
        });
      }
    }
  },
};
