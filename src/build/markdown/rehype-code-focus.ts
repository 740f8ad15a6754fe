import type { Element, Root, RootContent } from 'hast';

/**
 * Code blocks scroll sideways (long log lines); `tabindex="0"` lets keyboard
 * users focus and scroll them (WCAG 2.1.1). Runs after Prism has replaced each
 * block, so every `<pre>` gets it. A plain walk that never enters a `<pre>`:
 * highlighted code is most of the tree's nodes.
 */
export function rehypeCodeFocus() {
  const walk = (nodes: (RootContent | Element)[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      if (node.tagName === 'pre') node.properties.tabIndex = 0;
      else walk(node.children);
    }
  };
  return (tree: Root) => walk(tree.children);
}
