/**
 * The internal edition shows authors what the public edition will cut: the
 * content between `<!-- internal -->` and `<!-- /internal -->` (src/core/editions.ts)
 * goes into a labelled, bordered box (a `<span>` inside a sentence). A block
 * whose markers are not in the same list, item or section (it spans a
 * heading) gets a label where it starts and where it ends instead.
 *
 * The public edition never gets here with a block: the loader cuts them from
 * the text before it is parsed.
 */
import type { Nodes, Parent, PhrasingContent, RootContent } from 'mdast';
import { INTERNAL_BLOCK_LABEL } from '../../core/editions.ts';

const OPEN = /^\s*<!--\s*internal\s*-->\s*$/i;
const CLOSE = /^\s*<!--\s*\/\s*internal\s*-->\s*$/i;
/** Parents whose children are blocks: a box there is a `<div>`; anywhere else (a paragraph, a timeline entry's text) a `<span>`. */
const BLOCK_PARENTS = new Set(['root', 'listItem', 'blockquote', 'footnoteDefinition', 'kbSection', 'kbInternal']);

type Lang = keyof typeof INTERNAL_BLOCK_LABEL;

const label = (text: string, inline: boolean, edge?: 'start' | 'end') =>
  ({
    type: 'kbInternalLabel',
    data: {
      hName: inline ? 'span' : 'p',
      hProperties: {
        className: ['kb-internal__label', ...(edge ? [`kb-internal__label--${edge}`] : [])],
        'data-pagefind-ignore': 'all',
      },
      hChildren: [{ type: 'text', value: text }],
    },
  }) as never;

function wrap(parent: Parent, lang: Lang): void {
  const inline = !BLOCK_PARENTS.has(parent.type);
  const text = INTERNAL_BLOCK_LABEL[lang];
  const children = parent.children as RootContent[];
  for (let i = 0; i < children.length; i++) {
    const node = children[i];
    if (node.type !== 'html') continue;
    if (OPEN.test(node.value)) {
      const end = children.findIndex((c, j) => j > i && c.type === 'html' && (CLOSE.test(c.value) || OPEN.test(c.value)));
      if (end > i && CLOSE.test((children[end] as { value: string }).value)) {
        const box = {
          type: 'kbInternal',
          data: {
            hName: inline ? 'span' : 'div',
            hProperties: { className: ['kb-internal', ...(inline ? ['kb-internal--inline'] : [])], 'data-internal': '' },
          },
          children: [label(text, inline), ...children.slice(i + 1, end)],
        };
        children.splice(i, end - i + 1, box as never);
        continue;
      }
      children[i] = label(`▼ ${text}`, inline, 'start');
    } else if (CLOSE.test(node.value)) {
      children[i] = label(`▲ ${text}`, inline, 'end');
    }
  }
}

export function remarkInternalBlocks(options: { lang?: Lang } = {}) {
  const lang: Lang = options.lang === 'ko' ? 'ko' : 'en';
  const walk = (node: Nodes) => {
    if (!('children' in node)) return;
    const parent = node as Parent;
    if (parent.children.some((c) => c.type === 'html')) wrap(parent, lang);
    for (const c of parent.children as (Nodes | PhrasingContent)[]) walk(c as Nodes);
  };
  return (tree: Nodes) => {
    walk(tree);
  };
}
