/**
 * Content from many hands, tried as an attacker and as a careless author
 * would: URLs that run code, MDX that runs code in the build, secrets in every
 * form a post-mortem pastes them, and the ordinary filesystem accidents. Each
 * is refused or reported with the file and a fix, the same way in `npm run
 * check` and in `npm run build`, never with a stack trace, and a failed build
 * leaves no output folder behind. (The browser half is tests/e2e/hostile.test.ts.)
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../src/check/index.ts';
import { notWritable } from '../src/cli/shared/fs-safe.ts';
import { SECRET_FORMS } from './helpers/secrets.ts';
import { ROOT, TMP } from './helpers/site.ts';

const run = promisify(execFile);
const WORK = mkdtempSync(join(tmpdir(), 'kb-hostile-'));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

const FRONTMATTER = (id: string, extra = '') =>
  `---\nid: ${id}\ntitle: "t"\nsummary: "s"\nstatus: draft\nseverity: SEV3\ntimezone: UTC\nstarted: "2024-03-05T14:00"\nroot_cause:\n  category: unknown\n${extra}---\n`;

function root(name: string, files: Record<string, string | Buffer>, config = ''): string {
  const dir = join(WORK, name);
  mkdirSync(join(dir, 'incidents'), { recursive: true });
  mkdirSync(join(dir, 'playbooks'), { recursive: true });
  if (config) writeFileSync(join(dir, 'kb.config.yaml'), config);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

async function findings(dir: string) {
  const result = await runCheck({ root: dir, workers: 0 });
  return result.files.flatMap((f) =>
    f.messages.map((m) => ({
      file: f.path.replace(/^.*\/(incidents|playbooks)\//, '$1/'),
      rule: String(m.ruleId),
      line: m.line,
      reason: m.reason,
      fatal: m.fatal,
    })),
  );
}

async function build(dir: string, name: string) {
  const outDir = join(TMP, name, 'dist');
  rmSync(join(TMP, name), { recursive: true, force: true });
  mkdirSync(TMP, { recursive: true });
  try {
    const r = await run('flock', [join(TMP, 'build.lock'), 'npm', 'run', 'build', '--silent'], {
      cwd: ROOT,
      env: {
        ...process.env,
        KB_CONTENT_DIR: dir,
        KB_OUT_DIR: outDir,
        KB_CACHE_DIR: join(TMP, name, 'cache'),
        KB_INCLUDE_DRAFTS: '1',
        NO_COLOR: '1',
      },
      maxBuffer: 64 << 20,
    });
    return { code: 0, output: `${r.stdout}${r.stderr}`, outDir };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, output: `${e.stdout}${e.stderr}`, outDir };
  }
}

describe('URLs that would run code', () => {
  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['JavaScript: with a tab inside', 'java\\tscript:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['vbscript:', 'vbscript:msgbox(1)'],
  ])('an action-item ticket with %s is a schema error naming the field', async (_what, ticket) => {
    const dir = root(`ticket-${ticket.slice(0, 4)}`, {
      'incidents/a.md': `${FRONTMATTER('INC-2024-001', `action_items:\n  - title: "Fix it"\n    kind: prevent\n    ticket: "${ticket}"\n`)}\n## Overview\n\nx\n`,
    });
    const schema = (await findings(dir)).filter((f) => f.rule === 'schema');
    expect(schema).toHaveLength(1);
    expect(schema[0].reason).toMatch(/action_items.*ticket|ticket/);
    expect(schema[0].reason).toMatch(/http:, https: or mailto:/);
    expect(schema[0].line).toBe(14);
  });

  it('http, https, mailto and /path tickets are fine; config URLs must be http(s)', async () => {
    for (const ticket of ['https://t.example.com/1', 'mailto:ops@example.com', '/runbooks/x/']) {
      const dir = root('ticket-ok', {
        'incidents/a.md': `${FRONTMATTER('INC-2024-001', `action_items:\n  - title: "Fix it"\n    kind: prevent\n    ticket: "${ticket}"\n`)}\n## Overview\n\nx\n`,
      });
      expect(
        (await findings(dir)).filter((f) => f.rule === 'schema'),
        ticket,
      ).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    }
    const cfg = root(
      'config-url',
      { 'incidents/a.md': `${FRONTMATTER('INC-2024-001')}\n## Overview\n\nx\n` },
      'site:\n  repo_edit_url: "javascript:alert(1)//"\n',
    );
    expect((await findings(cfg)).filter((f) => f.rule === 'config').map((f) => f.reason)).toEqual([
      expect.stringMatching(/repo_edit_url.*http/),
    ]);
  });
});

describe('MDX that runs code in the build', () => {
  const marker = join(WORK, 'mdx-ran');
  const mdx = `${FRONTMATTER('INC-2024-002')}\nimport { writeFileSync } from 'node:fs';\n\n{/* a comment is fine */}\n\n{writeFileSync(${JSON.stringify(marker)}, 'ran')}\n\n## Overview\n\nx\n`;

  it('is a check error (mdx/code) at each place, and the build stops before anything runs, leaving no output', async () => {
    const dir = root('mdx-code', { 'incidents/a.mdx': mdx });
    expect((await findings(dir)).filter((f) => f.rule === 'mdx/code').map((f) => f.line)).toEqual([13, 17]);
    const b = await build(dir, 'hostile-mdx');
    expect(b.code).toBe(1);
    expect(b.output).toMatch(/a\.mdx:13:1 +error .*import\/export is code/);
    expect(b.output).not.toMatch(/^\s+at /m);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(b.outDir)).toBe(false);
  });

  it('runs only when kb.config.yaml opts in (content.mdx_code: allow): the switch is real', async () => {
    const dir = root('mdx-allowed', { 'incidents/a.mdx': mdx }, 'content:\n  mdx_code: allow\n');
    expect((await findings(dir)).filter((f) => f.rule === 'mdx/code')).toEqual([]);
    const b = await build(dir, 'hostile-mdx-allowed');
    expect(b.code, b.output).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('ran');
    rmSync(marker, { force: true });
  });
});

