/**
 * The README's plain-host recipe, run: a built site served by the real nginx
 * (Debian's nginx-light; .ci/run installs it) through deploy/nginx.conf as
 * shipped, with only its `listen` and `root` pointed at a loopback port and the
 * build. Pages, clean URLs without a trailing slash, the 404 page, long-lived
 * caching of hashed assets, the Pagefind index, the calendar feed's type and
 * UTF-8 for Korean text.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './helpers/dev.ts';
import { buildSite, type BuiltSite, ROOT, TMP } from './helpers/site.ts';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const RECIPE = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8');
const WORK = join(TMP, 'deploy-nginx');

/** A whole nginx.conf around the recipe's server block, runnable by any user from WORK. */
function nginxConf(port: number, root: string): string {
  const server = RECIPE.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${port};`).replace(
    /^(\s*)root \/srv\/kb\/dist;$/m,
    `$1root ${root};`,
  );
  expect(server, 'the recipe has `listen 80;` and `root /srv/kb/dist;`').toContain(`listen 127.0.0.1:${port};`);
  expect(server).toContain(`root ${root};`);
  const temp = (name: string) => `${name}_temp_path ${join(WORK, `tmp-${name}`)};`;
  return [
    `pid ${join(WORK, 'nginx.pid')};`,
    `error_log ${join(WORK, 'error.log')} warn;`,
    'worker_processes 1;',
    'events {}',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    '  access_log off;',
    `  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}`,
    server,
    '}',
  ].join('\n');
}

let site: BuiltSite;
let nginx: ChildProcess | undefined;
let origin: string;

beforeAll(async () => {
  if (!NGINX) return;
  site = await buildSite('tests/fixtures/site-basic', 'site-deploy', {
    KB_BUILD_DATE: '2025-06-15',
    KB_BASE_URL: 'https://kb.example.com/',
  });
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const port = await freePort();
  const conf = join(WORK, 'nginx.conf');
  writeFileSync(conf, nginxConf(port, site.outDir));
  const syntax = spawnSync(NGINX, ['-t', '-p', WORK, '-e', join(WORK, 'error.log'), '-c', conf], { encoding: 'utf8' });
  expect(syntax.status, syntax.stderr).toBe(0);
  nginx = spawn(NGINX, ['-p', WORK, '-e', join(WORK, 'error.log'), '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
  origin = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(origin).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`nginx did not start:\n${readFileSync(join(WORK, 'error.log'), 'utf8')}`);
});

afterAll(() => {
  nginx?.kill('SIGQUIT');
});

const get = (path: string) => fetch(origin + path, { redirect: 'manual' });

// CI installs nginx (.ci/run); elsewhere the test says why it did not run.
describe.skipIf(!NGINX && !process.env.CI)('deploy/nginx.conf serving a built site', () => {
  it('serves the pages, in UTF-8, with the recipe’s headers', async () => {
    for (const path of ['/', '/incidents/', '/incidents/INC-2019-001/', '/playbooks/ssh-permission-denied-publickey/', '/search/']) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toBe('text/html; charset=utf-8');
      expect(r.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(r.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin');
    }
    expect(await (await get('/incidents/INC-2019-001/')).text()).toContain('INC-2019-001');
  });

  it('redirects a URL without its trailing slash, relative to the host the reader used', async () => {
    const r = await get('/incidents/INC-2019-001');
    expect(r.status).toBe(301);
    expect(r.headers.get('location')).toBe('/incidents/INC-2019-001/');
  });

  it('answers a missing page with the site’s 404 page and a 404 status', async () => {
    const r = await get('/incidents/INC-1999-999/');
    expect(r.status).toBe(404);
    expect(await r.text()).toBe(site.read('404.html'));
  });

  it('lets browsers keep hashed assets, and refetch the search index after a deploy', async () => {
    const asset = /(?:href|src)="(\/_astro\/[^"]+)"/.exec(site.read('index.html'))?.[1];
    expect(asset).toBeTruthy();
    const a = await get(asset!);
    expect(a.status).toBe(200);
    expect(a.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const entry = await get('/pagefind/pagefind-entry.json');
    expect(entry.status).toBe(200);
    expect(entry.headers.get('cache-control')).toBe('public, max-age=300');
    expect(Object.keys((await entry.json()).languages)).not.toHaveLength(0);
  });

  it('serves the calendar and the CSV with their types, and JSON and the feed as UTF-8', async () => {
    const types: Record<string, string> = {
      '/action-items.ics': 'text/calendar; charset=utf-8',
      '/action-items.csv': 'text/csv; charset=utf-8',
      '/api/incidents.json': 'application/json; charset=utf-8',
      '/feed.xml': 'text/xml; charset=utf-8',
    };
    for (const [path, type] of Object.entries(types)) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get('content-type'), path).toBe(type);
    }
    // the seed's Korean title arrives intact
    const json = await (await get('/api/incidents.json')).json();
    expect(JSON.stringify(json)).toMatch(/[\uAC00-\uD7A3]/);
  });
});
