/**
 * Machine output works through npm. `npm run` prints a `> incident-kb@… check`
 * banner on stdout, so JSON must go to `--output FILE` or through
 * `npm run --silent`. Every JSON command the README documents is extracted
 * from it and run through the real npm, in a sandbox project (symlinks to this
 * one, its own content root and the inputs the examples name), and what it
 * produced is parsed as JSON: the README stays true.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionItemsJson } from '../src/site/action-feeds.ts';
import { collectActionItems } from '../src/site/action-items.ts';
import { GIT_USER } from './fixtures/scaffold/harness.ts';
import { feedContext } from './helpers/action-feed.ts';

const ROOT = join(import.meta.dirname, '..');

/** Shell lines of the README's code blocks (continuations joined, `$ ` prompts and trailing comments dropped). */
function readmeCommands(markdown: string): string[] {
  const lines: string[] = [];
  let fence: { ticks: string; shell: boolean } | undefined;
  let pending = '';
  for (const raw of markdown.split('\n')) {
    if (!fence) {
      const open = raw.match(/^(`{3,})(\w*)\s*$/);
      if (open) fence = { ticks: open[1], shell: ['', 'sh', 'bash', 'shell', 'text'].includes(open[2]) };
      continue;
    }
    if (raw.trimEnd() === fence.ticks) {
      fence = undefined;
      pending = '';
      continue;
    }
    if (!fence.shell) continue;
    const line = pending + (pending ? raw.trimStart() : raw.replace(/^\$ /, ''));
    if (/\\$/.test(line)) {
      pending = `${line.slice(0, -1).trimEnd()} `;
      continue;
    }
    pending = '';
    lines.push(stripComment(line).trim());
  }
  return lines.filter((l) => /\bnpm run\b/.test(l));
}

/** The line without a shell comment (`  # …` outside quotes). */
function stripComment(line: string): string {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) return line.slice(0, i);
  }
  return line;
}

const makesJson = (cmd: string) => /--json\b|--format[ =]json\b/.test(cmd);

/** A project that is this one (package.json, scripts, src, node_modules) with its own content root and inputs. */
function sandbox(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-npm-json-'));
  for (const name of ['package.json', 'scripts', 'src', 'node_modules', 'tsconfig.json']) symlinkSync(join(ROOT, name), join(dir, name));
  cpSync(join(ROOT, 'tests/fixtures/site-basic'), join(dir, 'content'), { recursive: true });
  // what the README's examples name: a folder of old post-mortems, and a CSV of deploys during INC-2024-007
  mkdirSync(join(dir, 'notes'));
  cpSync(join(ROOT, 'tests/fixtures/import/2024-03-05-checkout-db-pool-exhaustion.md'), join(dir, 'notes/checkout.md'));
  writeFileSync(
    join(dir, 'deploys.csv'),
    'When,What\n2024-03-05 14:01,Config revision 8812 deployed\n2024-03-05 14:38,Rollback of revision 8812\n',
  );
  // what `npm run action-items` reads: a built /api/action-items.json, made by the site's own code
  mkdirSync(join(dir, 'dist/api'), { recursive: true });
  const today = '2025-06-10';
  const incident = {
    id: 'INC-2025-001',
    data: {
      title: 'Checkout pool exhausted',
      severity: 'SEV2',
      status: 'published',
      started: '2025-05-01T10:00',
      action_items: [{ title: 'Alert on pool saturation', kind: 'detect', owner: 'sre-team', status: 'open', due: '2025-06-01' }],
    },
  };
  writeFileSync(
    join(dir, 'dist/api/action-items.json'),
    JSON.stringify(actionItemsJson(collectActionItems([incident as never], today), feedContext(today))),
  );
  return dir;
}

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(command: string, cwd: string): Promise<Ran> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...GIT_USER,
    PATH: `${join(ROOT, 'node_modules/.bin')}:${process.env.PATH}`,
    KB_NOW_MS: String(Date.UTC(2025, 5, 10, 18, 30)),
    TZ: 'Asia/Seoul',
  };
  delete env.KB_CONTENT_DIR;
  delete env.CI;
  delete env.npm_config_loglevel; // as a person's shell: npm prints its banner
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Where a command's JSON lands: its --output FILE, its `> FILE`, or stdout. */
function jsonOf(command: string, ran: Ran, cwd: string): { from: string; text: string } {
  const file = command.match(/--output[ =](\S+)/)?.[1] ?? command.match(/(?:^|\s)>\s*(\S+)/)?.[1];
  if (file) return { from: file, text: existsSync(join(cwd, file)) ? readFileSync(join(cwd, file), 'utf8') : '' };
  return { from: 'stdout', text: ran.stdout };
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const JSON_COMMANDS = readmeCommands(README).filter(makesJson);

describe('the README', () => {
  it('documents JSON commands (the extraction finds them)', () => {
    expect(JSON_COMMANDS.length).toBeGreaterThanOrEqual(4);
    expect(JSON_COMMANDS.some((c) => c.startsWith('npm run check'))).toBe(true);
    expect(JSON_COMMANDS.some((c) => c.includes('npm run import'))).toBe(true);
  });

  it('gives every JSON command through npm an --output FILE or --silent', () => {
    const bare = JSON_COMMANDS.filter((c) => !/--output[ =]\S/.test(c) && !/\bnpm run (?:--silent|-s)\b/.test(c));
    expect(bare).toEqual([]);
  });
});

describe('every JSON command of the README, run through npm, gives valid JSON', () => {
  let dir: string;
  beforeAll(() => {
    dir = sandbox();
  });
  // One at a time: some write into the sandbox's content root.
  it.each(JSON_COMMANDS)(
    '%s',
    async (command) => {
      const ran = await sh(command, dir);
      expect(ran.code, `${command}\n${ran.stderr}`).toBe(0);
      const { from, text } = jsonOf(command, ran, dir);
      expect(() => JSON.parse(text), `${command}: ${from} is not JSON:\n${text.slice(0, 400)}`).not.toThrow();
      expect(typeof JSON.parse(text)).toBe('object');
      // the report went where it was sent, and npm's banner nowhere near it
      if (from !== 'stdout') expect(ran.stdout).not.toMatch(/^\s*[{[]/m);
      expect(text).not.toContain('> incident-kb@');
    },
    120_000,
  );
});

describe('check and import: --output FILE and npm run --silent', () => {
  let dir: string;
  beforeAll(() => {
    dir = sandbox();
  });

  it('npm run check -- --format json --output f.json writes the report; npm run --silent check gives JSON on stdout', async () => {
    const viaFile = await sh('npm run check -- --format json --output f.json', dir);
    expect(viaFile.code, viaFile.stderr).toBe(0);
    expect(viaFile.stdout).toContain('> incident-kb@'); // npm's banner: why --output exists
    const report = JSON.parse(readFileSync(join(dir, 'f.json'), 'utf8'));
    expect(report).toMatchObject({ errorCount: 0, files: expect.any(Array) });
    expect(viaFile.stderr).toMatch(/^check: report written to f\.json \(0 errors, \d+ warnings?\)$/m);
    const silent = await sh('npm run --silent check -- --format json', dir);
    expect(JSON.parse(silent.stdout)).toEqual(report);
    // without either, stdout through npm is not JSON: the reason for all this
    const plain = await sh('npm run check -- --format json', dir);
    expect(() => JSON.parse(plain.stdout)).toThrow();
  });

  it('replaces an earlier report, in either format, and leaves no temporary file', async () => {
    await sh('npm run --silent check -- --output report.txt', dir);
    expect(readFileSync(join(dir, 'report.txt'), 'utf8')).toMatch(/\d+ files checked: 0 errors/);
    const again = await sh('npm run --silent check -- --format json --output report.txt', dir);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'report.txt'), 'utf8')).errorCount).toBe(0);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never overwrites a file that is not an earlier report, nor a folder: exit 2, one line, nothing written', async () => {
    const precious = join(dir, 'content/incidents/2019-02-15-keypair-permission-denied.md');
    const before = readFileSync(precious, 'utf8');
    for (const [command, target] of [
      ['npm run --silent check -- --format json --output content/incidents/2019-02-15-keypair-permission-denied.md', precious],
      ['npm run --silent import -- notes/ --json --output content/incidents/2019-02-15-keypair-permission-denied.md', precious],
    ]) {
      const incidentsBefore = readdirSync(join(dir, 'content/incidents')).sort();
      const ran = await sh(command, dir);
      expect(ran.code, command).toBe(2);
      expect(ran.stderr).toMatch(
        /--output .*2019-02-15-keypair-permission-denied\.md: exists and is not an earlier (check|import) report; choose another file, or remove it \(nothing was written\)/,
      );
      expect(ran.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(readFileSync(target, 'utf8')).toBe(before);
      // refused before any work: import wrote no incident
      expect(readdirSync(join(dir, 'content/incidents')).sort()).toEqual(incidentsBefore);
    }
    const folder = await sh('npm run --silent check -- --output content', dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toMatch(/--output content: is a folder; give a file name/);
  });

  it('import --output writes its text report too, and nothing of it goes to stdout', async () => {
    const ran = await sh('npm run import -- notes/ --dry-run --output import.txt', dir);
    expect(ran.code, ran.stderr).toBe(0);
    expect(readFileSync(join(dir, 'import.txt'), 'utf8')).toMatch(/^✔ notes\/checkout\.md would become /);
    expect(ran.stdout).not.toContain('would become');
  });
});

describe('the extraction', () => {
  it('joins continued lines, drops prompts and comments, keeps quoted #', () => {
    const md = '```sh\n$ npm run a -- x \\\n    --json   # note\nnpm run b -- "#tag" --json\necho no\n```\n';
    expect(readmeCommands(md)).toEqual(['npm run a -- x --json', 'npm run b -- "#tag" --json']);
  });

  it('a bare JSON command would be caught (the check above can fail)', () => {
    const bare = readmeCommands('```sh\nnpm run check -- --format json\n```\n').filter(makesJson);
    expect(bare.filter((c) => !/--output[ =]\S/.test(c) && !/\bnpm run (?:--silent|-s)\b/.test(c))).toEqual([
      'npm run check -- --format json',
    ]);
  });
});
