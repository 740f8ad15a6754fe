/**
 * `npm run check -- --changed [BASE]` in real git repositories: it reports the
 * changed files and everything that links to them, exactly as a full check
 * reports those files, and nothing else.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateCorpus, writeCorpus } from '../bench/corpus.ts';

const ROOT = resolve(import.meta.dirname, '..');

interface JsonReport {
  errorCount: number;
  files: { path: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[];
}

function check(repo: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/check.ts'), ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, KB_CONTENT_DIR: join(repo, 'content'), KB_BUILD_DATE: '2026-11-22', NO_COLOR: '1', GITHUB_BASE_REF: '', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const git = (repo: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=kb@example.com', '-c', 'user.name=kb', ...args], { cwd: repo, encoding: 'utf8' });

/** A repository whose main branch holds a generated content root (30 incidents, 12 playbooks). */
async function corpusRepo(): Promise<string> {
  const repo = mkdtempSync(join(tmpdir(), 'kb-changed-'));
  await writeCorpus(join(repo, 'content'), generateCorpus({ incidents: 30, playbooks: 12, seed: 7 }));
  writeFileSync(join(repo, 'README.md'), '# kb\n');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  git(repo, 'checkout', '-qb', 'pr');
  return repo;
}

const files = (dir: string) => readdirSync(dir).sort();
const fm = (path: string, key: string) => readFileSync(path, 'utf8').match(new RegExp(`^${key}: (.*)$`, 'm'))?.[1];

/** The --changed report agrees with the full one on every file it reports. */
function expectSubsetOfFull(repo: string, changed: JsonReport) {
  const full = JSON.parse(check(repo, ['--format', 'json']).stdout) as JsonReport;
  const byPath = new Map(full.files.map((f) => [f.path, f.messages]));
  for (const f of changed.files) expect(f.messages, f.path).toEqual(byPath.get(f.path));
  return full;
}

