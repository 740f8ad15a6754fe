/** `npm run new-playbook`, run as a real subprocess over a copy of the site-basic fixture. */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEntry } from '../src/core/entry.ts';
import { PLAYBOOK_SECTIONS, headingFor } from '../src/core/markdown/sections.ts';
import { playbookSchema } from '../src/schema/index.ts';
import { PLAYBOOK_FLAGS } from '../src/cli/new-playbook/options.ts';
import { answer, baseEnv, checkFile, contentCopy, KEY, listFiles, NO_GIT_USER, runCli, runPty } from './fixtures/scaffold/harness.ts';

const run = (root: string, args: string[], extra: Record<string, string> = {}) => runCli('new-playbook', args, baseEnv(root, extra));

function readPlaybook(path: string) {
  const text = readFileSync(path, 'utf8');
  const parsed = parseEntry(text, path, 'playbook');
  const result = playbookSchema.safeParse(parsed.data);
  if (!result.success) throw new Error(`${path} does not match the schema: ${JSON.stringify(result.error.issues)}`);
  return { text, parsed, data: result.data };
}

describe('new-playbook with flags', () => {
  it('writes playbooks/<id>.md reviewed today, with every section and its guidance', async () => {
    const root = contentCopy();
    const r = await run(root, [
      '--yes',
      '--title',
      'Redis: OOM command not allowed',
      '--owner',
      'platform-team',
      '--symptom',
      "OOM command not allowed when used memory > 'maxmemory'",
      '--symptom',
      'redis_memory_used_bytes alert, firing',
      '--service',
      'Redis',
      '--platform',
      'linux,aws-ec2',
      '--tag',
      'memory',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      path: join(root, 'playbooks/redis-oom-command-not-allowed.md'),
      id: 'redis-oom-command-not-allowed',
      url: '/playbooks/redis-oom-command-not-allowed/',
    });
    const { data, text, parsed } = readPlaybook(out.path);
    expect(data).toMatchObject({
      id: 'redis-oom-command-not-allowed',
      title: 'Redis: OOM command not allowed',
      // symptoms are never comma-split: alert names and errors contain commas
      symptoms: ["OOM command not allowed when used memory > 'maxmemory'", 'redis_memory_used_bytes alert, firing'],
      owner: 'platform-team',
      services: ['Redis'],
      platforms: ['linux', 'aws-ec2'],
      tags: ['memory'],
      last_reviewed: '2025-06-11',
    });
    expect(parsed.data.sections).toEqual(PLAYBOOK_SECTIONS.map((d) => expect.objectContaining({ id: d.id, known: true, heading: d.en })));
    for (const d of PLAYBOOK_SECTIONS) expect(text).toContain(`## ${d.en}\n\n<!-- ${d.guidance} -->`);
  });

  it('defaults: the title as the symptom, the git user as owner; Korean title with --id and Korean headings as md', async () => {
    const root = contentCopy();
    const r = await run(root, ['-y', '-t', '디스크 용량 부족', '--lang', 'ko', '--format', 'md', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { path } = JSON.parse(r.stdout);
    expect(basename(path)).toBe('diseukeu-yongnyang-bujok.md');
    const { data, text } = readPlaybook(path);
    expect(data).toMatchObject({ symptoms: ['디스크 용량 부족'], owner: 'Test Author' });
    for (const d of PLAYBOOK_SECTIONS) expect(text).toContain(`## ${headingFor(d, 'ko')}\n\n<!-- `);

    const withId = await run(root, ['-y', '-t', '디스크 용량 부족', '--id', 'disk-full', '--json']);
    expect(JSON.parse(withId.stdout).id).toBe('disk-full');
  });

  it('gives an id already used (id, alias or file) the next free suffix and says so', async () => {
    const root = contentCopy();
    const r = await run(root, ['-y', '-t', 'x', '--id', 'ssh-permission-denied-publickey', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).id).toBe('ssh-permission-denied-publickey-2');
    expect(r.stderr).toContain(
      'the id "ssh-permission-denied-publickey" is taken, so this playbook is "ssh-permission-denied-publickey-2"',
    );
    const again = await run(root, ['-y', '-t', 'x', '--id', 'ssh-permission-denied-publickey', '--json']);
    expect(JSON.parse(again.stdout).id).toBe('ssh-permission-denied-publickey-3');
    expect(readFileSync(join(root, 'playbooks/ssh-permission-denied-publickey.md'), 'utf8')).toBe(
      readFileSync(join(import.meta.dirname, 'fixtures/site-basic/playbooks/ssh-permission-denied-publickey.md'), 'utf8'),
    );
    // Concurrent runs for the same id each get their own.
    const runs = await Promise.all(Array.from({ length: 4 }, () => run(root, ['-y', '-t', 'Same', '--json'])));
    expect(new Set(runs.map((x) => JSON.parse(x.stdout).id))).toEqual(new Set(['same', 'same-2', 'same-3', 'same-4']));
  });

  it('without a terminal, missing title and owner are exit 2 and it never waits; bad values list the choices', async () => {
    const root = contentCopy();
    const before = listFiles(root);
    const r = await run(root, [], NO_GIT_USER);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --title');
    expect(r.stderr).toContain('missing --owner');
    const bad = await run(root, ['-y', '-t', 'x', '--id', 'Not An Id', '--lang', 'jp', '--format', 'rst']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--id: "Not An Id" is not a valid slug; use lowercase ASCII letters, digits and single dashes, e.g. "not-an-id"',
    );
    expect(bad.stderr).toContain('use one of: en, ko, bilingual');
    expect(bad.stderr).toContain('use one of: md, mdx');
    const dry = await run(root, ['-y', '-t', 'x', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('last_reviewed: "2025-06-11"');
    expect(listFiles(root)).toEqual(before);
  });

  it('--help documents every flag', async () => {
    const r = await runCli('new-playbook', ['--help'], baseEnv('/nonexistent'));
    expect(r.code).toBe(0);
    for (const f of PLAYBOOK_FLAGS) expect(r.stdout).toContain(`--${f.name}`);
  });
});

describe('new-playbook in a terminal', () => {
  it('asks for title, id, symptoms, owner, platforms, services, tags and headings', async () => {
    const root = contentCopy();
    const { code, output } = await runPty(
      'new-playbook',
      [],
      [
        { expect: 'Title' },
        ...answer('Kafka consumer lag'),
        // an id that is taken is refused in place
        { expect: 'Id' },
        { send: '\u0015' /* Ctrl-U clears the line */ },
        ...answer('ssh-permission-denied-publickey'),
        { expect: 'is taken by another playbook' },
        { send: '\u0015' },
        ...answer('kafka-consumer-lag'),
        { expect: 'Symptom 1' },
        ...answer('kafka_consumergroup_lag > 10000'),
        { expect: 'Symptom 2' },
        ...answer('Consumer group is rebalancing'),
        { expect: 'Symptom 3' },
        { send: KEY.enter },
        { expect: 'Owner' },
        { expect: 'Test Author' },
        { send: KEY.enter },
        { expect: 'Platforms' },
        { send: 'linu' },
        { expect: 'linux' },
        { send: KEY.tab },
        { send: KEY.enter },
        { expect: 'Services' },
        { send: 'kafka' },
        { send: KEY.tab },
        { send: KEY.enter },
        { expect: 'Tags' },
        { send: KEY.enter },
        { expect: 'Section headings' },
        { send: KEY.enter },
        { expect: 'Created' },
      ],
      baseEnv(root),
    );
    expect(code, output).toBe(0);
    const { data } = readPlaybook(join(root, 'playbooks/kafka-consumer-lag.md'));
    expect(data).toMatchObject({
      title: 'Kafka consumer lag',
      symptoms: ['kafka_consumergroup_lag > 10000', 'Consumer group is rebalancing'],
      owner: 'Test Author',
      platforms: ['linux'],
      services: ['kafka'],
      tags: [],
    });
  });

  it('keeps values typed and confirmed with Enter; counts read 1개 with Korean headings', async () => {
    const root = contentCopy();
    const { code, output } = await runPty(
      'new-playbook',
      ['--title', '카프카 컨슈머 지연', '--id', 'kafka-lag', '--symptom', 'consumer lag', '--owner', '데이터팀', '--lang', 'ko'],
      [
        { expect: 'Platforms' },
        ...answer('k8s'),
        { expect: '1개 선택됨: k8s' },
        ...answer('Linux'),
        { expect: '2개 선택됨: k8s, linux' },
        { send: KEY.enter },
        { expect: '2개: k8s, linux' },
        { expect: 'Services' },
        ...answer('카프카'),
        { send: KEY.enter },
        { expect: '1개: 카프카' },
        { expect: 'Tags' },
        { send: KEY.enter },
        { expect: '0개' },
        { expect: 'Created' },
      ],
      baseEnv(root),
    );
    expect(code, output).toBe(0);
    const { data } = readPlaybook(join(root, 'playbooks/kafka-lag.md'));
    expect(data).toMatchObject({ platforms: ['k8s', 'linux'], services: ['카프카'], tags: [] });
  });

  it('Ctrl-C leaves nothing behind and exits 130', async () => {
    const root = contentCopy();
    const before = listFiles(root);
    const { code } = await runPty(
      'new-playbook',
      [],
      [
        { expect: 'Title' },
        ...answer('x'),
        { expect: 'Id' },
        { send: KEY.enter },
        { expect: 'Symptom 1' },
        { send: KEY.ctrlC },
        { expect: 'Nothing was written' },
      ],
      baseEnv(root),
    );
    expect(code).toBe(130);
    expect(listFiles(root)).toEqual(before);
  });
});

describe('a new playbook passes npm run check', () => {
  it('in every heading language and format: no errors, and it says so after writing it', async () => {
    const root = contentCopy();
    for (const lang of ['en', 'ko', 'bilingual']) {
      for (const format of ['mdx', 'md']) {
        const r = await run(root, ['-y', '-t', `Disk full ${lang} ${format}`, '--lang', lang, '--format', format, '--json']);
        const check = await checkFile(root, JSON.parse(r.stdout).path);
        expect(check.code, check.output).toBe(0);
        expect(check.errorCount).toBe(0);
        // like a new incident: a warning for each placeholder-only section still to write (Causes, Diagnosis,
        // Fixes); none for Symptoms, which the frontmatter `symptoms` fill
        expect(check.rules).toEqual(['structure/required-section']);
        expect(check.warningCount).toBe(3);
      }
    }
    const r = await run(root, ['-y', '-t', 'Checked on creation']);
    expect(r.stdout).toContain('npm run check: no errors; 3 warnings for the sections still to fill.');
  });
});
