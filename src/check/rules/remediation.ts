/** `remediation/*`: action items are owned, dated, on time and specific. */
import { phraseRegex } from './phrases.ts';
import type { Rule } from '../types.ts';

const OPEN = new Set([undefined, 'open', 'in-progress']);
const regexes = new WeakMap<readonly string[], RegExp | undefined>();

export const remediationRule: Rule = {
  docs: [
    { id: 'remediation/owner', level: 'error', doc: 'A published incident has an open action item without an `owner`.' },
    { id: 'remediation/due', level: 'error', doc: 'A published incident has an open action item without a `due` date.' },
    { id: 'remediation/overdue', level: 'warn', doc: 'An open action item is past its `due` date.' },
    {
      id: 'remediation/vague',
      level: 'warn',
      doc: 'An action item title uses vague wording (`vague_action_phrases` in config): make it specific and bounded.',
    },
  ],
  checkFile({ file, config, today, report }) {
    const fm = file.parsed.frontmatter;
    if (file.kind !== 'incident' || !fm || !Array.isArray(fm.action_items)) return;
    const published = fm.status === 'published';
    if (!regexes.has(config.vague_action_phrases)) regexes.set(config.vague_action_phrases, phraseRegex(config.vague_action_phrases));
    const vague = regexes.get(config.vague_action_phrases);
    fm.action_items.forEach((item: unknown, i: number) => {
      if (!item || typeof item !== 'object' || Array.isArray(item)) return; // `schema` reports the shape
      const a = item as Record<string, unknown>;
      const at = file.parsed.locate(['action_items', i]);
      const title = typeof a.title === 'string' ? a.title : '';
      const name = title ? `"${title.length > 60 ? `${title.slice(0, 57)}…` : title}"` : `#${i + 1}`;
      const open = OPEN.has(a.status as string | undefined);
      if (published && open && (a.owner === undefined || a.owner === null || a.owner === '')) {
        report({
          ruleId: 'remediation/owner',
          ...at,
          message: `open action item ${name} has no \`owner\`; name the person or team accountable for it`,
        });
      }
      if (published && open && (a.due === undefined || a.due === null || a.due === '')) {
        report({ ruleId: 'remediation/due', ...at, message: `open action item ${name} has no \`due\` date; add \`due: YYYY-MM-DD\`` });
      }
      const due = typeof a.due === 'string' ? a.due : a.due instanceof Date ? a.due.toISOString().slice(0, 10) : undefined;
      if (open && due && /^\d{4}-\d{2}-\d{2}$/.test(due) && due < today) {
        report({
          ruleId: 'remediation/overdue',
          ...file.parsed.locate(['action_items', i, 'due']),
          message: `open action item ${name} was due ${due}; finish it, move the date, or set \`status: wont-fix\``,
        });
      }
      if (vague && title) {
        vague.lastIndex = 0;
        const m = vague.exec(title);
        if (m)
          report({
            ruleId: 'remediation/vague',
            ...file.parsed.locate(['action_items', i, 'title']),
            message: `action item ${name} is vague ("${m[0]}"); say what will change and how you will know it is done`,
          });
      }
    });
  },
};
