import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runPagefind } from '../src/build/pagefind/integration.ts';
import { TMP } from './helpers/site.ts';

const dir = join(TMP, 'pagefind-integration');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function page(path: string, lang: string, body: string) {
  mkdirSync(join(dir, path), { recursive: true });
  writeFileSync(
    join(dir, path, 'index.html'),
    `<!doctype html><html lang="${lang}"><body><nav>nav words</nav><article data-pagefind-body><h1>${body}</h1></article></body></html>`,
  );
}

describe('runPagefind', () => {
  it('writes one index for Korean and English pages, from the content areas only', async () => {
    rmSync(dir, { recursive: true, force: true });
    page('incidents/INC-2019-001', 'ko', '키 페어로 접속이 거부됨');
    page('playbooks/ssh', 'en', 'Key pair refused');
    // Lists, facets and other pages are not even read (CONTENT_PAGES), whatever they contain.
    page('tags/ssh', 'en', 'Tag page');
    page('incidents/severity/sev1', 'en', 'Facet page');
    mkdirSync(join(dir, 'list'), { recursive: true });
    writeFileSync(join(dir, 'list', 'index.html'), '<!doctype html><html lang="en"><body><h1>List</h1></body></html>');
    const { pageCount } = await runPagefind(dir);
    expect(pageCount).toBe(2);
    const entry = JSON.parse(readFileSync(join(dir, 'pagefind/pagefind-entry.json'), 'utf8'));
    expect(Object.keys(entry.languages)).toEqual(['en']);
    expect(entry.languages.en.page_count).toBe(2);
  });

  it('writes an empty index when there is nothing to index yet (a new team’s first build)', async () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    const { pageCount } = await runPagefind(empty);
    expect(pageCount).toBe(0);
    expect(existsSync(join(empty, 'pagefind/pagefind.js'))).toBe(true);
    expect(JSON.parse(readFileSync(join(empty, 'pagefind/pagefind-entry.json'), 'utf8')).languages).toEqual({});
  });
});
