import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

/**
 * Code blocks scroll sideways (long log lines); `tabindex="0"` lets keyboard
 * users focus and scroll them (WCAG 2.1.1). Runs after Prism has replaced each
 * block, so every `<pre>` gets it.
 */
export function rehypeCodeFocus() {
  return (tree: Root) => {
    visit(tree, 'element', (node: Element) => {
      if (node.tagName === 'pre') node.properties.tabIndex = 0;
    });
  };
}
