/**
 * The site's markdown processor, in one place: `astro.config.mjs` sets it, and
 * the content loader's workers render with exactly the same one.
 *
 * - `unified()` from `@astrojs/markdown-remark`, with our remark plugins.
 * - Plain markdown is parsed by `remarkFastParse` (Sätteri's parser, see
 *   `parse.ts`); MDX keeps remark-parse + remark-mdx, so the MDX renderer gets
 *   the plugins without the parser swap.
 * - No SmartyPants: error strings and quotes in prose must stay exactly as
 *   typed, so that text copied from a page still matches the logs.
 * - Prism rather than Shiki for code blocks: class names styled by our CSS in
 *   light, dark and print, and 4 ms less per file (`npm run bench` measured
 *   Shiki at more than half of the markdown render time).
 *
 * - Raw HTML is sanitised (`rehype-safe-html.ts`) unless kb.config.yaml
 *   says `content.raw_html: allow`; MDX is trusted as written only with
 *   `content.mdx_code: allow`. After it, `rehype-fact-slots.ts` marks where the
 *   page puts facts from frontmatter inside body sections.
 *
 * `KB_MARKDOWN_PROCESSOR=satteri` selects Astro's default Sätteri processor,
 * without our plugins, so `npm run bench` can compare the cost.
 */
import { unified } from '@astrojs/markdown-remark';
import { satteri } from '@astrojs/markdown-satteri';
import { remarkPlugins } from './plugins.ts';
import { remarkFastParse } from '../../core/markdown/parse.ts';
import { basePath, contentRoot, loadConfig } from '../../core/config.ts';
import type { KbConfig } from '../../schema/config.ts';
import { rehypeBaseLinks } from './rehype-base-links.ts';
import { rehypeCodeFocus } from './rehype-code-focus.ts';
import { rehypeFactSlots } from './rehype-fact-slots.ts';
import { rehypeSafeHtml } from './rehype-safe-html.ts';
import { remarkRefuseMdxCode } from './remark-refuse-mdx-code.ts';
import { remarkInternalBlocks } from './remark-internal-blocks.ts';
import { editionOf } from '../../core/editions.ts';

/** `markdown.syntaxHighlight` in astro.config.mjs, and what the loader's workers render with. */
export const syntaxHighlight = 'prism' as const;

export function markdownProcessor(config: Pick<KbConfig, 'content' | 'site'> = loadConfig(contentRoot())) {
  if (process.env.KB_MARKDOWN_PROCESSOR === 'satteri') return satteri();
  const { content } = config;
  const rawHtml = content.raw_html === 'allow';
  const dropComments = editionOf() === 'public';
  const baseLinks: [typeof rehypeBaseLinks, { base: string }] = [rehypeBaseLinks, { base: basePath(config.site.base_url) }];
  const internalBlocks: [typeof remarkInternalBlocks, { lang: 'en' | 'ko' }] = [remarkInternalBlocks, { lang: config.site.lang }];
  const markdown = unified({
    remarkPlugins: [remarkFastParse, ...remarkPlugins, internalBlocks],
    rehypePlugins: [rehypeCodeFocus, [rehypeSafeHtml, { allowRawHtml: rawHtml, dropComments }], rehypeFactSlots, baseLinks],
    smartypants: false,
  });
  const mdx = unified({
    remarkPlugins:
      content.mdx_code === 'allow' ? [...remarkPlugins, internalBlocks] : [remarkRefuseMdxCode, ...remarkPlugins, internalBlocks],
    rehypePlugins: [
      rehypeCodeFocus,
      [rehypeSafeHtml, { allowRawHtml: rawHtml || content.mdx_code === 'allow', dropComments }],
      rehypeFactSlots,
      baseLinks,
    ],
    smartypants: false,
  });
  return { ...markdown, createMdxRenderer: mdx.createMdxRenderer };
}

/** The options Astro hands `processor.createRenderer()` for `.md` content entries. */
export function rendererOptions() {
  return { image: {}, syntaxHighlight, shikiConfig: {}, gfm: true, smartypants: false };
}
