// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { markdownProcessor, syntaxHighlight } from './src/build/markdown/processor.ts';
import { contentRoot, loadConfig } from './src/core/config.ts';
import kbContent from './src/build/loader/integration.ts';
import kbPagefind from './src/build/pagefind/integration.ts';
import { cacheDir } from './src/build/loader/html-cache.ts';

const config = loadConfig(contentRoot());

export default defineConfig({
  site: config.site.base_url,
  // Tests and the benchmark build several content roots side by side.
  outDir: process.env.KB_OUT_DIR || './dist',
  // KB_CACHE_DIR, default ./node_modules/.astro: the content store and the rendered HTML of each entry.
  cacheDir: cacheDir(),
  trailingSlash: 'always',
  // One processor for the site and the content loader's workers (src/markdown/processor.ts).
  markdown: { processor: markdownProcessor(), syntaxHighlight },
  // kb:content starts the content loader's workers early; kb:pagefind indexes pages as they are rendered.
  integrations: [mdx(), kbContent(), kbPagefind()],
  vite: {
    server: { fs: { strict: false } },
  },
});
