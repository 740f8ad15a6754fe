import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configSchema, type KbConfig } from '../schema/config.ts';
import { parseFastYaml } from './frontmatter/yaml-fast.ts';
import { yamlLib } from './frontmatter/yaml-lib.ts';

/** The YAML of kb.config.yaml: the fast path's subset (every config we know of) without loading `yaml` (70 modules). */
export function parseConfigYaml(text: string): unknown {
  const fast = parseFastYaml(text);
  if (fast) return fast.value;
  return yamlLib().parse(text);
}

export const CONFIG_FILE = 'kb.config.yaml';

/** The content root: `KB_CONTENT_DIR`, or `./content`, as an absolute path. */
export function contentRoot(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return resolve(cwd, env.KB_CONTENT_DIR || 'content');
}

export class ConfigError extends Error {
  readonly file: string;
  readonly problems: { path: string; message: string }[];
  // No parameter properties: `node scripts/x.ts` strips types and rejects them.
  constructor(file: string, problems: { path: string; message: string }[]) {
    super(`${file}: invalid configuration\n${problems.map((p) => `  ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
    this.file = file;
    this.problems = problems;
  }
}

/**
 * The path the site is served under, from `site.base_url`: `/` for
 * `https://kb.example.com/`, `/kb/` for `https://acme.github.io/kb` (a GitHub
 * Pages project site). Always starts and ends with `/`.
 */
export function basePath(baseUrl: string): string {
  const path = new URL(baseUrl).pathname;
  return path.endsWith('/') ? path : `${path}/`;
}

/** `site.base_url` with its trailing slash, so relative URLs resolve under it. */
export function siteUrl(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}

/**
 * Read `kb.config.yaml` from the content root; every key is optional.
 * `KB_BASE_URL` in the environment replaces `site.base_url` (validated the same way).
 */
export function loadConfig(root: string = contentRoot(), env: NodeJS.ProcessEnv = process.env): KbConfig {
  const file = resolve(root, CONFIG_FILE);
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = parseConfigYaml(readFileSync(file, 'utf8')) ?? {};
    } catch (error) {
      throw new ConfigError(file, [{ path: '', message: (error as Error).message }]);
    }
  }
  // A deploy job may know the public URL better than the file (GitHub Pages' configure-pages step gives it).
  const override = env.KB_BASE_URL?.trim();
  if (override && raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const site = (raw as { site?: unknown }).site;
    raw = { ...raw, site: { ...(site && typeof site === 'object' ? site : {}), base_url: override } };
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      file,
      result.error.issues.map((i) => {
        const path = i.path.join('.');
        return override && path === 'site.base_url'
          ? { path: 'KB_BASE_URL (environment)', message: `${i.message} (got "${override}")` }
          : { path, message: i.message };
      }),
    );
  }
  return result.data;
}
