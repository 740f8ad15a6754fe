import type { Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { sectionsInFrontmatter } from '../../core/completeness.ts';
import { splitSections } from '../../core/markdown/extract.ts';
import { entryContext } from './context.ts';
import { FACT_SLOTS } from './rehype-fact-slots.ts';

/**
 * Recognises canonical sections from English, Korean or bilingual headings and
 * gives each a stable, language-independent anchor (`#timeline`, `#root-cause`),
 * a copy-link anchor, and a `<section>` wrapper the site and search can target.
 * Run it after the plugins that look inside sections.
 *
 * A placeholder-only section is marked empty (a dash), unless the frontmatter
 * holds its facts (`lessons`, `action_items`, `symptoms`): the page renders
 * them inside it (`rehype-fact-slots.ts`).
 */
export function remarkSections() {
  return (tree: Root, file: VFile) => {
    const { kind, frontmatter } = entryContext(file);
    if (!kind) return;
    const slices = splitSections(tree, kind);
    const slots: Record<string, unknown> = FACT_SLOTS[kind];
    const filledByFrontmatter = [...sectionsInFrontmatter(kind, frontmatter)].filter((id) => id in slots);
    // Replace from the end so earlier indexes stay valid.
    for (const s of [...slices].reverse()) {
      const heading = s.headingNode;
      heading.data = {
        ...heading.data,
        hProperties: { ...(heading.data?.hProperties ?? {}), id: s.id, className: ['kb-section__heading'] },
      };
      heading.children.push({
        type: 'kbAnchor',
        data: {
          hName: 'a',
          hProperties: {
            className: ['kb-anchor'],
            href: `#${s.id}`,
            'aria-label': `Link to section: ${s.heading}`,
            'data-kb-anchor': s.id,
          },
          hChildren: [],
        },
      } as never);
      const empty = s.empty && !(s.known && filledByFrontmatter.includes(s.id));
      // Placeholders are dropped either way; only a section nothing fills shows the dash.
      const body: RootContent[] = empty
        ? [{ type: 'kbEmpty', data: { hName: 'p', hProperties: { className: ['kb-empty'] }, hChildren: [] } } as never]
        : s.empty
          ? []
          : s.nodes;
      const section = {
        type: 'kbSection',
        data: {
          hName: 'section',
          hProperties: {
            className: ['kb-section', `kb-section--${s.known ? s.id : 'other'}`],
            'data-section': s.known ? s.id : 'other',
            ...(empty ? { 'data-empty': 'true' } : {}),
          },
        },
        children: [heading, ...body],
      };
      tree.children.splice(s.start, s.end - s.start, section as never);
    }
  };
}
