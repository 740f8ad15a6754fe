/**
 * The renderer the content loader uses for `.md` entries: the site's markdown
 * processor (`processor.ts`), with the same output, minus two passes that do
 * nothing for most post-mortems but still cost a third of the render time:
 *
 * - `rehype-raw` re-parses the whole HTML tree through parse5 to turn raw
 *   HTML into elements. Without raw HTML in the tree it only rebuilds the same
 *   tree, so it runs only when there is some.
 * - Astro's image collection (`remarkCollectImages`, `rehypeImages`) walks the
 *   tree for images. A file with images is rendered by Astro's own pipeline.
 *
 * Everything else is the pipeline `createMarkdownProcessor()` from
 * `@astrojs/markdown-remark` builds, in its order and with its options:
 * remark-parse (replaced by `remarkFastParse`), remark-gfm, our remark plugins,
 * remark-rehype, the syntax highlighter, our rehype plugins, heading ids and
 * rehype-stringify. tests/markdown-render.test.ts renders every fixture and a
 * generated corpus both ways and requires the same HTML and headings.
 */
import type { Nodes as HastNodes, Root as HastRoot } from 'hast';
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import { rehypeHeadingIds, rehypePrism, rehypeShiki } from '@astrojs/markdown-remark';
import rehypeRaw from 'rehype-raw';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified, type PluggableList } from 'unified';
import { VFile } from 'vfile';
import { markdownProcessor } from './processor.ts';

/** The subset of Astro's resolved config that `processor.createRenderer()` reads (plain data, so it crosses threads). */
export interface RenderOptions {
  image?: unknown;
  syntaxHighlight?: unknown;
  shikiConfig?: unknown;
  gfm?: boolean;
  smartypants?: unknown;
}

export interface RenderOutput {
  code: string;
  metadata: {
    headings: { depth: number; slug: string; text: string }[];
    localImagePaths: string[];
    remoteImagePaths: string[];
    frontmatter: Record<string, unknown>;
  };
}

export interface EntryRenderer {
  render(content: string, opts: { frontmatter: Record<string, unknown>; fileURL?: URL }): Promise<RenderOutput>;
}

function has(node: { type: string; children?: unknown[] }, types: ReadonlySet<string>): boolean {
  if (types.has(node.type)) return true;
  const children = node.children as { type: string; children?: unknown[] }[] | undefined;
  if (children) for (const child of children) if (has(child, types)) return true;
  return false;
}

const IMAGE_NODES = new Set(['image', 'imageReference']);
const RAW_NODES = new Set(['raw']);

/** rehype-raw, when the tree has raw HTML to parse. */
function rehypeRawWhenNeeded() {
  const raw = (rehypeRaw as unknown as () => (tree: HastRoot, file: VFile) => HastRoot)();
  return (tree: HastRoot, file: VFile) => (has(tree as HastNodes, RAW_NODES) ? raw(tree, file) : tree);
}

/** Marks a file with images, so `render` hands it to Astro's full pipeline. */
class HasImages extends Error {}
function refuseImages() {
  return (tree: MdastRoot) => {
    if (has(tree as MdastNodes, IMAGE_NODES)) throw new HasImages();
  };
}

interface UnifiedOptions {
  remarkPlugins?: PluggableList;
  rehypePlugins?: PluggableList;
  remarkRehype?: Record<string, unknown>;
  gfm?: boolean;
  smartypants?: unknown;
}

export async function createEntryRenderer(options: RenderOptions): Promise<EntryRenderer> {
  const processor = markdownProcessor() as { name: string; options?: UnifiedOptions; createRenderer(o: unknown): Promise<EntryRenderer> };
  const astro = await processor.createRenderer(options);
  const o = processor.options ?? {};
  const gfm = o.gfm ?? options.gfm ?? true;
  const smartypants = o.smartypants ?? options.smartypants;
  const highlight =
    typeof options.syntaxHighlight === 'object' && options.syntaxHighlight
      ? (options.syntaxHighlight as { type?: string; excludeLangs?: string[] })
      : { type: options.syntaxHighlight as string | undefined };
  // Only the configuration the shortcut reproduces; anything else goes to Astro as it is.
  if (processor.name !== 'unified' || smartypants !== false || (highlight.type !== 'prism' && highlight.type !== 'shiki' && highlight.type))
    return astro;

  const pipeline = unified().use(remarkParse);
  if (gfm) pipeline.use(remarkGfm);
  pipeline.use(o.remarkPlugins ?? []).use(refuseImages);
  pipeline.use(remarkRehype, { allowDangerousHtml: true, passThrough: [], ...o.remarkRehype });
  if (highlight.type === 'prism') pipeline.use(rehypePrism as never, highlight.excludeLangs);
  else if (highlight.type === 'shiki') pipeline.use(rehypeShiki as never, options.shikiConfig, highlight.excludeLangs);
  pipeline
    .use(o.rehypePlugins ?? [])
    .use(rehypeHeadingIds)
    .use(rehypeRawWhenNeeded)
    .use(rehypeStringify, { allowDangerousHtml: true });

  return {
    async render(content, opts) {
      const file = new VFile({ value: content, path: opts.fileURL, data: { astro: { frontmatter: opts.frontmatter } } });
      try {
        const result = await pipeline.process(file);
        const astroData = (result.data as { astro?: { headings?: RenderOutput['metadata']['headings'] } }).astro;
        return {
          code: String(result.value),
          metadata: { headings: astroData?.headings ?? [], localImagePaths: [], remoteImagePaths: [], frontmatter: opts.frontmatter },
        };
      } catch (error) {
        if (error instanceof HasImages) return astro.render(content, opts);
        throw error;
      }
    },
  };
}
