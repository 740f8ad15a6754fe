/**
 * Root-relative links in content (`[the playbook](/playbooks/ssh-…/)`, which
 * `npm run check` verifies) point into the site. On a site served under a
 * sub-path (`site.base_url: https://acme.github.io/kb/`), they get that path
 * (`/kb/playbooks/ssh-…/`), so the same file works wherever it is deployed.
 */
import type { Element, Root, RootContent } from 'hast';

export function rehypeBaseLinks(options: { base: string }) {
  const base = options.base.endsWith('/') ? options.base : `${options.base}/`;
  const fix = (value: unknown) =>
    typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') && !value.startsWith(base)
      ? base + value.slice(1)
      : value;
  const walk = (nodes: (RootContent | Element)[]) => {
    for (const node of nodes) {
      if (node.type !== 'element') continue;
      if (node.tagName === 'a' && 'href' in node.properties) node.properties.href = fix(node.properties.href) as string;
      if (node.tagName === 'img' && 'src' in node.properties) node.properties.src = fix(node.properties.src) as string;
      walk(node.children);
    }
  };
  return (tree: Root) => {
    if (base !== '/') walk(tree.children);
  };
}
