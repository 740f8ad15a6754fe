/**
 * What in an MDX tree is code rather than content: ESM (`import`, `export`),
 * JavaScript expressions (`{process.env.X}`, but not `{/* a comment *\/}`),
 * expression attributes (`<div onClick={…}>`, `<x {...props}>`) and
 * components (`<Callout>`, which need an import). Unless kb.config.yaml says
 * `content.mdx_code: allow`, `npm run check` reports each one and the MDX
 * pipeline refuses to compile a file that has any, so no content file runs
 * code in the build (the same walk serves both).
 */
import type { Node } from 'unist';

export interface MdxCode {
  /** What it is, for a message: "an import/export", "a JavaScript expression", … */
  what: string;
  line: number;
  column: number;
}

const COMMENT_ONLY = /^\s*(?:\/\*[\s\S]*?\*\/\s*|\/\/[^\n]*(?:\n\s*|$))*$/;

interface MdxNode extends Node {
  value?: string;
  name?: string | null;
  attributes?: { type: string; value?: unknown }[];
  children?: MdxNode[];
}

export function mdxCode(tree: Node): MdxCode[] {
  const found: MdxCode[] = [];
  const at = (n: Node, what: string) => found.push({ what, line: n.position?.start.line ?? 1, column: n.position?.start.column ?? 1 });
  const walk = (n: MdxNode) => {
    switch (n.type) {
      case 'mdxjsEsm':
        at(n, 'an import/export');
        break;
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        if (!COMMENT_ONLY.test(n.value ?? '')) at(n, 'a JavaScript expression');
        break;
      case 'mdxJsxFlowElement':
      case 'mdxJsxTextElement':
        if (n.name && !/^[a-z][a-z0-9-]*$/.test(n.name)) at(n, `the component <${n.name}>`);
        else if (!n.name) at(n, 'a JSX fragment');
        if (n.attributes?.some((a) => a.type !== 'mdxJsxAttribute' || (a.value !== null && typeof a.value === 'object')))
          at(n, `a JavaScript attribute on <${n.name ?? ''}>`);
        break;
    }
    for (const c of n.children ?? []) walk(c);
  };
  walk(tree as MdxNode);
  return found;
}
