/** `secrets/*` (errors) and `pii/*` (warnings, masked by `--fix`), over the whole file, code blocks included. */
import { redact, scanSensitive, sensitiveRules } from '../scan/secrets.ts';
import type { Rule, RuleDoc } from '../types.ts';

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

const docs: RuleDoc[] = sensitiveRules().map((r) => ({
  id: r.ruleId,
  level: r.kind === 'secret' ? 'error' : 'warn',
  doc:
    r.kind === 'secret'
      ? `${cap(r.labels.join(' or '))} in the file: remove it and rotate it (git history keeps it).`
      : `${cap(r.labels.join(' or '))} in the file: mask it (\`--fix\` does).`,
}));

export const sensitiveRule: Rule = {
  docs,
  checkFile({ file, config, position, report }) {
    for (const m of scanSensitive(file.text, { allow: config.pii_allow })) {
      const start = position(m.start);
      const end = position(m.end);
      if (m.kind === 'secret') {
        report({
          ruleId: m.ruleId,
          ...start,
          endLine: end.line,
          endColumn: end.column,
          message: `${m.label} (${redact(m)}): remove it from the file and rotate it; it stays in git history`,
        });
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
