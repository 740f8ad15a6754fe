/**
 * `structure/*`: which canonical sections an incident (by status) or a playbook has.
 */
import { FRONTMATTER_FIELD, requiredSections, sectionsInFrontmatter } from '../../core/completeness.ts';
import { INCIDENT_SECTIONS, matchSection, PLAYBOOK_SECTIONS, type SectionDef } from '../../core/markdown/sections.ts';
import type { Rule } from '../types.ts';

const DEFS = {
  incident: new Map<string, SectionDef>(INCIDENT_SECTIONS.map((d) => [d.id, d])),
  playbook: new Map<string, SectionDef>(PLAYBOOK_SECTIONS.map((d) => [d.id, d])),
};

/** The first line after the frontmatter: where a missing section is reported. */
function bodyStartLine(text: string, yamlStartLine: number, hasYaml: boolean): number {
  if (!hasYaml) return 1;
  const lines = text.split('\n');
  for (let i = yamlStartLine - 1; i < lines.length; i++) if (/^---\s*$/.test(lines[i])) return Math.min(i + 2, lines.length);
  return 1;
}

export const structureRule: Rule = {
  docs: [
    {
      id: 'structure/required-section',
      level: 'error',
      doc: "A required section is missing or placeholder-only, and the frontmatter does not hold its facts either (`impact.description`, `lessons`, `action_items`, a playbook's `symptoms`). An error when published; a warning for draft and review incidents and for playbooks.",
    },
    {
      id: 'structure/duplicate-section',
      level: 'warn',
      doc: 'Two headings map to the same canonical section; the second one gets no canonical anchor.',
    },
    {
      id: 'structure/unknown-heading',
      level: 'info',
      doc: 'A section heading is not one of the canonical sections (it is kept as written).',
    },
  ],
  checkFile({ file, sections, report }) {
    const kind = file.kind;
    for (const s of sections) {
      if (s.known) continue;
      const canonical = matchSection(s.heading, kind);
      if (canonical && s.headingNode.depth === sections.find((k) => k.known && k.id === canonical)?.headingNode.depth) {
        report({
          ruleId: 'structure/duplicate-section',
          line: s.line ?? 1,
          column: 1,
          message: `second \`${canonical}\` section ("${s.heading}"); merge it into the first one`,
        });
      } else if (s.headingNode.depth <= 2 || canonical === undefined) {
        report({
          ruleId: 'structure/unknown-heading',
          line: s.line ?? 1,
          column: 1,
          message: `"${s.heading}" is not a canonical ${kind} section; it is kept, with the anchor #${s.id}`,
        });
      }
    }
    const fm = file.parsed.frontmatter;
    if (!fm) return; // without frontmatter, `yaml` says what to do first
    // Playbooks have no status: what they lack is always a warning.
    const soft = kind === 'playbook' || fm.status !== 'published';
    const start = bodyStartLine(file.text, file.parsed.yamlStartLine, file.parsed.tree.children[0]?.type === 'yaml');
    // A fact lives in one place: a section whose facts the frontmatter holds is not asked for again.
    const inFrontmatter = sectionsInFrontmatter(kind, fm);
    for (const id of requiredSections(kind)) {
      if (inFrontmatter.has(id)) continue;
      const def = DEFS[kind].get(id)!;
      const s = sections.find((x) => x.known && x.id === id);
      const name = `\`## ${def.en}\` (\`## ${def.ko}\`)`;
      const why = soft ? '' : ' before it is published';
      const field = FRONTMATTER_FIELD[id];
      const or = field ? `, or fill ${field} in frontmatter` : '';
      if (!s) {
        report({
          ruleId: 'structure/required-section',
          soft,
          line: start,
          column: 1,
          message: `missing section ${name}; add it${why}${or}`,
        });
      } else if (s.empty) {
        report({
          ruleId: 'structure/required-section',
          soft,
          line: s.line ?? start,
          column: 1,
          message: `section "${s.heading}" is empty or placeholder-only; fill it in${why}${or}`,
        });
      }
    }
  },
};
