/**
 * `npm run timeline -- add` as a user runs it: real processes on a temporary
 * content root holding the incidents of tests/fixtures/timeline/incidents, the
 * written files compared with tests/fixtures/timeline/expected, read back by
 * the check and the timeline parser, then one real site build over them.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../src/check/index.ts';
import { parseEntry } from '../src/core/entry.ts';
import { resolveTimeline } from '../src/core/time/timeline.ts';
import { buildSite, ROOT, TMP } from './helpers/site.ts';

const execAsync = promisify(execFile);
const FIX = 'tests/fixtures/timeline';
const NODE = join(ROOT, 'node_modules/.bin/node');
const WORK = join(TMP, 'timeline-cli');

const FILES = {
  seoul: '2024-03-06-checkout-5xx.md',
  utc: '2024-03-05-checkout-utc.md',
  korean: '2024-03-05-결제-장애.md',
  dst: '2024-11-03-warehouse-sync.mdx',
};
/** The runs that make tests/fixtures/timeline/expected: every source kind, across midnight and the DST change. */
const RUNS: Record<keyof typeof FILES, string[]> = {
  seoul: [
    'INC-2024-007',
    `${FIX}/slack-export`,
    `${FIX}/pagerduty-incident-log.csv`,
    `${FIX}/alertmanager.json`,
    '--channel',
    'inc-2024-0305-checkout',
    '--markers',
  ],
  utc: ['INC-2024-006', `${FIX}/slack-export`, `${FIX}/pagerduty-log-entries.json`, '--channel', 'inc-2024-0305-checkout'],
  korean: ['checkout-결제', `${FIX}/chat-ko-kakao.txt`, '--markers'],
  dst: ['INC-2024-031', `${FIX}/slack-dst`, `${FIX}/alertmanager-dst.json`, `${FIX}/chat-dst.txt`, `${FIX}/pagerduty-dst.csv`, '--markers'],
};

/** A fresh content root with the config and the fixture incidents. */
function contentRoot(name: string): string {
  const root = join(WORK, name);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'incidents'), { recursive: true });
  cpSync(join(ROOT, 'content/kb.config.yaml'), join(root, 'kb.config.yaml'));
  cpSync(join(ROOT, FIX, 'incidents'), join(root, 'incidents'), { recursive: true });
  // The Korean incident is found by its alias.
  const korean = join(root, 'incidents', FILES.korean);
  writeFileSync(korean, readFileSync(korean, 'utf8').replace('aliases: []', 'aliases: ["checkout-결제"]'));
  return root;
}

