/**
 * `npm run dev`, as an author uses it: the server serves the site and nothing
 * else on the machine (Vite's strict file serving, with exactly the folders the
 * site needs allowed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevServer, startDev } from './helpers/dev.ts';
import { ROOT } from './helpers/site.ts';

let dev: DevServer;
beforeAll(async () => {
  dev = await startDev(`${ROOT}/tests/fixtures/site-basic`);
});
afterAll(() => dev?.stop());

describe('npm run dev', () => {
  it('serves the site', async () => {
    const res = await fetch(`${dev.url}/incidents/INC-2019-001/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('INC-2019-001');
  });

  it('does not serve files from outside the project, the content root and the cache (fs.strict)', async () => {
    for (const path of ['/@fs/etc/hosts', '/@fs/etc/passwd', `/@fs${ROOT}/../shared/STYLE.md`]) {
      const res = await fetch(`${dev.url}${path}`);
      expect(res.status, path).toBe(403);
      expect(await res.text()).not.toMatch(/root:x:0:0|localhost/);
    }
  });
});
