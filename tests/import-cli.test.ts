/**
 * `npm run import` as a user runs it: real subprocesses on a temporary content
 * root, then one real site build over everything imported.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite, ROOT, TMP } from './helpers/site.ts';

const run = promisify(execFile);
const FIX = join(ROOT, 'tests/fixtures/import');
const SEED = join(FIX, '000_9e7115cd679b7835.txt');
const STYLES = ['2024-03-05-checkout-db-pool-exhaustion.md', '장애보고서-2023-11-20-결제-api-지연.md', 'messy-wiki-export.txt'].map((f) =>
  join(FIX, f),
);
const WORK = join(TMP, 'import-cli');
const NODE = join(ROOT, 'node_modules/.bin/node');

interface Report {
  dryRun: boolean;
  files: {
    source: string;
    output?: string;
    id?: string;
    written: boolean;
    content?: string;
    notes: { level: string; message: string }[];
    check?: { errors: number; warnings: number; messages: { level: string; message: string; ruleId?: string }[] };
  }[];
}

/** A fresh content root with the config and the SSH playbook. */
function contentRoot(name: string): string {
  const root = join(WORK, name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'incidents'), { recursive: true });
  cpSync(join(ROOT, 'content/kb.config.yaml'), join(root, 'kb.config.yaml'));
  cpSync(join(ROOT, 'content/playbooks'), join(root, 'playbooks'), { recursive: true });
  return root;
}

async function importCli(root: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(NODE, ['scripts/import.ts', ...args], { cwd: ROOT, env: { ...process.env, KB_CONTENT_DIR: root } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

const hashes = () =>
  Object.fromEntries(
    readdirSync(FIX, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(join(FIX, f)).isFile())
      .map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(FIX, f)))
          .digest('hex'),
      ]),
  );
const incidentsIn = (root: string) =>
  readdirSync(join(root, 'incidents'))
    .filter((f) => f.endsWith('.md'))
    .sort();