async function timeline(root: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execAsync(NODE, ['scripts/timeline.ts', 'add', ...args], {
      cwd: ROOT,
      env: { ...process.env, KB_CONTENT_DIR: root },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const read = (root: string, file: string) => readFileSync(join(root, 'incidents', file), 'utf8');
const expected = (file: string) =>
  readFileSync(join(ROOT, FIX, 'expected', file), 'utf8').replace(
    'aliases: []',
    file === FILES.korean ? 'aliases: ["checkout-결제"]' : 'aliases: []',
  );

/** The text before and after the `## Timeline` section (or where it was added). */
function outsideTimeline(text: string): [string, string] {
  const start = text.search(/^## (?:Timeline|시간 분석\(Timeline\))$/m);
  const after = text.slice(start + 1).search(/^## /m);
  return [text.slice(0, start), text.slice(start + 1 + after)];
}

describe('timeline add', () => {
  const root = contentRoot('written');
  const results: Record<string, { code: number; stdout: string; stderr: string }> = {};

  beforeAll(async () => {
    for (const [name, args] of Object.entries(RUNS)) results[name] = await timeline(root, args);
  });

  it('writes each incident as expected, from every source kind', () => {
    for (const [name, file] of Object.entries(FILES)) {
      expect(results[name].stderr, name).toBe('');
      expect(results[name].code, name).toBe(0);
      expect(read(root, file), name).toBe(expected(file));
    }
  });

  it('says which kind each source was detected as', () => {
    expect(results.seoul.stdout).toContain(`source ${FIX}/slack-export: Slack export, 12 messages`);
    expect(results.seoul.stdout).toContain(`source ${FIX}/pagerduty-incident-log.csv: PagerDuty incident log (CSV), 5 messages`);
    expect(results.seoul.stdout).toContain(`source ${FIX}/alertmanager.json: Alertmanager webhook payload, 3 messages`);
    expect(results.korean.stdout).toContain(`source ${FIX}/chat-ko-kakao.txt: chat text, 6 messages`);
  });

  it('leaves every byte outside the timeline as it was, frontmatter comments included', () => {
    for (const file of [FILES.utc, FILES.dst]) {
      const before = readFileSync(join(ROOT, FIX, 'incidents', file), 'utf8');
      const [head, tail] = outsideTimeline(read(root, file));
      const [head0, tail0] = outsideTimeline(before);
      expect(tail, file).toBe(tail0);
      // --markers only adds lines to the frontmatter: every line that was there is still there, in order.
      const lines = head.split('\n');
      let at = 0;
      for (const line of head0.split('\n')) {
        at = lines.indexOf(line, at);
        expect(at, `${file}: ${line}`).toBeGreaterThanOrEqual(0);
      }
    }
    const seoul = read(root, FILES.seoul);
    expect(seoul).toContain('# detected: "2024-03-06T08:40" # when it was noticed; time to detect is derived from it\n');
    expect(seoul).toContain('severity: SEV2 # Major: significant degradation or a key feature unavailable.\n');
  });

  it('adds nothing the second time: the file stays byte-identical', async () => {
    for (const [name, args] of Object.entries(RUNS)) {
      const before = read(root, FILES[name as keyof typeof FILES]);
      const again = await timeline(root, [...args, '--json']);
      expect(again.code, name).toBe(0);
      const report = JSON.parse(again.stdout);
      expect(report.added, name).toEqual([]);
      expect(report.written, name).toBe(false);
      expect(report.duplicates.length, name).toBe(report.window.kept);
      expect(read(root, FILES[name as keyof typeof FILES]), name).toBe(before);
    }
  });

  it('writes times the timeline parser reads back exactly, in the incident zone', () => {
    const dst = parseEntry(read(root, FILES.dst), FILES.dst);
    const times = resolveTimeline(dst.data.timeline as { time?: string }[], '2024-11-03T00:50', 'America/Los_Angeles');
    const at = (prefix: string) => {
      const i = (dst.data.timeline as { text: string }[]).findIndex((e) => e.text.startsWith(prefix));
      return new Date(times[i].epoch!).toISOString();
    };
    // The second 01:05 (PST) is after the first 01:48 (PDT): Slack and chat agree once placed in time.
    expect(at('joon: importer is back up')).toBe('2024-11-03T08:48:00.000Z');
    expect(at('mina: the clocks just went back')).toBe('2024-11-03T09:05:00.000Z');
    expect(at('mina: clocks just fell back')).toBe('2024-11-03T09:05:00.000Z');
    expect(at('Alertmanager (alert, resolved)')).toBe('2024-11-03T09:35:00.000Z');
    const utc = parseEntry(read(root, FILES.utc), FILES.utc);
    const utcTimes = resolveTimeline(utc.data.timeline as { time?: string }[], '2024-03-05T23:39', 'UTC');
    expect(utcTimes.map((t) => t.epoch)).toEqual([...utcTimes.map((t) => t.epoch!)].sort((a, b) => a - b));
    expect((utc.data.timeline as { time: string }[]).map((e) => e.time)).toContain('2024-03-06 00:02');
  });

  it('passes npm run check: no time/order errors, time/range only for the window margins', async () => {
    const result = await runCheck({ root });
    const found = result.files.flatMap((f) => f.messages.map((m) => `${f.path.split('/').at(-1)} ${m.ruleId}`));
    expect(found.filter((m) => /time\/(order|timeline-parse|sequence|marker)|schema/.test(m))).toEqual([]);
    expect(found.filter((m) => m.includes('time/range'))).toEqual([`${FILES.korean} time/range`]);
    expect(results.korean.stdout).toContain('1 new item(s) (00:30) lie outside `started`–`resolved`');
  });

  it('builds: the page shows each item at its instant, and /api/incidents/<id>.json lists them', async () => {
    const site = await buildSite(root, 'timeline-build', { KB_INCLUDE_DRAFTS: '1' });
    const page = site.read('incidents/INC-2024-031/index.html');
    expect(page).toContain('<time class="kb-timeline__time" datetime="2024-11-03T01:05:00.000-08:00">01:05 -08:00</time>');
    expect(page).toContain('<time class="kb-timeline__time" datetime="2024-11-03T01:48:00.000-07:00">01:48</time>');
    expect(site.read('incidents/INC-2024-006/index.html')).toContain(
      '<time class="kb-timeline__time" datetime="2024-03-06T00:02:00.000+00:00">2024-03-06 00:02</time>',
    );
    const api = site.json<{ timeline: { time?: string; marker?: string; text: string }[] }>('api/incidents/INC-2024-005.json');
    expect(api.timeline.map((e) => e.time)).toEqual(['23:41', '23:43', '23:47', '23:58', '2024-03-06 00:05', '00:30']);
    expect(api.timeline[2]).toEqual({
      time: '23:47',
      marker: 'mitigated',
      text: '준: payments-client를 2.14.1로 롤백했어요 배포 기록은 CI에 남겨뒀습니다',
    });
    const seoul = site.json<{ timeline: { time?: string; text: string }[] }>('api/incidents/INC-2024-007.json');
    expect(seoul.timeline.slice(0, 3).map((e) => e.time)).toEqual(['08:39', undefined, '08:39']);
  });
});

describe('timeline add: dry run, JSON and bad input', () => {
  const root = contentRoot('input');
  writeFileSync(join(WORK, 'no-time.csv'), 'who,what\nmina,checkout is down\n');
  const untouched = () => {
    for (const file of Object.values(FILES))
      expect(read(root, file), file).toBe(
        readFileSync(join(ROOT, FIX, 'incidents', file), 'utf8').replace(
          'aliases: []',
          file === FILES.korean ? 'aliases: ["checkout-결제"]' : 'aliases: []',
        ),
      );
  };

  it('--dry-run prints the merged timeline and the suggested markers, and writes nothing', async () => {
    const r = await timeline(root, ['INC-2024-005', `${FIX}/chat-ko-kakao.txt`, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('## 시간 분석(Timeline)\n\n- `23:41` mina: 결제 API 5xx가 급증했어요. 제가 IC 맡을게요\n');
    expect(r.stdout).toContain('- `2024-03-06 00:05` mina: 에러율이 1% 아래로 내려왔습니다\n- `00:30` mina:');
    expect(r.stdout).toContain(
      'suggested markers (add them with --markers):\n    [mitigated] 2024-03-05 23:47  준: payments-client를 2.14.1로 롤백했어요',
    );
    expect(r.stdout).toContain('(--dry-run: nothing written)');
    untouched();
  });

  it('--json reports what was added, skipped and left out, and the source kinds', async () => {
    const r = await timeline(root, [
      'INC-2024-007',
      `${FIX}/chat-log.txt`,
      `${FIX}/pagerduty-incident-log.csv`,
      '--from',
      '08:41',
      '--to',
      '08:45',
      '--dry-run',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.sources.map((s: { kind: string }) => s.kind)).toEqual(['chat-text', 'pagerduty-csv']);
    expect(report.window).toMatchObject({ from: '2024-03-06 08:41', to: '2024-03-06 08:45', basis: '--from to --to', kept: 2, outside: 8 });
    expect(report.added.map((a: { time: string; text: string }) => `${a.time} ${a.text}`)).toEqual([
      '08:41 PagerDuty (alert, acknowledged): Acknowledged by Mina Kim',
      '08:44 Joon Park: Rollback of payments-client started. Tracking in #inc-2024-0305-checkout',
    ]);
    expect(report.markers.suggested).toEqual([expect.objectContaining({ marker: 'mitigated', time: '2024-03-06 08:44' })]);
    expect(report.timeline).toContain('- `08:44` Joon Park: Rollback of payments-client started.');
    untouched();
  });

  it('masks emails and phone numbers as check --fix does', async () => {
    const chat = join(WORK, 'pii.txt');
    writeFileSync(chat, '[23:46] joon: mail me at joon.park@corp-mail.net or call 010-1234-5678\n');
    const r = await timeline(root, ['INC-2024-006', chat, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- `23:46` joon: mail me at j***@corp-mail.net or call ***-****-**78');
    expect(r.stdout).toContain('masked 1 × pii/email, 1 × pii/phone');
    expect(r.stdout).not.toContain('joon.park@');
  });

  it.each([
    [
      'an unknown incident id',
      ['INC-2099-001', `${FIX}/chat-en.txt`],
      /^timeline: no incident with id or alias "INC-2099-001" under .*\n$/,
    ],
    [
      'an unreadable export',
      ['INC-2024-006', `${FIX}/no-such-export`],
      /^timeline: tests\/fixtures\/timeline\/no-such-export: cannot read it \(no such file or folder\)\n$/,
    ],
    [
      'a CSV without a time column',
      ['INC-2024-006', 'tests/.tmp/timeline-cli/no-time.csv'],
      /^timeline: tests\/.tmp\/timeline-cli\/no-time\.csv: no time column among "who", "what"; pass --time-column NAME/,
    ],
    [
      'a window with no messages',
      ['INC-2024-006', `${FIX}/chat-dst.txt`],
      /^timeline: no messages in the window 2024-03-05 23:09 – 2024-03-06 00:39 UTC \(`started` − 30 min to `resolved` \+ 30 min\); the sources run from 2024-03-05 00:52 to 2024-03-05 02:15;/,
    ],
    [
      'a Slack export with several channels and no --channel',
      ['INC-2024-006', `${FIX}/slack-export`],
      /2 channels have messages: #inc-2024-0305-checkout \(16 messages\), #random \(2 messages\); pass --channel NAME/,
    ],
  ])('%s: one line, exit 2, nothing written', async (_, args, message) => {
    const r = await timeline(root, args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    untouched();
  });

  it('stops at a secret with its file:line and rule id, never printing it', async () => {
    const chat = join(WORK, 'secret.txt');
    writeFileSync(chat, '[23:45] mina: deploying now\n[23:46] joon: the key is AKIAZ7QXRM3KD2WPLN5T, rotating it after\n');
    const r = await timeline(root, ['INC-2024-006', chat]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${chat.slice(ROOT.length + 1)}:2: secrets/aws-access-key: AWS access key id (AKIA…(20 chars))`);
    expect(r.stderr).not.toContain('AKIAZ7QXRM3KD2WPLN5T');
    expect(r.stdout).toBe('');
    untouched();
  });
});
