/** `npm run check` as users and the build run it: real subprocesses, real files, exit codes. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify, stripVTControlCharacters } from 'node:util';
import { buildSite } from './helpers/site.ts';
import { formatReport, runCheck } from '../src/check/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FIXTURES = resolve(ROOT, 'tests/fixtures/check/kb');
const SEED = 'incidents/2019-02-15-keypair-permission-denied.md';
const run = promisify(execFile);

async function check(args: string[], contentDir = 'content'): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['scripts/check.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, KB_CONTENT_DIR: resolve(ROOT, contentDir), NO_COLOR: '1' },
      maxBuffer: 16 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const tempCopy = (from: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'kb-check-'));
  cpSync(from, dir, { recursive: true });
  return dir;
};

describe('npm run check on the real content', () => {
  it("exits 0 and warns about the seed incident's public IP and key fingerprint", async () => {
    const { code, stdout } = await check([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`content/${SEED}:51:45-51:58 +warning +public IPv4 address .* pii/ip-address`));
    expect(stdout).toMatch(new RegExp(`content/${SEED}:85:30-85:80 +warning +SSH key fingerprint .* pii/fingerprint`));
    expect(stdout).not.toContain('14.32.250.213'); // the report itself does not repeat the value
    // 7 of 10: its frontmatter `impact.description` and `lessons` fill Impact and Lessons Learned (said once)
    expect(stdout).toMatch(/Completeness .*\n +7\/10 +incidents\/2019-02-15/);
    expect(stdout).not.toMatch(/missing section `## (Impact|Lessons Learned)`/);
    expect(stdout.trim().split('\n').pop()).toMatch(/^2 files checked: 0 errors, \d+ warnings, \d+ info$/);
  });

  it('exits 0 on the site fixture that the build tests use', async () => {
    expect((await check([], 'tests/fixtures/site-basic')).code).toBe(0);
  });

  it('fails with --strict, because the seed has warnings', async () => {
    expect((await check(['--strict'])).code).toBe(1);
  });
});

describe('exit codes and formats', () => {
  it('exits 1 on errors, printing path:line:column, level, message and rule id', async () => {
    const { code, stdout } = await check(['tests/fixtures/check/kb/incidents/schema.md'], 'tests/fixtures/check/kb');
    expect(code).toBe(1);
    expect(stdout).toMatch(
      /tests\/fixtures\/check\/kb\/incidents\/schema\.md:15:1 +error +unknown key `servces`: did you mean `services`\? +schema/,
    );
    expect(stdout).toContain('1 file checked: 2 errors, 0 warnings, 0 info');
  });

  it('reports only the PATHs given, but resolves links against the whole root', async () => {
    const { stdout } = await check(['tests/fixtures/check/kb/incidents/good.md'], 'tests/fixtures/check/kb');
    expect(stdout).toContain('1 file checked: 0 errors, 0 warnings');
  });

  it('checks a file outside the content root against the root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-check-outside-'));
    const file = join(dir, 'incidents', 'draft.md');
    cpSync(join(FIXTURES, 'incidents/links-playbook.md'), file);
    const { code, stdout } = await check([file], 'tests/fixtures/check/kb');
    expect(code).toBe(1);
    expect(stdout).toContain('links/playbook');
    expect(stdout).not.toContain('links/internal'); // /playbooks/disk-full/ resolved in the root
  });

  it('prints JSON with --format json', async () => {
    const { code, stdout } = await check(['--format', 'json', 'tests/fixtures/check/kb/incidents/pii.md'], 'tests/fixtures/check/kb');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.errorCount).toBe(0);
    expect(report.files[0].completeness).toEqual({ filled: 10, total: 10 });
    expect(report.files[0].messages[0]).toMatchObject({
      ruleId: 'pii/email',
      severity: 'warning',
      line: 70,
      column: 37,
      endLine: 70,
      endColumn: 53,
    });
  });

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--format', 'xml'], /--format must be one of text, json, github, sarif, junit, not "xml"/],
    [['no/such/file.md'], /no such file or folder: no\/such\/file\.md/],
  ])('exits 2 on a usage error (%j) and lists the valid flags', async (args, message) => {
    const { code, stderr } = await check(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toContain(
      'Valid flags: --format text|json|github|sarif|junit, --changed [BASE], --strict, --fix, --build, --edition internal|public, --rules, --output FILE, --help',
    );
  });

  it('documents every rule in --help', async () => {
    const { code, stdout } = await check(['--help']);
    expect(code).toBe(0);
    for (const id of [
      'schema',
      'yaml',
      'structure/required-section',
      'time/order',
      'links/anchor',
      'remediation/vague',
      'blameless',
      'secrets/private-key',
      'pii/ip-address',
      'ignore/reason',
    ]) {
      expect(stdout).toMatch(new RegExp(`^${id.replace('/', '\\/')} +(error|warn|info) +\\S`, 'm'));
    }
  });

  it('prints only errors and the summary with --build', async () => {
    const { code, stdout, stderr } = await check(
      ['--build', 'tests/fixtures/check/kb/incidents/five-problems.md'],
      'tests/fixtures/check/kb',
    );
    expect(code).toBe(1);
    expect(stdout).toContain('time/timeline-parse');
    expect(stdout).not.toContain('blameless'); // a warning
    expect(stderr).toContain('fix the errors above before building');
  });
});

describe('--fix', () => {
  it('masks the warned values in place, byte for byte, and reports each change', async () => {
    const dir = tempCopy(resolve(ROOT, 'content'));
    const before = readFileSync(join(dir, SEED), 'utf8');
    const playbook = readFileSync(join(dir, 'playbooks/ssh-permission-denied-publickey.md'), 'utf8');
    const { code, stdout } = await check(['--fix'], dir);
    expect(code).toBe(0);
    const after = readFileSync(join(dir, SEED), 'utf8');
    // Only the masked values changed: code blocks keep every other byte.
    expect(after).toBe(
      before.replaceAll('14.32.250.213', '14.32.x.x').replace('SHA256:v4eIpa+LzMevP9j/Zswex0aZwKUuGiWz7mkT2f489vc', 'SHA256:v4eI****'),
    );
    expect(readFileSync(join(dir, 'playbooks/ssh-permission-denied-publickey.md'), 'utf8')).toBe(playbook);
    expect(stdout).toMatch(/Fixed \(masked in place\):\n.*2019-02-15-keypair-permission-denied\.md:51:45 +pii\/ip-address +→ 14\.32\.x\.x/);
    expect(stdout).toMatch(/:65:47 +pii\/ip-address/);
    expect(stdout).toMatch(/:85:30 +pii\/fingerprint +→ SHA256:v4eI\*\*\*\*/);
    // A second run finds nothing left to mask.
    const again = await check([], dir);
    expect(again.stdout).not.toMatch(/pii\//);
  });

  it('leaves silenced values and secrets alone', async () => {
    const dir = tempCopy(FIXTURES);
    const ignored = readFileSync(join(dir, 'incidents/ignored.md'), 'utf8');
    const secrets = readFileSync(join(dir, 'incidents/secrets.md'), 'utf8');
    await check(['--fix', join(dir, 'incidents/ignored.md'), join(dir, 'incidents/secrets.md')], dir);
    expect(readFileSync(join(dir, 'incidents/ignored.md'), 'utf8')).toBe(ignored);
    expect(readFileSync(join(dir, 'incidents/secrets.md'), 'utf8')).toBe(secrets);
  });
});