describe('check --changed', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await corpusRepo();
  });

  it('checks nothing when no content file changed (files outside the content root are ignored)', () => {
    appendFileSync(join(repo, 'README.md'), 'more\n');
    const r = check(repo, ['--changed', 'main']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^check: 0 changed content files since main \([0-9a-f]{7}\)/);
    expect(r.stdout.trim().split('\n').pop()).toBe('0 files checked: 0 errors, 0 warnings, 0 info');
    git(repo, 'checkout', '-q', '--', 'README.md');
  });

  it('a removed playbook: every incident that names or links to it is checked, and nothing else', () => {
    const playbooks = join(repo, 'content/playbooks');
    const used = files(playbooks).find((p) => {
      const id = p.replace(/\.md$/, '');
      return (
        files(join(repo, 'content/incidents')).filter((i) => readFileSync(join(repo, 'content/incidents', i), 'utf8').includes(id))
          .length >= 2
      );
    })!;
    const id = used.replace(/\.md$/, '');
    git(repo, 'rm', '-q', join('content/playbooks', used));
    git(repo, 'commit', '-qm', 'remove a playbook');
    const r = check(repo, ['--changed', 'main', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('0 changed content files and 1 removed since main');
    const changed = JSON.parse(r.stdout) as JsonReport;
    const full = expectSubsetOfFull(repo, changed);
    // Exactly the files whose links broke, which the full check finds too.
    const broken = full.files.filter((f) => f.messages.some((m) => m.ruleId.startsWith('links/'))).map((f) => f.path);
    expect(broken.length).toBeGreaterThanOrEqual(2);
    expect(changed.files.map((f) => f.path).sort()).toEqual(broken.sort());
    for (const f of changed.files) expect(readFileSync(join(repo, f.path), 'utf8')).toContain(id);
    git(repo, 'reset', '-q', '--hard', 'main');
  });

  it('a changed id (staged, not committed): what pointed at the old id is checked', () => {
    const incidents = join(repo, 'content/incidents');
    const [a, b, c] = files(incidents);
    const idA = fm(join(incidents, a), 'id')!;
    // b names a in `related`, c links to a's timeline in its body: both depend on a.
    const bText = readFileSync(join(incidents, b), 'utf8').replace(/^related: .*$/m, `related: ["${idA}"]`);
    writeFileSync(join(incidents, b), bText);
    appendFileSync(join(incidents, c), `\nSee [the earlier one](/incidents/${idA}/#timeline).\n`);
    git(repo, 'commit', '-qam', 'link b and c to a');
    git(repo, 'branch', '-qf', 'base-linked');
    writeFileSync(join(incidents, a), readFileSync(join(incidents, a), 'utf8').replace(`id: ${idA}`, 'id: INC-2099-001'));
    git(repo, 'add', join('content/incidents', a));
    const r = check(repo, ['--changed', 'base-linked', '--format', 'json']);
    const changed = JSON.parse(r.stdout) as JsonReport;
    expect(changed.files.map((f) => f.path).sort()).toEqual([a, b, c].map((f) => `content/incidents/${f}`).sort());
    expectSubsetOfFull(repo, changed);
    expect(changed.files.find((f) => f.path.endsWith(b))?.messages.map((m) => m.ruleId)).toContain('links/related');
    expect(changed.files.find((f) => f.path.endsWith(c))?.messages.map((m) => m.ruleId)).toContain('links/internal');
    git(repo, 'reset', '-q', '--hard', 'main');
  });

  it('an unstaged edit and an untracked new file count as changed', () => {
    const incidents = join(repo, 'content/incidents');
    const [first, , , other] = files(incidents);
    const otherId = fm(join(incidents, other), 'id');
    // Links into an unchanged file: its anchors are read (it is parsed), but it is not reported.
    appendFileSync(
      join(incidents, first),
      `\nSee [its timeline](/incidents/${otherId}/#timeline) and [this](/incidents/${otherId}/#nope).\n`,
    );
    writeFileSync(join(incidents, 'zz-new.md'), readFileSync(join(incidents, first), 'utf8').replace(/^id: .*$/m, 'id: INC-2099-002'));
    const r = check(repo, ['--changed', 'main', '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    const paths = report.files.map((f) => f.path);
    expect(paths).toContain(`content/incidents/${first}`);
    expect(paths).not.toContain(`content/incidents/${other}`);
    const anchors = report.files.find((f) => f.path.endsWith(first))!.messages.filter((m) => m.ruleId === 'links/anchor');
    expect(anchors.map((m) => m.message)).toEqual([expect.stringContaining('has no anchor `#nope`')]);
    expectSubsetOfFull(repo, report);
    expect(paths).toContain('content/incidents/zz-new.md');
    rmSync(join(incidents, 'zz-new.md'));
    git(repo, 'checkout', '-q', '--', '.');
  });

  it('kb.config.yaml changed: everything is checked', () => {
    appendFileSync(join(repo, 'content/kb.config.yaml'), '\nplaybook_stale_days: 300\n');
    const r = check(repo, ['--changed', 'main']);
    expect(r.stderr).toContain('kb.config.yaml changed since main');
    expect(r.stdout).toMatch(/42 files checked/);
    git(repo, 'checkout', '-q', '--', '.');
  });

  it('annotations name files from the repository root, even from a sub-folder', () => {
    const incidents = join(repo, 'content/incidents');
    const [first] = files(incidents);
    appendFileSync(join(incidents, first), '\nThis was human error.\n');
    mkdirSync(join(repo, 'sub'), { recursive: true });
    const r = check(join(repo, 'sub'), ['--changed', 'main', '--format', 'github'], { KB_CONTENT_DIR: join(repo, 'content') });
    expect(r.stdout).toContain(`::warning file=content/incidents/${first},line=`);
    expect(r.stdout).toContain('title=blameless::');
    git(repo, 'checkout', '-q', '--', '.');
  });

  it('defaults to the pull request’s target on GitHub Actions', () => {
    git(repo, 'update-ref', 'refs/remotes/origin/main', 'main');
    const r = check(repo, ['--changed'], { GITHUB_BASE_REF: 'main' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/since origin\/main \([0-9a-f]{7}\)/);
  });
});

describe('check --changed without git or with a bad base', () => {
  it('outside a repository: one line, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-nogit-'));
    mkdirSync(join(dir, 'content/incidents'), { recursive: true });
    const r = check(dir, ['--changed'], { GIT_CEILING_DIRECTORIES: tmpdir() });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['check: --changed needs a git repository (and git on PATH); run it inside your clone']);
  });

  it('an unknown base: one line, exit 2', async () => {
    const repo = await corpusRepo();
    const r = check(repo, ['--changed', 'no-such-branch']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'check: --changed: git does not know "no-such-branch"; fetch it first (git fetch origin) or name another base',
    );
  });

  it('refuses PATHs and --fix alongside it', async () => {
    const repo = await corpusRepo();
    expect(check(repo, ['--changed', 'main', 'content/incidents']).stderr).toContain('give no PATH with it');
    expect(check(repo, ['--changed=main', '--fix']).code).toBe(2);
  });
});