describe('npm run import', () => {
  let root: string;
  let report: Report;
  let code: number;
  const before = hashes();

  beforeAll(async () => {
    root = contentRoot('styles');
    const r = await importCli(root, [...STYLES, '--timezone', 'Asia/Seoul', '--json']);
    code = r.code;
    report = JSON.parse(r.stdout);
  }, 60_000);

  it('imports each style with check warnings only, and exits 0', () => {
    expect(code).toBe(0);
    expect(report.files).toHaveLength(3);
    for (const f of report.files) {
      expect(f.written, f.source).toBe(true);
      expect(f.check!.errors, JSON.stringify(f.check!.messages)).toBe(0);
      expect(f.check!.warnings, f.source).toBeGreaterThan(0); // what the author still has to fill in
    }
    expect(report.files.map((f) => f.id).sort()).toEqual(['INC-2023-001', 'INC-2024-001', 'INC-2024-002']);
    expect(incidentsIn(root)).toEqual([
      '2023-11-20-gyeolje-api-eungdap-jiyeon-jangae.md',
      '2024-03-05-checkout-outage-database-connection-pool-exhausted.md',
      '2024-03-12-search-outage-wiki-export.md',
    ]);
  });

  it("reports the seed's empty sections and missing date as warnings: an undated import is a valid draft", async () => {
    const r = await importCli(root, [SEED, '--timezone', 'Asia/Seoul']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /000_9e7115cd679b7835\.txt → .*jeopsogi-jal-doedeon-keypair-ga-gapjagi-permission-denied\.md \(INC-\d{4}-001\)/,
    );
    expect(r.stdout).toMatch(/warning +`started` is not set yet: check the commented-out `# started:` on line \d+ and uncomment it/);
    for (const section of ['논의\\(Discussion\\)', '예방책\\(Preventative Measures\\)', '모니터링\\(Monitoring\\)'])
      expect(r.stdout).toMatch(new RegExp(`warning .*${section}`));
    expect(r.stdout).toMatch(/no incident date/);
  }, 60_000);

  it('never modifies a source', () => {
    expect(hashes()).toEqual(before);
  });

  it('never overwrites: a second import gets a free suffix, a new id, and a warning', async () => {
    const target = join(root, 'incidents/2024-03-12-search-outage-wiki-export.md');
    const first = readFileSync(target, 'utf8');
    const r = await importCli(root, [STYLES[2], '--json']);
    const again: Report = JSON.parse(r.stdout);
    expect(again.files[0].output).toMatch(/2024-03-12-search-outage-wiki-export-2\.md$/);
    expect(again.files[0].id).toBe('INC-2024-003');
    expect(again.files[0].notes.map((n) => n.message).join('\n')).toMatch(/already has the alias "messy-wiki-export"/);
    expect(readFileSync(target, 'utf8')).toBe(first);
    rmSync(join(ROOT, again.files[0].output!)); // keep the build below to one copy
  }, 60_000);

  it('--dry-run prints the result and writes nothing', async () => {
    const dry = contentRoot('dry');
    const r = await importCli(dry, [STYLES[0], '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const out: Report = JSON.parse(r.stdout);
    expect(out.dryRun).toBe(true);
    expect(out.files[0].written).toBe(false);
    expect(out.files[0].content).toMatch(/^---\nid: INC-2024-001\ntitle: "Checkout outage/);
    expect(incidentsIn(dry)).toEqual([]);
  }, 60_000);

  it('reads stdin with -, and --out and --lang', async () => {
    const out = join(WORK, 'out-dir');
    rmSync(out, { recursive: true, force: true });
    const r = await importCli(
      contentRoot('stdin'),
      ['-', '--out', out, '--lang', 'en', '--status', 'review'],
      readFileSync(STYLES[1], 'utf8'),
    );
    expect(r.stderr).toBe('');
    const [file] = readdirSync(out);
    const text = readFileSync(join(out, file), 'utf8');
    expect(text).toMatch(/^status: review$/m);
    expect(text).toMatch(/^## Timeline$/m);
    expect(text).not.toMatch(/^aliases: \[".+"\]/m); // no file name to take an alias from
  }, 60_000);

  it('--split: an incident log becomes one incident per entry, each with its own id; without it, a note says so', async () => {
    const log = join(FIX, 'world/11-incident-log-multi.md');
    const split: Report = JSON.parse((await importCli(contentRoot('split'), [log, '--split', '--dry-run', '--json'])).stdout);
    expect(split.files.map((f) => [f.id, f.output?.replace(/^.*\//, '')])).toEqual([
      ['INC-2024-001', '2024-01-09-resolver-timeouts-in-fra1.md'],
      ['INC-2024-002', '2024-01-23-expired-certificate-on-status-example-net.md'],
      ['INC-2024-003', '2024-02-02-log-shipper-disk-full-on-ams2-edge-nodes.md'],
    ]);
    expect(split.files[1].source).toMatch(/11-incident-log-multi\.md \(entry 2 of 3\)$/);
    const whole: Report = JSON.parse((await importCli(contentRoot('split'), [log, '--dry-run', '--json'])).stdout);
    expect(whole.files).toHaveLength(1);
    expect(whole.files[0].notes.map((n) => n.message).join('\n')).toMatch(/holds 3 incidents[\s\S]*--split/);
  }, 60_000);

  it.each([
    [['--status', 'done', SEED], /--status done/],
    [['--timezone', 'Mars/Base', SEED], /not an IANA time zone/],
    [['--lang', 'fr', SEED], /--lang fr/],
    [[], /at least one SOURCE/],
    [['does-not-exist.md'], /does-not-exist\.md: no such file/],
    [['--nope', SEED], /Unknown option/],
  ])(
    'exits 2 on bad usage: %j',
    async (args, message) => {
      const r = await importCli(contentRoot('usage'), args as string[]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(incidentsIn(join(WORK, 'usage'))).toEqual([]);
    },
    60_000,
  );

  it('refuses a file that is already a project incident (exit 1, nothing written)', async () => {
    const r = await importCli(contentRoot('already'), [
      join(ROOT, 'tests/fixtures/site-basic/incidents/2019-02-15-keypair-permission-denied.md'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/already a project incident \(id INC-2019-001\)/);
    expect(incidentsIn(join(WORK, 'already'))).toEqual([]);
  }, 60_000);

  it('--help prints usage and exits 0', async () => {
    const { stdout } = await run(NODE, ['scripts/import.ts', '--help'], { cwd: ROOT });
    expect(stdout).toMatch(/--timezone ZONE/);
  });

  it('the imported files build into the site (one build: the three styles, the seed with `started` filled in, the SSH playbook)', async () => {
    const seedFile = incidentsIn(root).find((f) => f.startsWith('jeopsogi'))!;
    const seedPath = join(root, 'incidents', seedFile);
    writeFileSync(seedPath, readFileSync(seedPath, 'utf8').replace(/^# started:.*$/m, 'started: "2019-02-15T16:01"'));
    const site = await buildSite(root, 'import-build', { KB_INCLUDE_DRAFTS: '1' });
    const page = (id: string) => site.read(`incidents/${id}/index.html`);
    /** Visible text, so highlighted code can be compared with the source. */
    const textOf = (html: string) =>
      html
        .replace(/<[^>]+>/g, '')
        .replace(/&#x3C;|&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&#39;|&#x27;/g, "'")
        .replace(/&quot;|&#x22;/g, '"')
        .replace(/&amp;/g, '&');
    const ids = Object.fromEntries(
      incidentsIn(root).map((f) => [f, readFileSync(join(root, 'incidents', f), 'utf8').match(/^id: (\S+)$/m)![1]]),
    );
    expect(Object.keys(ids)).toHaveLength(4);
    for (const id of Object.values(ids)) expect(site.exists(`incidents/${id}/index.html`), id).toBe(true);

    const sre = page(ids['2024-03-05-checkout-outage-database-connection-pool-exhausted.md']);
    expect(sre).toContain('id="timeline"');
    expect(sre.match(/class="kb-timeline__entry/g)).toHaveLength(6);
    expect(textOf(sre)).toContain('deployctl rollback checkout --to 8811\nkubectl -n checkout rollout status deploy/checkout-api');
    expect(sre).toMatch(/\{EUR 18k\}/); // braces survive: the output is .md, not MDX

    const ko = page(ids['2023-11-20-gyeolje-api-eungdap-jiyeon-jangae.md']);
    expect(ko).toMatch(/<time[^>]*datetime="2023-11-20T14:05:00\.000\+09:00"/);
    expect(ko).toContain('class="kb-whys"');

    const messy = page(ids['2024-03-12-search-outage-wiki-export.md']);
    expect(messy).toContain('<div class="wiki-meta">');
    expect(messy).toContain('<details>');
    expect(messy).toMatch(/a &#x3C; b|a &lt; b/);
    expect(messy).toContain('id="root-cause"');

    const seed = page(ids[seedFile]);
    expect(seed.match(/class="kb-timeline__entry/g)).toHaveLength(4);
    expect(seed).toContain('id="additional-notes"');
    expect(textOf(seed)).toContain(
      'debug2: we did not send a packet, disable method\n  debug1: No more authentication methods to try.'.replace('\n  ', '\n'),
    );
  }, 300_000);

  it('leaves no lock or temporary file behind', () => {
    const left = readdirSync(join(root, 'incidents')).filter((f) => f.startsWith('.'));
    expect(left).toEqual([]);
    expect(existsSync(join(root, 'incidents/.kb-id.lock'))).toBe(false);
  });
});
