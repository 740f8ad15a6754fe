/**
 * The MDX pipeline's guard: a file with code in it (`core/markdown/mdx-code.ts`)
 * is not compiled, so nothing in it runs, even in `astro dev` where check
 * errors do not stop the server. `npm run check` reports the same places.
 */
import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { mdxCode } from '../../core/markdown/mdx-code.ts';

export function remarkRefuseMdxCode() {
  return (tree: Root, file: VFile) => {
    const code = mdxCode(tree);
    if (!code.length) return;
    const where = code.map((c) => `${c.line}:${c.column} ${c.what}`).join('; ');
    const error = new Error(
      `${file.path ?? 'an .mdx file'}: MDX code is not allowed (${where}). Remove it, or set \`content.mdx_code: allow\` in kb.config.yaml (npm run check lists it as mdx/code).`,
    );
    error.stack = error.message;
    throw error;
  };
}
