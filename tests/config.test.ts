/**
 * `kb.config.yaml` and the one environment override a deploy job needs:
 * `KB_BASE_URL` (GitHub Pages' configure-pages and GitLab's CI_PAGES_URL give
 * the public URL) replaces `site.base_url`, is validated the same way, and a bad
 * value is blamed on the variable, not on the file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { basePath, ConfigError, loadConfig } from '../src/core/config.ts';

function root(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-config-'));
  if (yaml !== undefined) writeFileSync(join(dir, 'kb.config.yaml'), yaml);
  return dir;
}

describe('KB_BASE_URL', () => {
  it('replaces site.base_url and keeps the other site settings', () => {
    const config = loadConfig(root('site:\n  title: Acme KB\n  base_url: https://kb.acme.test/\n'), {
      KB_BASE_URL: 'https://acme.github.io/kb',
    });
    expect(config.site.base_url).toBe('https://acme.github.io/kb');
    expect(config.site.title).toBe('Acme KB');
    expect(basePath(config.site.base_url)).toBe('/kb/');
  });

  it('works without a config file, and an empty value changes nothing', () => {
    expect(loadConfig(root(), { KB_BASE_URL: 'https://acme.gitlab.io/kb/' }).site.base_url).toBe('https://acme.gitlab.io/kb/');
    expect(loadConfig(root('site:\n  base_url: https://kb.acme.test/\n'), { KB_BASE_URL: ' ' }).site.base_url).toBe(
      'https://kb.acme.test/',
    );
  });

  it('a value that is not a web URL is an error that names the variable and the value', () => {
    let error: unknown;
    try {
      loadConfig(root('site:\n  base_url: https://kb.acme.test/\n'), { KB_BASE_URL: 'acme.github.io/kb' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const [problem] = (error as ConfigError).problems;
    expect(problem?.path).toBe('KB_BASE_URL (environment)');
    expect(problem?.message).toContain('(got "acme.github.io/kb")');
  });
});

describe('the README', () => {
  it('gives a five-level severity example that is a valid config, in its order', () => {
    const readme = readFileSync(join(import.meta.dirname, '../README.md'), 'utf8');
    const at = readme.indexOf('**Severity levels.**');
    expect(at).toBeGreaterThan(0);
    const block = readme.slice(at).match(/```yaml\n([\s\S]*?)```/)?.[1] ?? '';
    const dir = root(block);
    const config = loadConfig(dir, {});
    expect(Object.keys(config.severities)).toEqual(['P1', 'P2', 'P3', 'P4', 'P5']);
    expect(config.default_severity).toBe('P3');
  });
});
