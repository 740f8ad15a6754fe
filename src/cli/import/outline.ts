/**
 * Which headings of a source open its sections. Sources mix levels (`### Summary`
 * before `## Timeline`, a `## Postmortem` wrapper around `### Summary`), so the
 * rule is about nesting, not one level: a heading opens a section unless it sits
 * under a section heading that names a canonical section (then it is that
 * section's sub-heading: `### What went well` under `## Lessons Learned`).
 * Under an unknown wrapper, a heading that names a section opens one.
 */
import type { Heading, Paragraph, RootContent } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { matchSection } from '../../core/markdown/sections.ts';

export interface SourceSection {
  heading: string;
  /** The source heading; undefined for a section the importer adds (a why chain moved out of Root Cause). */
  node?: Heading;
  depth: number;
  /** Canonical section, or null when the heading names none. */
  id: string | null;
  nodes: RootContent[];
}

export function outline(children: RootContent[]): { preamble: RootContent[]; sections: SourceSection[] } {
  const preamble: RootContent[] = [];
  const sections: SourceSection[] = [];
  for (const node of children) {
    const current = sections[sections.length - 1];
    if (node.type === 'heading') {
      const heading = nodeText(node).trim();
      const id = matchSection(heading) ?? null;
      const opens = !current || node.depth <= current.depth || (current.id === null && id !== null);
      if (opens) {
        sections.push({ heading, node, depth: node.depth, id, nodes: [] });
        continue;
      }
    }
    if (current) current.nodes.push(node);
    else preamble.push(node);
  }
  return { preamble, sections };
}

/** A paragraph that is only a section's name (`경과`, `후속 조치`) right before a list or table acts as its heading. */
export function plainLabel(p: Paragraph, next: RootContent | undefined): string | undefined {
  if (p.children.length !== 1 || p.children[0].type !== 'text') return undefined;
  if (next?.type !== 'list' && next?.type !== 'table') return undefined;
  const text = p.children[0].value.trim().replace(/[:：]$/u, '');
  return text.length <= 20 && matchSection(text) ? text : undefined;
}
