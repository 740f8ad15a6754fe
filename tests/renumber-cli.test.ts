/**
 * `npm run renumber` as a user runs it after an undated import: the seed is
 * imported into an empty content root (it gets this year's id), the author
 * uncomments the proposed `started`, check names the command, and renumber
 * gives the draft its 2019 id, keeps the old one as an alias and renames nothing
 * it must not.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../src/check/index.ts';
import { ROOT, TMP } from './helpers/site.ts';

const execAsync = promisify(execFile);
const NODE = join(ROOT, 'node_modules/.bin/node');
const WORK = join(TMP, 'renumber-cli');
const YEAR = new Date().getUTCFullYear();

async function cli(script: string, args: string[]) {
  try {
    const r = await execAsync(NODE, [join(ROOT, 'scripts', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, KB_CONTENT_DIR: WORK, NO_COLOR: '1' },
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const incidentFiles = () => readdirSync(join(WORK, 'incidents'));
const findings = async () => (await runCheck({ root: WORK })).files.flatMap((f) => f.messages.map((m) => `${m.ruleId}: ${m.reason}`));

beforeAll(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(join(WORK, 'incidents'), { recursive: true });
  mkdirSync(join(WORK, 'playbooks'), { recursive: true });
  const r = await cli('import.ts', ['tests/fixtures/seed-postmortem-ko.md', '--timezone', 'Asia/Seoul']);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);

describe('an undated import, dated later, renumbered', () => {
  let path: string;

  it('imports as a valid draft with this year’s id and the date proposed in a comment', async () => {
    const [name] = incidentFiles();
    path = join(WORK, 'incidents', name);
    const text = readFileSync(path, 'utf8');
    expect(text).toMatch(new RegExp(`^id: INC-${YEAR}-001$`, 'm'));
    expect(text).toMatch(/^# started: "2019-02-15T16:01"/m);
    expect((await findings()).filter((f) => f.startsWith('time/id-year'))).toEqual([]);
  });

  it('check names the renumber command once `started` is uncommented', async () => {
    writeFileSync(path, readFileSync(path, 'utf8').replace(/^# (started: "2019-02-15T16:01").*$/m, '$1'));
    expect((await findings()).filter((f) => f.startsWith('time/id-year'))).toEqual([
      `time/id-year: the id says ${YEAR} but \`started\` is in 2019: run \`npm run renumber -- INC-${YEAR}-001\` to give it a 2019 id (the old id stays as an alias, so links keep working)`,
    ]);
  });

  it('--dry-run says what it would do and changes nothing', async () => {
    const before = readFileSync(path, 'utf8');
    const r = await cli('renumber.ts', [`INC-${YEAR}-001`, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`would renumber INC-${YEAR}-001 → INC-2019-001`);
    expect(readFileSync(path, 'utf8')).toBe(before);
  });

  it('gives the draft a 2019 id, keeps the old id as an alias, and check is quiet about it', async () => {
    const before = readFileSync(path, 'utf8');
    const r = await cli('renumber.ts', [`INC-${YEAR}-001`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`renumbered INC-${YEAR}-001 → INC-2019-001 (the old id stays as an alias)`);
    const after = readFileSync(path, 'utf8');
    expect(after).toMatch(/^id: INC-2019-001$/m);
    expect(after).toMatch(new RegExp(`^aliases: \\["seed-postmortem-ko", "INC-${YEAR}-001"\\]$`, 'm'));
    // Nothing else changed: the same lines but the two.
    const changed = (a: string, b: string) => a.split('\n').filter((l, i) => l !== b.split('\n')[i]);
    expect(changed(after, before)).toHaveLength(2);
    const all = await findings();
    expect(all.filter((f) => /^(time\/id-year|links\/duplicate-id|schema):/.test(f))).toEqual([]);
  });

  it('renames a dated file to the new date, and never over another file', async () => {
    const dated = join(WORK, 'incidents', `${YEAR}-01-02-dated.md`);
    const text = readFileSync(path, 'utf8')
      .replace(/^id: .*$/m, `id: INC-${YEAR}-007`)
      .replace(/^aliases: .*$/m, 'aliases: []');
    writeFileSync(dated, text);
    writeFileSync(join(WORK, 'incidents', '2019-02-15-dated.md'), 'taken');
    const refused = await cli('renumber.ts', [dated]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/2019-02-15-dated\.md exists already; rename the file yourself/);
    expect(readFileSync(dated, 'utf8')).toBe(text);
    expect(readFileSync(join(WORK, 'incidents', '2019-02-15-dated.md'), 'utf8')).toBe('taken');
    rmSync(join(WORK, 'incidents', '2019-02-15-dated.md'));
    const r = await cli('renumber.ts', [dated]);
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(dated)).toBe(false);
    expect(readFileSync(join(WORK, 'incidents', '2019-02-15-dated.md'), 'utf8')).toMatch(/^id: INC-2019-002$/m);
  });

  it('refuses a published incident: its id never changes', async () => {
    const published = join(WORK, 'incidents', 'published.md');
    const text = readFileSync(path, 'utf8')
      .replace(/^id: .*$/m, `id: INC-${YEAR}-009`)
      .replace(/^aliases: .*$/m, 'aliases: []')
      .replace(/^status: draft$/m, 'status: published');
    writeFileSync(published, text);
    const r = await cli('renumber.ts', [`INC-${YEAR}-009`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is published: a published id never changes');
    expect(readFileSync(published, 'utf8')).toBe(text);
  });
});
