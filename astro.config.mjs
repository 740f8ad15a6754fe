// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { unified } from '@astrojs/markdown-remark';
import { satteri } from '@astrojs/markdown-satteri';
import { remarkPlugins } from './src/markdown/index.ts';
import { contentRoot, loadConfig } from './src/lib/config.ts';
import kbPagefind from './src/integrations/pagefind.ts';

const config = loadConfig(contentRoot());

export default defineConfig({
  site: config.site.base_url,
  // Tests and the benchmark build several content roots side by side.
  outDir: process.env.KB_OUT_DIR || './dist',
  cacheDir: process.env.KB_CACHE_DIR || './node_modules/.astro',
  trailingSlash: 'always',
  markdown: {
    // KB_MARKDOWN_PROCESSOR=satteri: Astro's default processor, without our plugins (npm run bench compares the cost).
    // No SmartyPants: error strings and quotes in prose must stay exactly as typed, so that text
    // copied from a page still matches the logs (it also was ~10% of content sync at 1,000 incidents).
    processor:
      process.env.KB_MARKDOWN_PROCESSOR === 'satteri' ? satteri() : unified({ remarkPlugins, smartypants: false }),
  },
  // Pagefind indexes the built pages last, in astro:build:done.
  integrations: [mdx(), kbPagefind()],
  vite: {
    server: { fs: { strict: false } },
  },
});
