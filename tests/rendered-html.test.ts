import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pruneRenderedHtml, readRenderedHtml, renderedHtmlPath, writeRenderedHtml } from '../src/build/loader/html-cache.ts';
import { TMP } from './helpers/site.ts';

const base = join(TMP, 'rendered-html');
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('rendered HTML files', () => {
  it('writes one file per digest, atomically, and never rewrites it', () => {
    rmSync(base, { recursive: true, force: true });
    const path = renderedHtmlPath('incidents', 'abc', base);
    writeRenderedHtml(path, '<p>first</p>');
    writeRenderedHtml(path, '<p>second</p>');
    expect(readdirSync(join(base, 'kb-html', 'incidents'))).toEqual(['abc.html']);
    process.env.KB_CACHE_DIR = base;
    try {
      expect(readRenderedHtml({ collection: 'incidents', id: 'INC-1', digest: 'abc' })).toBe('<p>first</p>');
    } finally {
      delete process.env.KB_CACHE_DIR;
    }
  });

  it('prunes digests no entry refers to, and stray temp files, per collection', () => {
    const dir = join(base, 'kb-html');
    mkdirSync(join(dir, 'playbooks'), { recursive: true });
    writeRenderedHtml(renderedHtmlPath('incidents', 'old', base), 'x');
    writeFileSync(join(dir, 'incidents', 'new.html.123.tmp'), 'half');
    writeRenderedHtml(renderedHtmlPath('playbooks', 'old', base), 'y');
    pruneRenderedHtml('incidents', new Set(['abc']), base);
    expect(readdirSync(join(dir, 'incidents'))).toEqual(['abc.html']);
    expect(existsSync(renderedHtmlPath('playbooks', 'old', base))).toBe(true);
  });

  it('leaves MDX entries to Astro, and names the entry and file when the HTML is missing', () => {
    expect(readRenderedHtml({ collection: 'incidents', id: 'X', digest: 'd', deferredRender: true })).toBeUndefined();
    process.env.KB_CACHE_DIR = base;
    try {
      expect(() => readRenderedHtml({ collection: 'incidents', id: 'INC-9', digest: 'nope', filePath: 'content/incidents/x.md' })).toThrow(
        /incidents entry "INC-9" \(content\/incidents\/x\.md\) is missing from .*nope\.html.*build again/,
      );
    } finally {
      delete process.env.KB_CACHE_DIR;
    }
  });
});
