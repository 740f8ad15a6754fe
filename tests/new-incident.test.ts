/**
 * `npm run new-incident`, run as a real subprocess over a copy of the
 * site-basic fixture: flags, a pseudo-terminal, collisions, concurrency.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEntry } from '../src/core/entry.ts';
import { INCIDENT_SECTIONS, headingFor } from '../src/core/markdown/sections.ts';
import { createIncidentSchema } from '../src/schema/index.ts';
import { INCIDENT_FLAGS } from '../src/cli/new-incident/options.ts';
import { answer, baseEnv, checkFile, contentCopy, KEY, listFiles, runCli, runPty } from './fixtures/scaffold/harness.ts';

const run = (root: string, args: string[], extra: Record<string, string> = {}) => runCli('new-incident', args, baseEnv(root, extra));

function readIncident(path: string) {
  const text = readFileSync(path, 'utf8');
  const parsed = parseEntry(text, path, 'incident');
  const result = createIncidentSchema().safeParse(parsed.data);
  if (!result.success) throw new Error(`${path} does not match the schema: ${JSON.stringify(result.error.issues)}`);
  return { text, parsed, data: result.data };
}

describe('new-incident with flags', () => {
  it('writes a draft with the next id, every section with guidance, and the values given', async () => {
    const root = contentCopy();
    const r = await run(root, [
      '--yes',
      '--title',
      'Checkout latency spike',
      '--severity',
      'sev2',
      '--service',
      'Checkout',
      '--service',
      'payments,postgres',
      '--tag',
      'Config_Change',
      '--author',
      'mina',
      '--playbook',
      'ssh-permission-denied-publickey',
      '--started',
      '2024-03-06 14:02',
      '--timezone',
      'europe/berlin',
      '--json',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // The fixture already has INC-2024-007.
    expect(out).toEqual({
      path: join(root, 'incidents/2024-03-06-checkout-latency-spike.md'),
      id: 'INC-2024-008',
      url: '/incidents/INC-2024-008/',
    });
    const { text, parsed, data } = readIncident(out.path);
    expect(data).toMatchObject({
      id: 'INC-2024-008',
      title: 'Checkout latency spike',
      status: 'draft',
      severity: 'SEV2',
      timezone: 'Europe/Berlin',
      started: '2024-03-06T14:02',
      // existing spellings win, so the taxonomy does not fork
      services: ['checkout', 'payments', 'postgres'],
      tags: ['config-change'],
      authors: ['mina'],
      playbooks: ['ssh-permission-denied-publickey'],
    });
    // Every canonical section, in order, with its guidance as a comment that does not render.
    expect(parsed.data.sections).toEqual(INCIDENT_SECTIONS.map((d) => expect.objectContaining({ id: d.id, known: true, heading: d.en })));
    for (const d of INCIDENT_SECTIONS) expect(text).toContain(`## ${d.en}\n\n<!-- ${d.guidance} -->`);
    expect(text).not.toContain('{/*'); // plain markdown by default: comments are HTML comments
    // The timeline skeleton is in the real format: extracted with its markers.
    expect(data.timeline.map((e) => [e.time, e.marker])).toEqual([
      ['14:02', 'start'],
      ['14:02', 'detected'],
    ]);
    // The action-item example is commented-out YAML in the real shape.
    expect(text).toMatch(
      /^# action_items:\n# {3}- title: ".+"\n# {5}kind: detect .*\n# {5}owner: ".+"\n# {5}status: open .*\n# {5}due: "2024-03-20"\n# {5}ticket: "https:\/\/.+"$/m,
    );
    expect(text).toContain('severity: SEV2 # Major: significant degradation');
  });

  it('defaults: now in the local zone, SEV3, the git user as author, md, headings from site.lang', async () => {
    const root = contentCopy();
    const r = await run(root, ['-y', '-t', 'Disk full on db-3', '--json']);
    expect(r.code).toBe(0);
    const { path, id } = JSON.parse(r.stdout);
    // NOW_MS is 2025-06-11 03:30 in Seoul (TZ of the test environment).
    expect(basename(path)).toBe('2025-06-11-disk-full-on-db-3.md');
    expect(id).toBe('INC-2025-001');
    const { data, text } = readIncident(path);
    expect(data).toMatchObject({
      started: '2025-06-11T03:30',
      timezone: 'Asia/Seoul',
      severity: 'SEV3',
      authors: ['Test Author'],
      status: 'draft',
    });
    expect(text).toContain('## Timeline'); // site-basic has site.lang: en
  });

  it('gives a Korean title a romanised ASCII slug and writes Korean or bilingual headings', async () => {
    const root = contentCopy();
    const r = await run(root, ['-y', '-t', '결제 API 지연', '--lang', 'bilingual', '--json']);
    expect(r.code).toBe(0);
    const { path } = JSON.parse(r.stdout);
    expect(basename(path)).toBe('2025-06-11-gyeolje-api-jiyeon.md');
    const { text, data, parsed } = readIncident(path);
    expect(data.title).toBe('결제 API 지연');
    for (const d of INCIDENT_SECTIONS) expect(text).toContain(`## ${headingFor(d, 'bilingual')}\n`);
    expect(parsed.data.sections).toHaveLength(INCIDENT_SECTIONS.length);
    expect((parsed.data.sections as { known: boolean }[]).every((s) => s.known)).toBe(true);

    const ko = await run(root, ['-y', '-t', '디비 장애', '--lang', 'ko', '--slug', 'db-outage', '--json']);
    expect(basename(JSON.parse(ko.stdout).path)).toBe('2025-06-11-db-outage.md');
    expect(readFileSync(JSON.parse(ko.stdout).path, 'utf8')).toContain('## 시간 분석\n');

    // Nothing to romanise: still a real slug, never empty or all dashes.
    const emoji = await run(root, ['-y', '-t', '🔥🔥🔥', '--json']);
    expect(basename(JSON.parse(emoji.stdout).path)).toBe('2025-06-11-incident.md');
  });

  it('writes markdown with HTML comments when asked for --format md', async () => {
    const root = contentCopy();
    const r = await run(root, ['-y', '-t', 'Queue backlog', '--format', 'md', '--json']);
    const { path } = JSON.parse(r.stdout);
    expect(path.endsWith('.md')).toBe(true);
    const { text } = readIncident(path);
    for (const d of INCIDENT_SECTIONS) expect(text).toContain(`<!-- ${d.guidance.replace(/--+>?/g, '-')} -->`);
    expect(text).not.toContain('{/*');
  });

  it('reads --started in many forms and writes it local to the incident zone', async () => {
    const root = contentCopy();
    const cases: [string[], string][] = [
      [['--started', '2024-03-05T05:02Z', '--timezone', 'Asia/Seoul'], '2024-03-05T14:02'],
      [['--started', '2024-03-05 14:02 +09:00', '--timezone', 'UTC'], '2024-03-05T05:02'],
      [['--started', '45m ago'], '2025-06-11T02:45'],
      [['--started', '2시간 전'], '2025-06-11T01:30'],
      [['--started', '오전 2시 40분'], '2025-06-11T02:40'],
      // at 03:30, 23:50 is last night
      [['--started', '23:50'], '2025-06-10T23:50'],
    ];
    for (const [args, started] of cases) {
      const r = await run(root, ['-y', '-t', 'x', '--dry-run', '--json', ...args]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).content).toContain(`started: "${started}"`);
    }
  });

  it('--dry-run prints the file and writes nothing, not even the lock', async () => {
    const root = contentCopy();
    const before = listFiles(root);
    const r = await run(root, ['-y', '-t', 'x', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^# dry run: would write .*2025-06-11-x\.md \(INC-2025-001\); nothing was written\n---\nid: INC-2025-001\n/);
    expect(r.stdout).toContain('## Additional Notes');
    expect(listFiles(root)).toEqual(before);
  });

  it('without a terminal, a missing title is exit 2 with a clear message, and it never waits for input', async () => {
    const root = contentCopy();
    const before = listFiles(root);
    // stdin is a pipe that stays open: a CLI that prompted would hang until the harness kills it.
    const r = await run(root, ['--severity', 'SEV2']);
    expect(r.timedOut).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing --title');
    expect(r.stderr).toContain('--help');
    expect(listFiles(root)).toEqual(before);
  });

  it('rejects invalid values with the valid choices, all at once, exit 2', async () => {
    const root = contentCopy();
    const before = listFiles(root);
    const r = await run(root, [
      '-y',
      '-t',
      'x',
      '--severity',
      'SEV9',
      '--started',
      'last tuesday-ish',
      '--playbook',
      'nope',
      '--timezone',
      'Seoul',
      '--slug',
      'Bad Slug!',
      '--lang',
      'fr',
      '--format',
      'txt',
    ]);
    expect(r.code).toBe(2);
    const e = r.stderr;
    expect(e).toMatch(/--severity: unknown severity "SEV9"; use one of:\n {2}SEV1 {2}Critical.*\n {2}SEV2 .*\n {2}SEV3 .*\n {2}SEV4 /);
    expect(e).toContain('--started: cannot read the start time "last tuesday-ish"; use "now", "30m ago"');
    expect(e).toMatch(
      /--playbook: no playbook "nope"; existing playbooks:\n {2}ssh-permission-denied-publickey {2}\(SSH: Permission denied \(publickey\)\)/,
    );
    expect(e).toContain('--timezone: "Seoul" is not an IANA time zone name; did you mean Asia/Seoul?');
    expect(e).toContain('--slug: "Bad Slug!" is not a valid slug; use lowercase ASCII letters, digits and single dashes, e.g. "bad-slug"');
    expect(e).toContain('--lang: unknown heading language "fr"; use one of: en, ko, bilingual');
    expect(e).toContain('--format: unknown format "txt"; use one of: md, mdx');
    expect(listFiles(root)).toEqual(before);

    const unknown = await run(root, ['-y', '-t', 'x', '--severty', 'SEV2']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--severty'");
    const future = await run(root, ['-y', '-t', 'x', '--started', '2031-01-01 00:00']);
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('is in the future');
    const notADate = await run(root, ['-y', '-t', 'x', '--started', '2024-02-30 10:00']);
    expect(notADate.stderr).toContain('"2024-02-30 10:00" is not a real date');
  });

  it('refuses a content root that does not exist instead of starting a new one', async () => {
    const r = await runCli('new-incident', ['-y', '-t', 'x'], baseEnv('/nonexistent/kb-content'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the content root /nonexistent/kb-content does not exist; set KB_CONTENT_DIR');
    expect(existsSync('/nonexistent')).toBe(false);
  });

  it('--help documents every flag', async () => {
    const r = await runCli('new-incident', ['--help'], baseEnv('/nonexistent'));
    expect(r.code).toBe(0);
    for (const f of INCIDENT_FLAGS) expect(r.stdout).toContain(`--${f.name}`);
    expect(r.stdout).toContain('Exit codes');
  });
});

describe('new-incident never overwrites and never shares an id', () => {
  it('takes -2, -3 for a taken path and leaves existing files untouched', async () => {
    const root = contentCopy();
    const taken = join(root, 'incidents/2025-06-11-db-failover.md');
    writeFileSync(taken, 'not an incident, but precious\n');
    const first = JSON.parse((await run(root, ['-y', '-t', 'DB failover', '--json'])).stdout);
    const second = JSON.parse((await run(root, ['-y', '-t', 'DB failover', '--json'])).stdout);
    expect(basename(first.path)).toBe('2025-06-11-db-failover-2.md');
    expect(basename(second.path)).toBe('2025-06-11-db-failover-3.md');
    expect([first.id, second.id]).toEqual(['INC-2025-001', 'INC-2025-002']);
    expect(readFileSync(taken, 'utf8')).toBe('not an incident, but precious\n');
    expect(readIncident(first.path).data.id).toBe('INC-2025-001');
  });

  it('six runs at the same moment get six ids and six files', async () => {
    const root = contentCopy();
    const runs = await Promise.all(Array.from({ length: 6 }, () => run(root, ['-y', '-t', 'Same title', '--json'])));
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const outs = runs.map((r) => JSON.parse(r.stdout));
    expect(new Set(outs.map((o) => o.id)).size).toBe(6);
    expect(outs.map((o) => o.id).sort()).toEqual(['001', '002', '003', '004', '005', '006'].map((n) => `INC-2025-${n}`));
    expect(new Set(outs.map((o) => o.path)).size).toBe(6);
    for (const o of outs) expect(readIncident(o.path).data.id).toBe(o.id);
    const files = listFiles(join(root, 'incidents'));
    expect(files.filter((f) => f.startsWith('2025-06-11-same-title'))).toHaveLength(6);
    // no lock or temporary file left behind
    expect(files.filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('new-incident in a terminal', () => {
  it('asks for everything, offering existing services, tags and playbooks, then writes the file', async () => {
    const root = contentCopy();
    const { code, output } = await runPty(
      'new-incident',
      [],
      [
        { expect: 'Title' },
        ...answer('결제 API 지연'),
        { expect: 'Time zone' },
        { send: KEY.enter }, // keeps the detected Asia/Seoul
        { expect: 'When did it start' },
        ...answer('30m ago'),
        // every level's meaning from config is on screen
        { expect: 'SEV4 {2}Low: no customer impact' },
        { send: KEY.up },
        { send: KEY.enter }, // SEV3 → SEV2
        { expect: 'Affected services' },
        { send: 'Check' },
        { expect: 'checkout' },
        { send: KEY.tab },
        { send: KEY.enter },
        { expect: 'Tags' },
        { send: 'payments' },
        { expect: 'payments \\(new\\)' },
        { send: KEY.tab },
        { send: KEY.enter },
        { expect: 'Authors' },
        { expect: 'Test Author' },
        { send: KEY.enter },
        // search by a symptom, not the title
        { expect: 'Playbooks used' },
        { send: 'No more authentication' },
        { expect: 'SSH: Permission denied' },
        { send: KEY.tab },
        { send: KEY.enter },
        { expect: 'Section headings' },
        { send: KEY.down },
        { send: KEY.down },
        { send: KEY.enter },
        { expect: 'File name slug' },
        { expect: 'gyeolje-api-jiyeon' },
        { send: KEY.enter },
        { expect: 'Created' },
      ],
      baseEnv(root),
    );
    expect(code, output).toBe(0);
    const path = join(root, 'incidents/2025-06-11-gyeolje-api-jiyeon.md');
    expect(output).toContain('2025-06-11-gyeolje-api-jiyeon.md');
    expect(output).toContain('/incidents/INC-2025-001/');
    expect(output).toContain('npm run dev');
    expect(output).toContain('npm run check');
    const { data, text } = readIncident(path);
    expect(data).toMatchObject({
      id: 'INC-2025-001',
      title: '결제 API 지연',
      status: 'draft',
      severity: 'SEV2',
      timezone: 'Asia/Seoul',
      started: '2025-06-11T03:00',
      services: ['checkout'],
      tags: ['payments'],
      authors: ['Test Author'],
      playbooks: ['ssh-permission-denied-publickey'],
    });
    expect(text).toContain('## 시간 분석(Timeline)');
  });

  it('keeps what is typed and confirmed with Enter in the lists, new values included; the search clears after each', async () => {
    const root = contentCopy();
    const { code, output } = await runPty(
      'new-incident',
      [
        '--title',
        'Ledger writes stalled',
        '--timezone',
        'UTC',
        '--started',
        'now',
        '--severity',
        'SEV2',
        '--author',
        'mina',
        '--lang',
        'en',
      ],
      [
        { expect: 'Affected services' },
        // a value nobody used yet, confirmed with Enter (not Tab)
        ...answer('ledger-api'),
        // the search is empty again (the placeholder is back) in the same frame that counts the new value
        { expect: 'Search: type to search or add a new one\\r?\\n(?:│[^\\n]*\\n)*│  1 item selected: ledger-api' },
        // an existing value spelt differently: Enter adds the existing spelling
        ...answer('Checkout'),
        { expect: '2 items selected: ledger-api, checkout' },
        { send: KEY.enter }, // empty search: confirm
        { expect: '2 items: ledger-api, checkout' },
        { expect: 'Tags' },
        ...answer('결제 지연'),
        { expect: '1 item selected: 결제 지연' },
        { send: KEY.enter },
        { expect: '1 item: 결제 지연' },
        { expect: 'Playbooks used' },
        // Enter adds the highlighted playbook, found by a symptom
        ...answer('No more authentication'),
        { expect: '1 item selected: ssh-permission-denied-publickey' },
        { send: KEY.enter },
        { expect: 'File name slug' },
        { send: KEY.enter },
        { expect: 'Created' },
      ],
      baseEnv(root),
    );
    expect(code, output).toBe(0);
    expect(output).not.toMatch(/\b1 items\b/);
    expect(readIncident(join(root, 'incidents/2025-06-10-ledger-writes-stalled.md')).data).toMatchObject({
      services: ['ledger-api', 'checkout'],
      tags: ['결제 지연'],
      playbooks: ['ssh-permission-denied-publickey'],
    });
  });

  it('an unmatched search in the playbook picker is kept and explained, never silently dropped', async () => {
    const root = contentCopy();
    const { code, output } = await runPty(
      'new-incident',
      [
        '--title',
        'x',
        '--timezone',
        'UTC',
        '--started',
        'now',
        '--severity',
        'SEV3',
        '--service',
        'a',
        '--tag',
        'b',
        '--author',
        'c',
        '--lang',
        'en',
      ],
      [
        { expect: 'Playbooks used' },
        ...answer('no such playbook'),
        { expect: 'Nothing matches "no such playbook"' },
        { send: '\u0015' }, // Ctrl-U clears the search
        { send: KEY.enter },
        { expect: '0 items' },
        { expect: 'File name slug' },
        { send: KEY.enter },
        { expect: 'Created' },
      ],
      baseEnv(root),
    );
    expect(code, output).toBe(0);
    expect(readIncident(join(root, 'incidents/2025-06-10-x.md')).data.playbooks).toEqual([]);
  });

  it('skips the questions that flags answered', async () => {
    const root = contentCopy();
    const { code, output } = await runPty(
      'new-incident',
      [
        '--title',
        'Cache stampede',
        '--severity',
        'SEV1',
        '--timezone',
        'UTC',
        '--started',
        'now',
        '--service',
        'cache',
        '--tag',
        'x',
        '--author',
        'a',
        '--playbook',
        'ssh-permission-denied-publickey',
        '--lang',
        'en',
      ],
      [{ expect: 'File name slug' }, { send: KEY.enter }, { expect: 'Created' }],
      baseEnv(root),
    );
    expect(code, output).toBe(0);
    expect(output).not.toContain('Severity');
    expect(readIncident(join(root, 'incidents/2025-06-10-cache-stampede.md')).data).toMatchObject({
      severity: 'SEV1',
      timezone: 'UTC',
      started: '2025-06-10T18:30',
    });
  });

  for (const [where, steps] of [
    ['the first question', [{ expect: 'Title' }, { send: 'half a title' }, { send: KEY.ctrlC }]],
    [
      'the playbook picker',
      [
        { expect: 'Title' },
        ...answer('x'),
        { expect: 'Time zone' },
        { send: KEY.enter },
        { expect: 'When did it start' },
        { send: KEY.enter },
        { expect: 'Severity' },
        { send: KEY.enter },
        { expect: 'Affected services' },
        { send: KEY.enter },
        { expect: 'Tags' },
        { send: KEY.enter },
        { expect: 'Authors' },
        { send: KEY.enter },
        { expect: 'Playbooks used' },
        { send: 'ssh' },
        { send: KEY.tab },
        { send: KEY.ctrlC },
      ],
    ],
    [
      'the severity question, with Escape',
      [
        { expect: 'Title' },
        ...answer('x'),
        { expect: 'Time zone' },
        { send: KEY.enter },
        { expect: 'When did it start' },
        { send: KEY.enter },
        { expect: 'Severity' },
        { send: KEY.escape },
      ],
    ],
  ] as const) {
    it(`Ctrl-C at ${where} leaves nothing behind and exits 130`, async () => {
      const root = contentCopy();
      const before = listFiles(root);
      const { code, output } = await runPty('new-incident', [], [...steps, { expect: 'Nothing was written' }], baseEnv(root));
      expect(code, output).toBe(130);
      expect(listFiles(root)).toEqual(before);
      expect(existsSync(join(root, 'incidents/.kb-id.lock'))).toBe(false);
    });
  }
});

describe('a new incident passes npm run check', () => {
  it('in every heading language and format: no errors, warnings only for the sections still to fill', async () => {
    const root = contentCopy();
    for (const lang of ['en', 'ko', 'bilingual']) {
      for (const format of ['mdx', 'md']) {
        const r = await run(root, [
          '-y',
          '-t',
          `결제 API 지연 ${lang}`,
          '--lang',
          lang,
          '--format',
          format,
          '--service',
          'checkout',
          '--tag',
          'payments',
          '--playbook',
          'ssh-permission-denied-publickey',
          '--json',
        ]);
        expect(r.code, r.stderr).toBe(0);
        const { path } = JSON.parse(r.stdout);
        const check = await checkFile(root, path);
        expect(check.code, check.output).toBe(0);
        expect(check.errorCount).toBe(0);
        expect(check.rules).toEqual(['structure/required-section']);
        // one warning per required section except the timeline, which the skeleton fills
        expect(check.warningCount).toBe(9);
      }
    }
  });

  it('and says so after writing it', async () => {
    const root = contentCopy();
    const r = await run(root, ['-y', '-t', 'Checked on creation']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Created .*2025-06-11-checked-on-creation\.md\nid: {2}INC-2025-001\nurl: \/incidents\/INC-2025-001\/\n/);
    expect(r.stdout).toContain('npm run check: no errors; 9 warnings for the sections still to fill.');
    expect(r.stderr).toBe('');
  });
});