describe('npm run build', () => {
  it('runs the same check as npm run check -- --build, in the same pass that parses the files for the site', async () => {
    const built = await buildSite('tests/fixtures/site-basic', 'check-cli-build-passes');
    const { stdout } = await check(['--build'], 'tests/fixtures/site-basic');
    const summary = stdout.trim().split('\n').at(-1)!;
    expect(summary).toMatch(/^\d+ files checked: 0 errors, \d+ warnings/);
    expect(stripVTControlCharacters(built.stdout)).toContain(summary);
  });

  it('stops with the check report when the content has errors', async () => {
    const dir = tempCopy(resolve(ROOT, 'tests/fixtures/site-basic'));
    writeFileSync(join(dir, 'incidents/broken.md'), readFileSync(join(FIXTURES, 'incidents/schema.md'), 'utf8'));
    const error = await buildSite(dir, 'check-cli-build-stops').catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(`${error.stdout}`).toMatch(/broken\.md:15:1 +error +unknown key `servces`/);
    expect(`${error.stdout}`).not.toMatch(/\d +warning +/); // --build prints errors only
  });
});

describe('npm run check on a root big enough for worker threads', () => {
  it('gives the same JSON report as checking everything in one thread', async () => {
    // 460 incidents: copies of the rule fixtures, so every rule has findings to compare.
    const dir = tempCopy(FIXTURES);
    const names = readdirSync(join(FIXTURES, 'incidents'));
    for (let i = 0; i < 460; i++) {
      const name = names[i % names.length];
      cpSync(join(FIXTURES, 'incidents', name), join(dir, 'incidents', `copy-${String(i).padStart(3, '0')}-${name}`));
    }
    const { code, stdout } = await check(['--format', 'json'], dir);
    expect(code).toBe(1);
    const single = await runCheck({ root: dir, cwd: ROOT, workers: 0 });
    expect(stdout).toBe(formatReport(single, { format: 'json' }));
    expect(JSON.parse(stdout).files.length).toBeGreaterThan(480);
  });
});
