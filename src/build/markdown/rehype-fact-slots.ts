/**
 * A fact lives in one place, and the page shows it under one heading. Some
 * body sections have facts that are written in frontmatter: an incident's
 * `lessons` and `action_items`, a playbook's `symptoms`. When the body has
 * such a section, the page renders those facts inside it, under the body's
 * heading and anchor, instead of under a second heading of its own.
 *
 * This plugin leaves an empty marker element in each such section (at its
 * start or its end); the page replaces it with the rendered facts
 * (`fillFactSlots`, in `EntryContent.astro`). It runs after the sanitiser, so
 * a marker written by an author in raw HTML never survives: only ours do.
 */
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { entryContext } from './context.ts';

/** Where each kind's facts go in its body section. */
export const FACT_SLOTS = {
  incident: { lessons: 'end', 'action-items': 'end' },
  playbook: { symptoms: 'start' },
} as const satisfies Record<string, Record<string, 'start' | 'end'>>;

/** Every slot id, for the page. */
export const FACT_SLOT_IDS: readonly string[] = [...new Set(Object.values(FACT_SLOTS).flatMap((s) => Object.keys(s)))];

const MARKER = /<div data-kb-facts="([a-z-]+)"><\/div>/g;

export function rehypeFactSlots() {
  return (tree: Root, file: VFile) => {
    const { kind } = entryContext(file);
    if (!kind) return;
    const slots: Record<string, 'start' | 'end'> = FACT_SLOTS[kind];
    for (const node of tree.children) {
      if (node.type !== 'element' || node.tagName !== 'section') continue;
      const id = node.properties?.dataSection ?? node.properties?.['data-section'];
      if (typeof id !== 'string' || !(id in slots)) continue;
      const marker: Element = { type: 'element', tagName: 'div', properties: { dataKbFacts: id }, children: [] };
      // After the heading (start), or after everything (end).
      if (slots[id] === 'start') node.children.splice(1, 0, marker);
      else node.children.push(marker);
    }
  };
}

/**
 * Put the rendered facts (`facts[id]`, HTML) where the body's markers are, and
 * drop markers without facts. Each id is filled once.
 */
export function fillFactSlots(html: string, facts: Readonly<Record<string, string>>): string {
  const done = new Set<string>();
  return html.replace(MARKER, (_, id: string) => {
    if (done.has(id)) return '';
    done.add(id);
    return facts[id] ?? '';
  });
}
