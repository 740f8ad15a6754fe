// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import { markdownProcessor, syntaxHighlight } from './src/build/markdown/processor.ts';
import { basePath, contentRoot, loadConfig } from './src/core/config.ts';
import kbContent from './src/build/loader/integration.ts';
import kbPagefind from './src/build/pagefind/integration.ts';
import { cacheDir } from './src/build/loader/html-cache.ts';
import { kbOutputGate } from './src/build/output-gate.ts';
import { editionOf } from './src/core/editions.ts';

const root = contentRoot();
const config = loadConfig(root);
// KB_EDITION=public: only public entries, without their internal blocks and fields (src/core/editions.ts).
const edition = editionOf();

export default defineConfig({
  site: config.site.base_url,
  // A site served under a sub-path (site.base_url https://acme.github.io/kb/) gets base /kb/ for every URL.
  base: basePath(config.site.base_url),
  // Tests and the benchmark build several content roots side by side.
  outDir: process.env.KB_OUT_DIR || './dist',
  // KB_CACHE_DIR, default ./node_modules/.astro: the content store and the rendered HTML of each entry.
  cacheDir: cacheDir(),
  trailingSlash: 'always',
  // One processor for the site and the content loader's workers (src/build/markdown/processor.ts).
  markdown: { processor: markdownProcessor(config), syntaxHighlight },
  // kb:content starts the content loader's workers early; kb:pagefind indexes pages as they are rendered;
  // kb:output-gate scans what would be published for secrets and fails the build on one; in the public
  // edition also for the text of internal blocks and fields and for editions.markers (the leak gate).
  integrations: [mdx(), kbContent(), kbPagefind(), kbOutputGate({ allow: config.secrets_allow, contentRoot: root, edition, config })],
  // The dev server serves files from exactly these folders (Vite's strict mode): the project, the content
  // root (which KB_CONTENT_DIR may put elsewhere) and the cache of rendered HTML. Nothing else on the machine.
  // Frontmatter completion, hover and validation in VS Code (the Astro extension with
  // `astro.content-intellisense`): `astro sync` and the dev server write .astro/collections/.
  experimental: { contentIntellisense: true },
  vite: {
    server: { fs: { strict: true, allow: ['.', root, cacheDir()] } },
  },
});
