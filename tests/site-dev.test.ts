/**
 * `npm run dev`, as an author uses it: the server serves the site and nothing
 * else on the machine (Vite's strict file serving, with exactly the folders the
 * site needs allowed), re-checks the file they save and prints its findings as
 * `npm run check` does, shows a banner on the page while its file has errors,
 * and says that search needs a build.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { type DevServer, startDev } from './helpers/dev.ts';
import { ROOT, TMP } from './helpers/site.ts';

const CONTENT = join(TMP, 'site-dev-content');
const SEED = join(CONTENT, 'incidents/2019-02-15-keypair-permission-denied.md');
const PAGE = '/incidents/INC-2019-001/';
let dev: DevServer;
let original: string;

beforeAll(async () => {
  rmSync(CONTENT, { recursive: true, force: true });
  cpSync(`${ROOT}/tests/fixtures/site-basic`, CONTENT, { recursive: true });
  original = readFileSync(SEED, 'utf8');
  dev = await startDev(CONTENT);
});
afterAll(() => dev?.stop());

const page = async (path = PAGE) => (await fetch(`${dev.url}${path}`)).text();

/**
 * Save the seed with a change, and wait until the dev server has re-checked it and printed `until`
 * (an editor's save can be seen half-written first; the server looks again, so wait for the end state).
 */
async function save(text: string, until: RegExp): Promise<string> {
  const before = dev.output().length;
  writeFileSync(SEED, text);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const after = dev.output().slice(before);
    if (until.test(after)) return after;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${until} after saving:\n${dev.output().slice(before)}`);
}
const restore = () => save(original, /1 file checked: 0 errors[\s\S]*Reloaded/);

describe('npm run dev', () => {
  it('serves the site, without an error banner while the file is clean', async () => {
    const res = await fetch(`${dev.url}${PAGE}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('INC-2019-001');
    expect(html).not.toContain('data-dev-errors');
  });

  it('does not serve files from outside the project, the content root and the cache (fs.strict)', async () => {
    // a file of our own beside the project (a sibling checkout, a home folder): it exists, so a 403 is the refusal, not a 404
    const outside = mkdtempSync(join(dirname(ROOT), '.kb-dev-outside-'));
    writeFileSync(join(outside, 'notes.md'), 'private notes');
    onTestFinished(() => rmSync(outside, { recursive: true, force: true }));
    for (const path of ['/@fs/etc/hosts', '/@fs/etc/passwd', `/@fs${outside}/notes.md`]) {
      const res = await fetch(`${dev.url}${path}`);
      expect(res.status, path).toBe(403);
      expect(await res.text()).not.toMatch(/root:x:0:0|localhost|private notes/);
    }
  });

  it('prints the saved file’s findings as check does, and the page shows a banner until they are fixed', async () => {
    const out = await save(original.replace(/^related: \[.*\]$/m, 'related: ["INC-2099-404"]'), /INC-2099-404[\s\S]*Reloaded/);
    expect(out).toMatch(/2019-02-15-keypair-permission-denied\.md:\d+:\d+ +error +.*INC-2099-404.* +links\/related/);
    const html = await page();
    expect(html).toMatch(/<aside class="dev-banner" role="alert" data-dev-errors="1"/);
    expect(html).toMatch(/This file has 1 error\.|이 파일에 오류가 1개 있습니다\./);
    expect(html).toContain('INC-2099-404');
    await restore();
    expect(await page()).not.toContain('data-dev-errors');
  });

  it('reads a frontmatter typo like check does (did you mean), not as a schema dump, and keeps the last good page', async () => {
    const out = await save(original.replace(/^services:/m, 'servces:'), /did you mean `services`[\s\S]*last good version/);
    expect(out).toContain('unknown key `servces`: did you mean `services`?');
    expect(out).toMatch(/keeps its last good version until the errors above are fixed/);
    expect(out).not.toMatch(/InvalidContentEntryDataError|Unrecognized key|\*\*servces\*\*/);
    const html = await page();
    expect(html).toContain('INC-2019-001');
    expect(html).toContain('did you mean `services`?');
    await restore();
    expect(await page()).not.toContain('data-dev-errors');
  });

  it('says on /search/ that search needs a build', async () => {
    const html = await page('/search/');
    expect(html).toMatch(/data-dev-search[^>]*>.*<code[^>]*>npm run build<\/code>/s);
  });
});
