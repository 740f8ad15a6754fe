/**
 * Markdown → mdast, for every reader of content: `parseEntry` (check, the
 * loader, the CLIs) and the site's unified pipeline (`remarkFastParse`).
 *
 * Plain markdown is parsed by Sätteri's Rust parser (`satteri`, the parser of
 * Astro's default processor), which returns the same mdast as remark-parse +
 * remark-gfm + remark-frontmatter, positions included, about 20× faster
 * (`npm run bench` and the README's Performance section have the figures).
 * The tree then goes through our remark plugins exactly as before.
 *
 * MDX keeps micromark with remark-mdx: Sätteri's MDX errors are not the ones
 * the check rules report, and MDX files are rare.
 *
 * `KB_MARKDOWN_PARSER=micromark` switches plain markdown back to micromark, to
 * compare the two (tests/markdown-parse.test.ts does, on every fixture).
 */
import type { Root } from 'mdast';
import { createRequire } from 'node:module';
import { markdownToMdast } from 'satteri';
import type { Processor } from 'unified';

export type MarkdownParser = 'satteri' | 'micromark';

export function markdownParser(): MarkdownParser {
  return process.env.KB_MARKDOWN_PARSER === 'micromark' ? 'micromark' : 'satteri';
}

type Parser = { parse(text: string): unknown };
interface Micromark {
  withFrontmatter: Parser;
  body: Parser;
  mdx: Parser;
}
let micromarkParsers: Micromark | undefined;

/**
 * micromark, remark and remark-mdx (~240 modules) are loaded on first use:
 * check and the loader's workers, which parse plain markdown only, never load them.
 */
function micromark(): Micromark {
  if (micromarkParsers) return micromarkParsers;
  const load = createRequire(import.meta.url);
  const { unified } = load('unified') as typeof import('unified');
  const remarkParse = (load('remark-parse') as { default: typeof import('remark-parse').default }).default;
  const remarkGfm = (load('remark-gfm') as { default: typeof import('remark-gfm').default }).default;
  const remarkFrontmatter = (load('remark-frontmatter') as { default: typeof import('remark-frontmatter').default }).default;
  const remarkMdx = (load('remark-mdx') as { default: typeof import('remark-mdx').default }).default;
  micromarkParsers = {
    withFrontmatter: unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm),
    body: unified().use(remarkParse).use(remarkGfm),
    mdx: unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm).use(remarkMdx),
  };
  return micromarkParsers;
}

export interface ParseOptions {
  /** Parse as MDX (always micromark + remark-mdx). */
  mdx?: boolean;
  /** Recognise a leading `---` YAML block (default true). Astro hands its pipeline the body only. */
  frontmatter?: boolean;
  parser?: MarkdownParser;
}

/** Parse markdown (or MDX) into mdast, positions relative to `text`. Throws on MDX syntax errors only. */
export function parseMarkdownTree(text: string, options: ParseOptions = {}): Root {
  const frontmatter = options.frontmatter ?? true;
  if (options.mdx) return micromark().mdx.parse(text) as Root;
  if ((options.parser ?? markdownParser()) === 'micromark')
    return (frontmatter ? micromark().withFrontmatter : micromark().body).parse(text) as Root;
  return markdownToMdast(text, { features: { gfm: true, frontmatter } }) as Root;
}

/**
 * Remark plugin: parse with `parseMarkdownTree` instead of remark-parse. Goes
 * first in the markdown pipeline's remark plugins (never in MDX's: MDX needs
 * remark-mdx's parser). Astro passes the body without its frontmatter, so a
 * leading `---` is a thematic break here, as it is for remark-parse.
 */
export function remarkFastParse(this: Processor): void {
  if (markdownParser() === 'micromark') return;
  (this as unknown as { parser: (doc: string) => Root }).parser = (doc) => parseMarkdownTree(doc, { frontmatter: false });
}