describe('secrets, in every form a post-mortem pastes them', () => {
  it('each form is an error in the body, in a code block and in a frontmatter string', async () => {
    const files: Record<string, string> = {};
    SECRET_FORMS.forEach(([, text], i) => {
      const id = `INC-2024-${String(100 + i)}`;
      const yaml = JSON.stringify(text);
      files[`incidents/s${i}.md`] =
        `${FRONTMATTER(id, `trigger: ${yaml}\n`)}\n## Overview\n\nPasted: ${text.replace(/\n/g, ' ')}\n\n\`\`\`\n${text}\n\`\`\`\n`;
    });
    const found = await findings(root('secret-forms', files));
    const caught = SECRET_FORMS.map(([what, , rule], i) => {
      const mine = found.filter((f) => f.file === `incidents/s${i}.md` && f.rule === rule);
      return { what, body: mine.some((f) => (f.line ?? 0) >= 14), frontmatter: mine.some((f) => f.line === 11) };
    });
    expect(caught.filter((c) => !c.body || !c.frontmatter)).toEqual([]);
    expect(found.every((f) => !f.rule.startsWith('secrets/') || f.fatal === true)).toBe(true);
  });
});

describe('broken files are reported, never dropped or crashed on', () => {
  const quote = `${FRONTMATTER('INC-2024-010')}\n## Overview\n\n${'>'.repeat(5000)} deep\n`;
  const list = `${FRONTMATTER('INC-2024-011')}\n## Overview\n\n${Array.from({ length: 5000 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n')}\n`;
  const files: Record<string, string | Buffer> = {
    'incidents/quote.md': quote,
    'incidents/list.md': list,
    'incidents/utf16.md': Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`${FRONTMATTER('INC-2024-012')}\n## Overview\n\nx\n`, 'utf16le'),
    ]),
    'incidents/latin1.md': Buffer.from(`${FRONTMATTER('INC-2024-013')}\n## Overview\n\ncaf\xe9\n`, 'latin1'),
    'incidents/long-alias.md': `${FRONTMATTER('INC-2024-014', `aliases: ["${'a'.repeat(300)}"]\n`)}\n## Overview\n\nx\n`,
    'incidents/index-alias.md': `${FRONTMATTER('INC-2024-015', 'aliases: ["index.html"]\n')}\n## Overview\n\nx\n`,
    'incidents/nul-alias.md': `${FRONTMATTER('INC-2024-016', 'aliases: ["a\\0b"]\n')}\n## Overview\n\nx\n`,
    'incidents/case-a.md': `${FRONTMATTER('INC-2024-017', 'aliases: ["Checkout-Outage"]\n')}\n## Overview\n\nx\n`,
    'incidents/case-b.md': `${FRONTMATTER('INC-2024-018', 'aliases: ["checkout-outage"]\n')}\n## Overview\n\nx\n`,
    'incidents/nfc.md': `${FRONTMATTER('INC-2024-019', `tags: ["${'결제'.normalize('NFC')}"]\n`)}\n## Overview\n\nx\n`,
    'incidents/nfd.md': `${FRONTMATTER('INC-2024-020', `tags: ["${'결제'.normalize('NFD')}"]\n`)}\n## Overview\n\nx\n`,
  };
  const expected: [string, string, RegExp][] = [
    ['incidents/quote.md', 'file', /nested more than 64 levels/],
    ['incidents/list.md', 'file', /nested more than 64 levels/],
    ['incidents/utf16.md', 'file', /UTF-16.*save it as UTF-8/],
    ['incidents/latin1.md', 'file', /not valid UTF-8.*line 15/],
    ['incidents/folder.md', 'file', /is a folder/],
    ['incidents/outside-link.md', 'file', /symlink to .*outside the content root/],
    ['incidents/long-alias.md', 'schema', /at most 100 characters/],
    ['incidents/index-alias.md', 'schema', /reserved/],
    ['incidents/nul-alias.md', 'schema', /control character/],
    ['incidents/case-a.md', 'links/duplicate-id', /differs only in case/],
    ['incidents/case-b.md', 'links/duplicate-id', /differs only in case/],
  ];
  let dir: string;
  const setup = () => {
    dir = root('broken', files);
    mkdirSync(join(dir, 'incidents/folder.md'));
    // A file outside the content root altogether (a symlink to /etc/hosts would publish it).
    writeFileSync(join(WORK, 'outside.md'), `${FRONTMATTER('INC-2024-021')}\n## Overview\n\nx\n`);
    symlinkSync(join(WORK, 'outside.md'), join(dir, 'incidents/outside-link.md'));
    symlinkSync(join(dir, 'incidents/nfc.md'), join(dir, 'incidents/inside-link.md'));
  };

  it('npm run check names each one with its rule, and follows a symlink that stays inside the root', async () => {
    setup();
    const found = await findings(dir);
    for (const [file, rule, reason] of expected)
      expect(found, `${file} ${rule}`).toContainEqual(expect.objectContaining({ file, rule, reason: expect.stringMatching(reason) }));
    expect(found.filter((f) => f.file === 'incidents/inside-link.md' && f.rule === 'file')).toEqual([]);
    expect(found.filter((f) => f.rule === 'internal')).toEqual([]);
  });

  it('npm run build reports the same, with no stack trace, and leaves no output folder', async () => {
    const b = await build(dir, 'hostile-broken');
    expect(b.code).toBe(1);
    for (const [file, rule] of expected)
      expect(b.output, `${file} ${rule}`).toMatch(new RegExp(`${file.replace('.', '\\.')}:\\d+:\\d+[^\\n]*${rule.replace('/', '\\/')}`));
    expect(b.output).toMatch(/build failed: npm run check found \d+ errors/);
    expect(b.output).not.toMatch(/^\s+at .*\(.*:\d+:\d+\)$/m);
    expect(existsSync(b.outDir)).toBe(false);
  });

  it('NFD and NFC spellings of one Korean tag are one tag', async () => {
    const { parseEntry } = await import('../src/core/entry.ts');
    const tags = ['nfc.md', 'nfd.md'].map((f) => (parseEntry(readFileSync(join(dir, 'incidents', f), 'utf8'), f).data.tags as string[])[0]);
    expect(tags[0]).toBe(tags[1]);
    expect(Buffer.from(tags[1]).length).toBe(Buffer.from('결제'.normalize('NFC')).length);
  });
});

