/**
 * `npm run action-items -- list|export|notify` on an /api/action-items.json made
 * by the site's own code: the gh commands run through a real shell (with a
 * stand-in `gh` that records its arguments), the CSVs through csv-parse, the
 * webhook payload through JSON.parse, --from a URL through a loopback server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { collectActionItems } from '../src/site/action-items.ts';
import { actionItemsJson } from '../src/site/action-feeds.ts';
import { feedContext } from './helpers/action-feed.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BUILT = '2025-06-15';
const NASTY = `Quote ' and "double", $(rm -rf /) and \`backticks\`; a;b`;

const incident = (id: string, severity: string, status: string, items: object[]) => ({
  id,
  data: { title: `Incident ${id}`, severity, status, started: '2025-05-01T10:00', action_items: items as never[] },
});

const ctx = feedContext(BUILT);

const items = collectActionItems(
  [
    incident('INC-2025-001', 'SEV1', 'published', [
      { title: NASTY, kind: 'prevent', owner: 'sre-team', status: 'open', due: '2025-06-14' },
      { title: 'Has a ticket', kind: 'detect', owner: 'sre-team', status: 'open', due: '2025-06-01', ticket: 'https://t.example/OPS-1' },
      { title: 'Closed', kind: 'process', owner: 'sre-team', status: 'done', due: '2025-05-01' },
    ]),
    incident('INC-2025-002', 'SEV3', 'review', [
      { title: 'Pin the prefetch', kind: 'prevent', owner: 'Platform Team', status: 'in-progress', due: '2025-06-12' },
      { title: 'Later', kind: 'detect', owner: 'platform team', status: 'open', due: '2025-09-01' },
      { title: 'No owner, no date', kind: 'detect', status: 'open' },
    ]),
  ],
  BUILT,
);

let dir: string;
let jsonPath: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kb-actions-'));
  jsonPath = join(dir, 'dist/api/action-items.json');
  mkdirSync(join(dir, 'dist/api'), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify(actionItemsJson(items, ctx)));
});

function run(args: string[], env: Record<string, string> = {}, cwd = dir) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/action-items.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, KB_BUILD_DATE: BUILT, KB_OUT_DIR: '', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('list', () => {
  it('open items, overdue first, from dist/api/action-items.json', () => {
    const r = run(['list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^2025-06-01 +14d late +sre-team +INC-2025-001 SEV1 +Has a ticket +https:\/\/t\.example\/OPS-1$/);
    expect(lines.at(-1)).toMatch(/^no due .*No owner, no date +https:\/\/kb\.example\.com\/incidents\/INC-2025-002\/#action-items$/);
  });

  it('--overdue --owner for a stand-up: by name or owner-page slug, any case', () => {
    const r = run(['list', '--overdue', '--owner', 'platform-team']);
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^2025-06-12 +3d late +Platform Team +INC-2025-002 SEV3 +Pin the prefetch/),
    ]);
    const two = run(['list', '--overdue', '--owner', 'SRE-TEAM', '--json']);
    expect((JSON.parse(two.stdout) as { title: string }[]).map((i) => i.title)).toEqual(['Has a ticket', NASTY]); // the tracker's order: oldest due first
  });

  it('overdue is recomputed for today, whatever day the JSON was built', () => {
    const r = run(['list', '--overdue', '--json'], { KB_BUILD_DATE: '2025-09-02' });
    expect(r.stderr).toContain('built on 2025-06-15; overdue is recomputed for 2025-09-02');
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(4);
  });

  it('without a build: one line, exit 2', () => {
    const r = run(['list'], {}, tmpdir());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^action-items: no built action items at .*dist\/api\/action-items\.json: run `npm run build` first/);
  });
});

describe('export', () => {
  it('--format github: a shell script whose gh commands receive every title and body intact', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const log = join(dir, 'gh.log');
    // A stand-in gh: records each call's arguments as one JSON line.
    writeFileSync(join(bin, 'gh'), `#!/bin/sh\nnode -e 'console.log(JSON.stringify(process.argv.slice(1)))' -- "$@" >> ${log}\n`);
    chmodSync(join(bin, 'gh'), 0o755);
    const r = run(['export', '--format', 'github', '--repo', 'acme/kb']);
    expect(r.stderr).toContain('4 open items without a ticket');
    writeFileSync(join(dir, 'create.sh'), r.stdout);
    const sh = spawnSync('sh', [join(dir, 'create.sh')], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    expect(sh.status, sh.stderr).toBe(0);
    const calls = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string[]);
    const issues = calls.filter((c) => c[0] === 'issue');
    expect(calls.filter((c) => c[0] === 'label').map((c) => c[2])).toEqual([
      'action-item',
      'kind:detect',
      'kind:prevent',
      'severity:SEV1',
      'severity:SEV3',
    ]);
    expect(issues).toHaveLength(4); // open (in-progress too), no ticket: not "Has a ticket", not "Closed"
    const nasty = issues.find((c) => c.includes(NASTY))!;
    expect(nasty.slice(0, 4)).toEqual(['issue', 'create', '--repo', 'acme/kb']);
    const body = nasty[nasty.indexOf('--body') + 1];
    expect(body).toContain('[INC-2025-001: Incident INC-2025-001](https://kb.example.com/incidents/INC-2025-001/#action-items) (SEV1)');
    expect(body).toContain('in `content/incidents/INC-2025-001.md`');
    expect(nasty.filter((_, i) => nasty[i - 1] === '--label')).toEqual(['action-item', 'kind:prevent', 'severity:SEV1']);
  });

  it('--format jira-csv and linear-csv: CSV imports, priority from the configured severity order', () => {
    const jira = parseCsv(run(['export', '--format', 'jira-csv']).stdout, { relax_column_count: false }) as string[][];
    expect(jira[0]).toEqual(['Summary', 'Description', 'Issue Type', 'Priority', 'Labels', 'Labels', 'Labels', 'Due Date', 'External ID']);
    const nastyRow = jira.find((r) => r[0] === NASTY)!;
    expect(nastyRow.slice(2, 8)).toEqual(['Task', 'Highest', 'action-item', 'kind-prevent', 'severity-SEV1', '2025-06-14']);
    expect(jira.find((r) => r[0] === 'Pin the prefetch')![3]).toBe('Medium');
    const linear = parseCsv(run(['export', '--format', 'linear-csv', '--owner', 'platform-team']).stdout, { columns: true }) as Record<
      string,
      string
    >[];
    expect(linear.map((r) => [r.Title, r.Priority, r.Status])).toEqual([
      ['Pin the prefetch', 'Medium', 'In Progress'],
      ['Later', 'Medium', 'Todo'],
    ]);
  });

  it('needs a known --format', () => {
    const r = run(['export']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('export needs --format github|jira-csv|linear-csv');
  });
});

describe('notify', () => {
  it('prints the webhook payload of the items that became overdue today', () => {
    const r = run(['notify'], { KB_BUILD_DATE: '2025-06-15' });
    const payload = JSON.parse(r.stdout) as { text: string };
    expect(payload.text.split('\n')).toEqual([
      '1 action item became overdue (as of 2025-06-15):',
      `• ${NASTY.replace(/&/g, '&amp;')} — sre-team, due 2025-06-14 · <https://kb.example.com/incidents/INC-2025-001/#action-items|INC-2025-001 SEV1>`,
    ]);
  });

  it('--since 4 covers skipped days; markdown links for Mattermost and Teams; nothing when none', () => {
    const r = run(['notify', '--since', '4', '--format', 'markdown']);
    const text = (JSON.parse(r.stdout) as { text: string }).text;
    expect(text).toMatch(/^2 action items became overdue/);
    expect(text).toContain('[INC-2025-002 SEV3](https://kb.example.com/incidents/INC-2025-002/#action-items)');
    expect(run(['notify'], { KB_BUILD_DATE: '2025-07-01' }).stdout).toBe('');
  });

  describe('--from the deployed site', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/api/action-items.json') res.end(readFileSync(jsonPath));
        else res.writeHead(404).end();
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    });
    afterAll(() => server.close());

    it('reads the JSON over HTTP', async () => {
      // Asynchronously: this process serves the JSON while the command runs.
      const cli = (args: string[]) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
          const child = execFile(
            process.execPath,
            [join(ROOT, 'scripts/action-items.ts'), ...args],
            { env: { ...process.env, KB_BUILD_DATE: BUILT } },
            (error, stdout, stderr) => done({ code: error ? (child.exitCode ?? 1) : 0, stdout, stderr }),
          );
        });
      const r = await cli(['notify', '--from', `${base}/api/action-items.json`]);
      expect(JSON.parse(r.stdout).text).toMatch(/^1 action item became overdue/);
      const missing = await cli(['list', '--from', `${base}/nope.json`]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('HTTP 404');
    });
  });
});
