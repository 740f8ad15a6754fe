import type { Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { splitSections } from '../../core/markdown/extract.ts';
import { entryContext } from './context.ts';

/**
 * Recognises canonical sections from English, Korean or bilingual headings and
 * gives each a stable, language-independent anchor (`#timeline`, `#root-cause`),
 * a copy-link anchor, and a `<section>` wrapper the site and search can target.
 * Run it after the plugins that look inside sections.
 */
export function remarkSections() {
  return (tree: Root, file: VFile) => {
    const { kind } = entryContext(file);
    if (!kind) return;
    const slices = splitSections(tree, kind);
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
      const body: RootContent[] = s.empty
        ? [{ type: 'kbEmpty', data: { hName: 'p', hProperties: { className: ['kb-empty'] }, hChildren: [] } } as never]
        : s.nodes;
      const section = {
        type: 'kbSection',
        data: {
          hName: 'section',
          hProperties: {
            className: ['kb-section', `kb-section--${s.known ? s.id : 'other'}`],
            'data-section': s.known ? s.id : 'other',
            ...(s.empty ? { 'data-empty': 'true' } : {}),
          },
        },
        children: [heading, ...body],
      };
      tree.children.splice(s.start, s.end - s.start, section as never);
    }
  };
}