describe('writers survive signals and odd folders', () => {
  it('a read-only folder is one clear line and exit 2, not a stack trace', () => {
    for (const code of ['EACCES', 'EROFS', 'EPERM']) {
      const error = notWritable('/srv/kb/incidents/x.md', Object.assign(new Error('x'), { code }));
      expect(error?.exitCode).toBe(2);
      expect(error?.message).toMatch(/^cannot write to \/srv\/kb\/incidents \((read-only file system|permission denied)\)/);
    }
    expect(notWritable('/x', Object.assign(new Error('x'), { code: 'ENOSPC' }))).toBeUndefined();
  });

  it('import --out outside the content root never hands out an id twice', async () => {
    const out = join(WORK, 'staging');
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await run(
        join(ROOT, 'node_modules/.bin/node'),
        ['scripts/import.ts', '--json', '--out', out, 'tests/fixtures/import/messy-wiki-export.txt'],
        {
          cwd: ROOT,
          env: { ...process.env, KB_CONTENT_DIR: join(ROOT, 'tests/fixtures/site-basic') },
        },
      ).catch((e: { stdout: string }) => e);
      ids.push(JSON.parse(r.stdout).files[0].id);
    }
    expect(new Set(ids).size).toBe(2);
  });

  it('an MDX body that fails while rendering names the file, with no stack trace', async () => {
    const dir = root(
      'mdx-runtime',
      {
        'incidents/broken.mdx': `${FRONTMATTER('INC-2024-030')}\n## Overview\n\nThe dashboard below:\n\n<Missing prop="x" />\n\n{undefinedVariable.count} requests failed.\n`,
      },
      'content:\n  mdx_code: allow\n',
    );
    const b = await build(dir, 'hostile-mdx-runtime');
    expect(b.code).toBe(1);
    expect(b.output).toMatch(/An \.mdx body failed while rendering; it is one of: incidents\/broken\.mdx/);
    expect(b.output).not.toMatch(/^\s+at .*:\d+:\d+\)?$/m);
    expect(existsSync(b.outDir)).toBe(false);
  });

  it('a lock left by a killed process (SIGKILL) is taken over at once, with a note; SIGTERM leaves no lock', async () => {
    const dir = root('locks', {});
    const holder = `const { withIdLock } = await import(${JSON.stringify(join(ROOT, 'src/cli/shared/ids.ts'))});
      const { exitOnSignals } = await import(${JSON.stringify(join(ROOT, 'src/cli/shared/fs-safe.ts'))});
      exitOnSignals();
      await withIdLock(${JSON.stringify(dir)}, async () => { process.stdout.write('locked\\n'); await new Promise((r) => setTimeout(r, 60_000)); });`;
    const lock = join(dir, 'incidents/.kb-id.lock');
    for (const signal of ['SIGTERM', 'SIGHUP', 'SIGKILL'] as const) {
      const child = execFile(join(ROOT, 'node_modules/.bin/node'), ['--input-type=module', '-e', holder]);
      await new Promise<void>((resolve) => child.stdout!.on('data', () => resolve()));
      expect(existsSync(lock)).toBe(true);
      child.kill(signal);
      await new Promise((resolve) => child.on('exit', resolve));
      expect(existsSync(lock), signal).toBe(signal === 'SIGKILL');
    }
    const { withIdLock } = await import('../src/cli/shared/ids.ts');
    const notes: string[] = [];
    const started = Date.now();
    await withIdLock(dir, async () => {}, { note: (m) => void notes.push(m) });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(notes).toEqual([expect.stringMatching(/took over the id lock .* left by process \d+, which is no longer running/)]);
    expect(existsSync(lock)).toBe(false);
  });
});
