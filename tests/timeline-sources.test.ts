/**
 * The source readers of `timeline add`: Slack exports, pasted chat text, PagerDuty
 * CSV/JSON, Alertmanager payloads and plain CSV, read into normalized messages.
 * Fixtures are in tests/fixtures/timeline (made up: names, hosts and IPs are examples).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  detectSource,
  isEmojiOnly,
  parseAlertmanager,
  parseChatText,
  parseChatClock,
  parseCsv,
  parsePagerDutyCsv,
  parsePagerDutyJson,
  parseSlackExport,
  parseStamp,
  readSource,
  SourceError,
  type SourceMessage,
  slackToMarkdown,
} from '../src/cli/timeline/sources/index.ts';

const FIX = join(import.meta.dirname, 'fixtures/timeline');
const fx = (name: string) => join(FIX, name);
const SLACK = fx('slack-export');
const utc = (iso: string) => Date.parse(iso);
const tmp = mkdtempSync(join(tmpdir(), 'timeline-sources-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

/** The fields a test compares, without origins. */
const brief = (m: SourceMessage) => ({
  ...(m.epoch !== undefined ? { epoch: m.epoch } : {}),
  ...(m.local ? { local: m.local } : {}),
  ...(m.author !== undefined ? { author: m.author } : {}),
  kind: m.kind,
  ...(m.status !== undefined ? { status: m.status } : {}),
  text: m.text,
});

/** The SourceError a call throws (fails the test when it throws anything else, or nothing). */
function sourceError(fn: () => unknown): SourceError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SourceError);
    const e = err as SourceError;
    expect(e.message).not.toContain('\n');
    return e;
  }
  throw new Error('expected a SourceError');
}

describe('detectSource', () => {
  it.each([
    ['slack-export', 'slack-export'],
    ['chat-en.txt', 'chat-text'],
    ['chat-teams.txt', 'chat-text'],
    ['chat-ko-kakao.txt', 'chat-text'],
    ['chat-log.txt', 'chat-text'],
    ['chat-dst.txt', 'chat-text'],
    ['pagerduty-incident-log.csv', 'pagerduty-csv'],
    ['pagerduty-dst.csv', 'pagerduty-csv'],
    ['deploys.csv', 'csv'],
    ['pagerduty-log-entries.json', 'pagerduty-json'],
    ['alertmanager.json', 'alertmanager'],
    ['alertmanager-array.json', 'alertmanager'],
  ])('%s is %s', (name, kind) => {
    expect(detectSource(fx(name))).toBe(kind);
  });

  it('reads JSON lines of Alertmanager payloads, and JSON in a .txt file', () => {
    const line = JSON.stringify({ version: '4', status: 'firing', receiver: 'r', alerts: [] });
    expect(detectSource(write('payloads.jsonl', `${line}\n${line}\n`))).toBe('alertmanager');
    expect(detectSource(write('pd.txt', JSON.stringify({ log_entries: [] })))).toBe('pagerduty-json');
  });

  it('says what to pass instead of a Slack channel folder, a day file or a zip', () => {
    expect(sourceError(() => detectSource(join(SLACK, 'random'))).message).toBe(
      `${join(SLACK, 'random')}: one channel's folder of a Slack export; pass the export's top folder (with users.json and channels.json) and --channel random`,
    );
    expect(sourceError(() => detectSource(join(SLACK, 'random/2024-03-05.json'))).message).toMatch(
      /one day file of a Slack export; pass the export's top folder/,
    );
    expect(sourceError(() => detectSource(write('export.zip', 'PK\u0003\u0004rest'))).message).toMatch(
      /export\.zip: a zip archive; unzip it and pass the folder/,
    );
    expect(sourceError(() => detectSource(tmp)).message).toMatch(/a folder, but not a Slack export/);
  });
});

describe('Slack export', () => {
  const read = readSource(SLACK, { channel: 'inc-2024-0305-checkout' });
  const top = read.messages;
  const byText = (start: string) => top.find((m) => m.text.startsWith(start))!;

  it('picks the channel by name, #name or id', () => {
    expect(read.kind).toBe('slack-export');
    expect(readSource(SLACK, { channel: '#inc-2024-0305-checkout' }).messages).toEqual(top);
    expect(readSource(SLACK, { channel: 'C01INC' }).messages).toEqual(top);
    expect(readSource(SLACK, { channel: 'random' }).messages.map((m) => m.text)).toEqual([
      'anyone up for noodles at noon?',
      'long night, coffee is on me today :coffee:',
    ]);
  });

  it('asks for --channel when several channels have messages, and names them', () => {
    expect(sourceError(() => readSource(SLACK)).message).toBe(
      `${SLACK}: 2 channels have messages: #inc-2024-0305-checkout (16 messages), #random (2 messages); pass --channel NAME to pick one`,
    );
    expect(sourceError(() => readSource(SLACK, { channel: 'general' })).message).toBe(
      `${SLACK}: no channel "general" in this Slack export (it has #inc-2024-0305-checkout and #random); pass --channel with one of them`,
    );
  });

  it('orders messages by ts across the day files, which split the incident at midnight UTC', () => {
    expect(top.map((m) => new Date(m.epoch!).toISOString().slice(11, 19))).toEqual([
      '23:40:15',
      '23:40:31',
      '23:41:05',
      '23:47:12',
      '23:50:00',
      '23:52:10',
      '23:55:40',
      '00:02:30',
      '00:05:00',
      '00:06:31',
      '00:09:02',
      '00:10:00',
    ]);
    expect(top[0].origin).toEqual({ file: join(SLACK, 'inc-2024-0305-checkout/2024-03-05.json'), index: 3 });
    expect(top[7].origin).toEqual({ file: join(SLACK, 'inc-2024-0305-checkout/2024-03-06.json'), index: 0 });
    expect(top.every((m) => m.local === undefined)).toBe(true);
  });

  it('names authors by display name, else real name, else user name', () => {
    expect(top.map((m) => m.author)).toEqual([
      'PagerDuty',
      'alertmanager',
      'mina',
      'Joon Park',
      'sato',
      'U09GHOST',
      'alex.r',
      'mina',
      'Joon Park',
      'alertmanager',
      'PagerDuty',
      'mina',
    ]);
  });

  it('reads PagerDuty and Alertmanager bot posts as alerts, from their attachments', () => {
    expect(brief(top[0])).toEqual({
      epoch: utc('2024-03-05T23:40:15Z'),
      author: 'PagerDuty',
      kind: 'alert',
      status: 'triggered',
      text: '#4172 Checkout 5xx rate above 5%\nTriggered · Assigned to mina · Service: checkout-api',
    });
    expect(brief(top[1])).toEqual({
      epoch: utc('2024-03-05T23:40:31Z'),
      author: 'alertmanager',
      kind: 'alert',
      status: 'firing',
      text: '[FIRING:2] CheckoutHighErrorRate checkout-api\n**Summary:** 5xx ratio on checkout-api is 7.2% (threshold 5%)\n**Instances:** 192.0.2.10:9100, 192.0.2.11:9100',
    });
    expect(brief(byText('[RESOLVED]'))).toMatchObject({ kind: 'alert', status: 'resolved', author: 'alertmanager' });
    // An attachment with only a fallback gives the fallback.
    expect(brief(top[10])).toEqual({
      epoch: utc('2024-03-06T00:09:02Z'),
      author: 'PagerDuty',
      kind: 'alert',
      status: 'resolved',
      text: 'Resolved #4172 Checkout 5xx rate above 5%',
    });
  });

  it('groups thread replies under their parent, across day files', () => {
    const ic = top[2];
    expect(ic.text).toBe(
      "@here checkout is throwing 5xx, I'm taking IC. @Joon Park can you look at the payment gateway? dashboards: [checkout overview](https://grafana.example.com/d/checkout)",
    );
    expect(ic.replies?.map(brief)).toEqual([
      {
        epoch: utc('2024-03-05T23:42:40Z'),
        author: 'Joon Park',
        kind: 'message',
        text: 'on it. first errors at 23:39 UTC, all from `payments-client`',
      },
      {
        epoch: utc('2024-03-05T23:43:10Z'),
        author: 'alex.r',
        kind: 'message',
        text: 'I see connection resets to 192.0.2.50 & 192.0.2.51 from the checkout pods',
      },
      { epoch: utc('2024-03-06T00:11:15Z'), author: 'mina', kind: 'message', text: 'thanks both, closing this thread' },
    ]);
    expect(ic.replies?.[2].origin.file).toBe(join(SLACK, 'inc-2024-0305-checkout/2024-03-06.json'));
  });

  it('keeps a reply also sent to the channel (thread_broadcast) once, at top level', () => {
    const broadcast = byText('error rate back under 1%');
    expect(brief(broadcast)).toEqual({
      epoch: utc('2024-03-06T00:05:00Z'),
      author: 'Joon Park',
      kind: 'message',
      text: 'error rate back under 1% after the rollback, keeping it pinned',
    });
    expect(top[2].replies?.some((r) => r.text === broadcast.text)).toBe(false);
    expect(read.notes.some((n) => n.includes('replies in Slack but'))).toBe(false);
  });

  it('uses the final text of edited messages', () => {
    expect(byText('restarting').text).toBe('restarting the gateway pods in zone b only');
    expect(top.some((m) => m.text === 'restarting all gateway pods now')).toBe(false);
    expect(byText('rolled back').text).toBe(
      'rolled back payments-client to **v2.14.1** (deploy https://ci.example.com/deploys/8812), ~~v2.15.0~~ is pulled from the release train',
    );
    expect(read.notes).toContain('1 message was edited in Slack: the final text is used');
  });

  it('drops joins, leaves, the purpose and emoji-only messages', () => {
    expect(top.some((m) => /has joined|has left|set the channel purpose/.test(m.text))).toBe(false);
    expect(top.some((m) => m.text.includes(':eyes:'))).toBe(false);
    expect(read.notes).toContain('dropped 4 join/leave or channel-setting records');
    expect(read.notes).toContain('dropped 1 emoji-only message');
  });

  it('keeps the id of a user missing from users.json, with a note', () => {
    expect(brief(byText('FYI'))).toEqual({
      epoch: utc('2024-03-05T23:52:10Z'),
      author: 'U09GHOST',
      kind: 'message',
      text: "FYI the card partner's [status page](https://status.example.net/incidents/p42) shows degraded service since 23:35",
    });
    expect(read.notes).toContain(
      'U09GHOST (1 message) is not in users.json: the author is shown as the id, or the name the message carries',
    );
  });

  it('converts every kind of Slack markup', () => {
    expect(byText('@channel').text).toBe(
      '@channel notes go in the [postmortem draft](https://docs.example.com/postmortems/checkout-0305), chatter in #random or #inc-2024-0305-checkout. ' +
        'Ping @alex.r or @oncall-payments, mail [sre@example.com](mailto:sre@example.com).\n' +
        '> latency < 200ms & errors > 0 is _fine_ for now\n' +
        '**do not** redeploy before the review :tada:',
    );
  });

  it('keeps code blocks as fenced blocks, entities decoded and nothing formatted', () => {
    expect(byText('log lines').text).toBe(
      'log lines from one pod:\n```\nERROR payments-client: dial tcp 192.0.2.50:443: connect: connection reset by peer\nERROR payments-client: retry budget exhausted (3/3) for <POST /v1/charges>\n```\nlooks like the new TLS settings',
    );
  });

  it('keeps a long message whole, paragraphs and all', () => {
    const update = byText('Status update');
    expect(update.text.split('\n\n')).toHaveLength(3);
    expect(update.text.length).toBeGreaterThan(600);
    expect(update.text).toMatch(/^Status update: .* Next update in 30 minutes or sooner if anything changes\.$/s);
  });
});

describe('parseSlackExport (in memory)', () => {
  const users = JSON.stringify([
    { id: 'U1', name: 'mina', profile: { display_name: 'mina' } },
    { id: 'U2', name: 'deploy', is_bot: true, profile: { real_name: 'Deploy Bot' } },
  ]);
  const exportOf = (messages: unknown[]) =>
    parseSlackExport(
      {
        'users.json': users,
        'channels.json': JSON.stringify([{ id: 'C1', name: 'ops' }]),
        'ops/2024-03-05.json': JSON.stringify(messages),
      },
      { root: 'export' },
    );
  const texts = (messages: unknown[]) => exportOf(messages).messages.map((m) => m.text);

  it('takes the only channel with messages when none is named', () => {
    const r = exportOf([{ type: 'message', ts: '1709650000.000100', user: 'U1', text: 'hello' }]);
    expect(r.messages.map(brief)).toEqual([{ epoch: 1709650000000, author: 'mina', kind: 'message', text: 'hello' }]);
    expect(r.messages[0].origin).toEqual({ file: 'export/ops/2024-03-05.json', index: 0 });
  });

  it('leaves out deleted messages', () => {
    const r = exportOf([
      { type: 'message', ts: '1.000100', user: 'U1', text: 'wrong channel, sorry' },
      { type: 'message', subtype: 'message_deleted', hidden: true, ts: '2.000000', deleted_ts: '1.000100' },
      { type: 'message', ts: '3.000000', user: 'U1', text: 'kept' },
    ]);
    expect(r.messages.map((m) => m.text)).toEqual(['kept']);
    expect(r.notes).toContain('1 message deleted in Slack was left out');
  });

  it('keeps replies whose parent is not in the export at top level, and says so', () => {
    const r = exportOf([
      { type: 'message', ts: '5.000000', thread_ts: '4.000000', user: 'U1', text: 'answer to a question from last week' },
    ]);
    expect(r.messages.map((m) => m.text)).toEqual(['answer to a question from last week']);
    expect(r.notes).toContain('1 thread reply whose parent message is not in the export was kept as a top-level message');
  });

  it('notes replies the export is missing', () => {
    const r = exportOf([
      { type: 'message', ts: '1709650000.000000', thread_ts: '1709650000.000000', reply_count: 2, user: 'U1', text: 'question' },
    ]);
    expect(r.notes).toContain(
      'the thread started 2024-03-05 14:46 UTC by mina has 2 replies in Slack but 0 in the export (replies on days outside the export are missing)',
    );
  });

  it('uses the name a message carries for a user missing from users.json', () => {
    const r = exportOf([
      {
        type: 'message',
        ts: '1.0',
        user: 'U7',
        user_profile: { display_name: 'guest.partner', real_name: 'Guest Partner' },
        text: 'hi, <@U7> here',
      },
    ]);
    expect(r.messages.map(brief)).toEqual([{ epoch: 1000, author: 'guest.partner', kind: 'message', text: 'hi, @guest.partner here' }]);
    expect(r.notes[0]).toMatch(/^U7 \(1 message\) is not in users\.json/);
  });

  it('leaves mentions of unknown users as ids, with a note', () => {
    const r = exportOf([{ type: 'message', ts: '1.0', user: 'U1', text: 'ask <@U404>' }]);
    expect(r.messages[0].text).toBe('ask @U404');
    expect(r.notes).toContain('mentions of U404 (not in users.json) were left as ids');
  });

  it('rebuilds the text of block-only messages', () => {
    const blocks = [
      {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'deploy ' },
              { type: 'text', text: 'paused', style: { bold: true } },
              { type: 'text', text: ', see ' },
              { type: 'link', url: 'https://ci.example.com/p/1', text: 'pipeline' },
              { type: 'text', text: ' ' },
              { type: 'user', user_id: 'U1' },
            ],
          },
        ],
      },
    ];
    expect(texts([{ type: 'message', ts: '1.0', user: 'U1', text: '', blocks }])).toEqual([
      'deploy **paused**, see [pipeline](https://ci.example.com/p/1) @mina',
    ]);
  });

  it('leaves out link previews, and lists files by name without their URLs', () => {
    expect(
      texts([
        {
          type: 'message',
          ts: '1.0',
          user: 'U1',
          text: '<https://docs.example.com/runbook>',
          attachments: [{ from_url: 'https://docs.example.com/runbook', title: 'Runbook', text: 'preview' }],
        },
        {
          type: 'message',
          ts: '2.0',
          user: 'U1',
          text: 'graph attached',
          files: [{ name: 'error-rate.png', title: 'error rate', url_private: 'https://files.example.com/F1/error-rate.png' }],
        },
      ]),
    ).toEqual(['https://docs.example.com/runbook', 'graph attached\n(file: error rate)']);
  });

  it('drops emoji-only messages unless they start a thread', () => {
    const r = exportOf([
      { type: 'message', ts: '1.0', user: 'U1', text: '🎉 🎉' },
      { type: 'message', ts: '2.0', user: 'U1', text: ':rotating_light:', thread_ts: '2.0', reply_count: 1 },
      { type: 'message', ts: '3.0', user: 'U1', text: 'details in the thread', thread_ts: '2.0' },
    ]);
    expect(r.messages.map((m) => [m.text, m.replies?.map((x) => x.text)])).toEqual([[':rotating_light:', ['details in the thread']]]);
  });

  it('reads other bots as kind bot, and bots from users.json too', () => {
    const r = exportOf([
      { type: 'message', subtype: 'bot_message', ts: '1.0', bot_id: 'B9', username: 'shipit', text: 'deployed checkout v2.14.1' },
      { type: 'message', ts: '2.0', user: 'U2', text: 'nightly backup done' },
    ]);
    expect(r.messages.map(brief)).toEqual([
      { epoch: 1000, author: 'shipit', kind: 'bot', text: 'deployed checkout v2.14.1' },
      { epoch: 2000, author: 'Deploy Bot', kind: 'bot', text: 'nightly backup done' },
    ]);
  });

  it('names the day file that is not valid JSON', () => {
    const e = sourceError(() =>
      parseSlackExport({ 'users.json': users, 'channels.json': '[]', 'ops/2024-03-05.json': '[{"ts": ' }, { root: 'export' }),
    );
    expect(e.message).toMatch(/^export\/ops\/2024-03-05\.json: not valid JSON/);
    expect(
      sourceError(() => parseSlackExport({ 'users.json': '{"members": []}', 'ops/2024-03-05.json': '[]' }, { root: 'export' })).message,
    ).toBe('export/users.json: expected a JSON list, as Slack exports write it');
  });
});

describe('slackToMarkdown', () => {
  const names = {
    user: (id: string, label?: string) => ({ U1: 'mina' })[id] ?? label ?? id,
    channel: (id: string, label?: string) => ({ C1: 'ops' })[id] ?? label ?? id,
  };
  it.each([
    ['<@U1> <@U9|sam> <@U9>', '@mina @sam @U9'],
    ['<#C1> <#C2|general>', '#ops #general'],
    ['<!here> <!channel> <!everyone> <!here|here>', '@here @channel @everyone @here'],
    ['<!subteam^S1|@sre-oncall> <!subteam^S2>', '@sre-oncall @S2'],
    ['at <!date^1709682065^{date_short} {time}|Mar 5, 2024 11:41 PM>', 'at Mar 5, 2024 11:41 PM'],
    ['<https://x.example.com/a|the doc> and <https://x.example.com/b>', '[the doc](https://x.example.com/a) and https://x.example.com/b'],
    ['<mailto:sre@example.com|sre@example.com>', '[sre@example.com](mailto:sre@example.com)'],
    ['a &amp; b &lt; c &gt; d', 'a & b < c > d'],
    ['type &lt;br&gt; here', 'type \\<br> here'],
    ['*bold* _italic_ ~gone~', '**bold** _italic_ ~~gone~~'],
    ['2*3*4 and not*bold*', '2*3*4 and not*bold*'],
    ['run `*x* &lt;y&gt; <@U1>` now', 'run `*x* <y> @mina` now'],
    ['<https://x.example.com/~mina/a_b|link [1]> and ~strike~', '[link \\[1\\]](https://x.example.com/~mina/a_b) and ~~strike~~'],
    ['before ```line1\nline2``` after', 'before\n```\nline1\nline2\n```\nafter'],
    ['```\n*not bold* <https://x.example.com|x>\n```', '```\n*not bold* x\n```'],
    ['• one\n• two', '- one\n- two'],
  ])('%j → %j', (input, output) => {
    expect(slackToMarkdown(input, names)).toBe(output);
  });

  it('tells emoji-only text', () => {
    expect([':tada:', ':+1::skin-tone-2: :eyes:', '🎉 🚀', ' :white_check_mark: '].every(isEmojiOnly)).toBe(true);
    expect(['ok :tada:', '', '   ', '+1'].some(isEmojiOnly)).toBe(false);
  });
});

describe('chat text', () => {
  it('reads a Slack desktop copy, with --date for the day', () => {
    const r = readSource(fx('chat-en.txt'), { date: '2024-03-05' });
    expect(r.kind).toBe('chat-text');
    expect(r.messages.map(brief)).toEqual([
      {
        local: { date: '2024-03-05', time: '14:14' },
        author: 'mina',
        kind: 'message',
        text: 'checkout error rate is climbing, paging payments',
      },
      {
        local: { date: '2024-03-05', time: '14:15' },
        author: 'joon',
        kind: 'message',
        text: 'looking at the gateway dashboards now\nfirst 502s started around 2:09',
      },
      {
        local: { date: '2024-03-05', time: '14:16' },
        author: 'joon',
        kind: 'message',
        text: 'the payments-client release went out at 2:05',
      },
      { local: { date: '2024-03-05', time: '14:21' }, author: 'Alex Rivera', kind: 'message', text: 'rolling back to v2.14.1' },
      {
        local: { date: '2024-03-05', time: '14:22' },
        author: 'PagerDuty',
        kind: 'alert',
        status: 'triggered',
        text: 'Triggered #4172 Checkout 5xx rate above 5%',
      },
      {
        local: { date: '2024-03-05', time: '14:40' },
        author: 'mina',
        kind: 'message',
        text: 'error rate is back under 1%, watching for 15 minutes\n\nif it stays green we close at 3:00',
      },
      {
        local: { date: '2024-03-05', time: '14:45' },
        author: 'sato',
        kind: 'message',
        text: 'bridge closed, notes are in the incident doc',
      },
    ]);
    expect(r.messages.map((m) => m.origin.line)).toEqual([2, 4, 7, 9, 13, 17, 21]);
    expect(r.notes).toEqual([`dropped 1 emoji-only message in ${fx('chat-en.txt')}`]);
  });

  it('keeps times without a day when there is no --date, and says so', () => {
    const r = readSource(fx('chat-en.txt'));
    expect(r.messages[0].local).toEqual({ time: '14:14' });
    expect(r.notes).toContain(
      'could not tell the day of the date line "Tuesday, March 5th" (line 1); messages after it keep the previous day',
    );
    expect(r.notes).toContain(`${fx('chat-en.txt')} gives times without a day; pass --date YYYY-MM-DD`);
  });

  it('reads a Microsoft Teams copy', () => {
    expect(locals(readSource(fx('chat-teams.txt')))).toEqual([
      ['2024-03-05', '14:14', 'Mina Kim', "checkout 5xx alarms are firing, I'm opening a bridge"],
      ['2024-03-05', '14:16', 'Joon Park', 'on the bridge. gateway p99 is at 4s\nand the connection pool is saturated'],
      ['2024-03-05', '14:31', 'Mina Kim', 'rollback finished, error rate dropping'],
      ['2024-03-05', '15:02', 'Sato Kenji', 'all clear from the payments side'],
    ]);
  });

  it('reads a KakaoTalk PC export: 오전/오후, and the date divider after midnight', () => {
    const r = readSource(fx('chat-ko-kakao.txt'));
    expect(locals(r)).toEqual([
      ['2024-03-05', '23:41', 'mina', '결제 API 5xx가 급증했어요. 제가 IC 맡을게요'],
      ['2024-03-05', '23:43', '준', '게이트웨이 쪽 확인하고 있습니다'],
      ['2024-03-05', '23:47', '준', 'payments-client를 2.14.1로 롤백했어요\n배포 기록은 CI에 남겨뒀습니다'],
      ['2024-03-05', '23:58', 'sato', '존 b 파드만 재시작 중입니다'],
      ['2024-03-06', '00:05', 'mina', '에러율이 1% 아래로 내려왔습니다'],
      ['2024-03-06', '00:30', 'mina', '모니터링 종료, 포스트모템은 내일 오후에 씁니다'],
    ]);
    expect(r.notes).toEqual(['dropped 1 KakaoTalk join/leave line']);
  });

  it('reads KakaoTalk mobile exports (Android and iOS)', () => {
    const text = [
      '2024년 3월 5일 화요일',
      '2024년 3월 5일 오후 11:40: mina님이 들어왔습니다.',
      '2024년 3월 5일 오후 11:41, mina : 결제 API 5xx 급증',
      '2024년 3월 6일 오전 12:05, 준 : 복구 확인',
      '2024. 3. 6. 오후 12:10, sato : 점심 이후 재배포',
      '두 번째 줄',
    ].join('\n');
    expect(locals(parseChatText(text))).toEqual([
      ['2024-03-05', '23:41', 'mina', '결제 API 5xx 급증'],
      ['2024-03-06', '00:05', '준', '복구 확인'],
      ['2024-03-06', '12:10', 'sato', '점심 이후 재배포\n두 번째 줄'],
    ]);
  });

  it('reads plain logs, with seconds, and an instant when the line states a zone', () => {
    const r = readSource(fx('chat-log.txt'));
    expect(r.messages.map(brief)).toEqual([
      {
        local: { date: '2024-03-05', time: '14:02:11' },
        author: 'mina',
        kind: 'message',
        text: 'checkout 5xx rate above 5%, paging payments',
      },
      { local: { date: '2024-03-05', time: '14:02:40' }, author: 'joon', kind: 'message', text: 'ack, looking' },
      {
        local: { date: '2024-03-05', time: '14:05:03' },
        author: 'joon',
        kind: 'message',
        text: 'payments-client v2.15.0 went out at 13:58\n  rollout reached 100% at 14:01',
      },
      { local: { date: '2024-03-05', time: '14:09:30' }, author: 'alex', kind: 'message', text: 'rolling back to v2.14.1' },
      {
        epoch: utc('2024-03-05T05:12:00Z'),
        author: 'pagerduty',
        kind: 'alert',
        status: 'resolved',
        text: 'Resolved #4172 Checkout 5xx rate above 5%',
      },
    ]);
    expect(r.notes).toEqual([`ignored 1 line before the first message in ${fx('chat-log.txt')}`]);
  });

  it.each([
    ['@mina 2:14 PM\nlooking', [[undefined, '14:14', 'mina', 'looking']]],
    ['mina [14:02]\nlooking', [[undefined, '14:02', 'mina', 'looking']]],
    ['@joon\n2:15 PM\nchecking the gateway', [[undefined, '14:15', 'joon', 'checking the gateway']]],
    ['Mina Kim\n2:14 PM\nlooking', [[undefined, '14:14', 'Mina Kim', 'looking']]],
    [
      '[14:02] mina: checking\n[14:03] joon: same here',
      [
        [undefined, '14:02', 'mina', 'checking'],
        [undefined, '14:03', 'joon', 'same here'],
      ],
    ],
    ['[2:14 PM] mina: it works', [[undefined, '14:14', 'mina', 'it works']]],
    ['[2:14 PM] Mina Kim\nbridge is open', [[undefined, '14:14', 'Mina Kim', 'bridge is open']]],
    [
      '[14:02] deploy started\n[14:05] deploy finished',
      [
        [undefined, '14:02', undefined, 'deploy started'],
        [undefined, '14:05', undefined, 'deploy finished'],
      ],
    ],
    ['[2024-03-05 14:02:11] mina: text', [['2024-03-05', '14:02:11', 'mina', 'text']]],
    [
      'mina  12:05 AM\nafter midnight\nmina  12:30 PM\nlunch',
      [
        [undefined, '00:05', 'mina', 'after midnight'],
        [undefined, '12:30', 'mina', 'lunch'],
      ],
    ],
    [
      '[mina] [오전 12:05] 자정 직후\n[mina] [오후 12:05] 정오 직후',
      [
        [undefined, '00:05', 'mina', '자정 직후'],
        [undefined, '12:05', 'mina', '정오 직후'],
      ],
    ],
    ['mina  2:14 PM\nfirst line\n\nsecond paragraph\n', [[undefined, '14:14', 'mina', 'first line\n\nsecond paragraph']]],
  ])('%j', (text, expected) => {
    expect(locals(parseChatText(text))).toEqual(expected);
  });

  it('does not take a sentence that ends in a time for a header', () => {
    expect(locals(parseChatText('mina  2:14 PM\nMeeting at 3:00 PM\nsee you at 3:00 PM'))).toEqual([
      [undefined, '14:14', 'mina', 'Meeting at 3:00 PM\nsee you at 3:00 PM'],
    ]);
  });

  it('does not take a message line before a time line for a name', () => {
    const r = parseChatText('joon  1:20 AM\nrestarting the importer pods\n1:48 AM\nimporter is back');
    expect(locals(r)).toEqual([
      [undefined, '01:20', 'joon', 'restarting the importer pods'],
      [undefined, '01:48', 'joon', 'importer is back'],
    ]);
  });

  it('moves to the next day when a --date chat crosses midnight', () => {
    const r = parseChatText('mina  11:58 PM\nlate\njoon  12:03 AM\nearly', { date: '2024-03-05', file: 'night.txt' });
    expect(locals(r)).toEqual([
      ['2024-03-05', '23:58', 'mina', 'late'],
      ['2024-03-06', '00:03', 'joon', 'early'],
    ]);
    expect(r.notes).toContain('the chat in night.txt crosses midnight at line 3 (23:58 → 00:03), so it is taken as 2024-03-06');
    expect(r.notes).toContain('the day of 2 messages in night.txt comes from --date 2024-03-05 (the chat gives only times)');
    expect(parseChatText('mina  11:58 PM\nlate\njoon  12:03 AM\nearly', { file: 'night.txt' }).notes).toContain(
      'the chat in night.txt seems to cross midnight at line 3 (23:58 → 00:03); pass --date YYYY-MM-DD for the first day',
    );
  });

  it('fails only when nothing reads as a message', () => {
    const e = sourceError(() => parseChatText('some notes\nwith no chat headers at all', { file: 'notes.txt' }));
    expect(e.message).toBe(
      'notes.txt: no chat messages found; expected lines like "mina  2:14 PM", "[14:02] mina: text", "2024-03-05 14:02:11 mina: text", "[3/5/2024 2:14 PM] Mina Kim" or a KakaoTalk export',
    );
    expect(sourceError(() => parseChatText('mina  2:14 PM\nhi', { date: '5/3/2024' })).message).toBe(
      '--date 5/3/2024: expected a day as YYYY-MM-DD',
    );
  });
});

describe('PagerDuty', () => {
  it('reads the incident log CSV (the columns PagerDuty’s exporter writes)', () => {
    const r = readSource(fx('pagerduty-incident-log.csv'));
    expect(r.kind).toBe('pagerduty-csv');
    expect(r.messages.map(brief)).toEqual([
      {
        epoch: utc('2024-03-05T23:40:14Z'),
        kind: 'alert',
        status: 'triggered',
        text: 'Triggered through the API: Checkout 5xx rate above 5%, service checkout-api',
      },
      {
        epoch: utc('2024-03-05T23:40:16Z'),
        author: 'Mina Kim',
        kind: 'alert',
        status: 'notified',
        text: 'Notified Mina Kim via push notification',
      },
      { epoch: utc('2024-03-05T23:41:02Z'), author: 'Mina Kim', kind: 'alert', status: 'acknowledged', text: 'Acknowledged by Mina Kim' },
      {
        epoch: utc('2024-03-05T23:44:30Z'),
        author: 'Joon Park',
        kind: 'message',
        text: 'Rollback of payments-client started.\nTracking in #inc-2024-0305-checkout',
      },
      { epoch: utc('2024-03-06T00:09:01Z'), author: 'Mina Kim', kind: 'alert', status: 'resolved', text: 'Resolved by Mina Kim' },
    ]);
    expect(r.messages.map((m) => m.origin.line)).toEqual([2, 3, 4, 5, 7]);
    expect(r.notes).toEqual([]);
  });

  it('matches headers case-insensitively and puts newest-first rows in order', () => {
    const csv = [
      'Created At,Type,Summary,Agent,Channel',
      '2024-03-06 00:09:01 +0000,Resolved,Resolved by Mina Kim,Mina Kim,Website',
      '2024-03-05 23:40:14 +0000,Triggered,Checkout 5xx rate above 5%,checkout-api,API',
    ].join('\n');
    const r = parsePagerDutyCsv(csv);
    expect(r.messages.map(brief)).toEqual([
      {
        epoch: utc('2024-03-05T23:40:14Z'),
        author: 'checkout-api',
        kind: 'alert',
        status: 'triggered',
        text: 'Checkout 5xx rate above 5%',
      },
      { epoch: utc('2024-03-06T00:09:01Z'), author: 'Mina Kim', kind: 'alert', status: 'resolved', text: 'Resolved by Mina Kim' },
    ]);
  });

  it('reads the incidents list export as a trigger and a resolve', () => {
    const p = write(
      'incidents.csv',
      'id,incident_number,description,status,urgency,service_name,created_on,resolved_on\nQ0EXAMPLE01,4172,Checkout 5xx rate above 5%,resolved,high,checkout-api,2024-03-05T23:40:14Z,2024-03-06T00:09:01Z\n',
    );
    expect(detectSource(p)).toBe('pagerduty-csv');
    expect(readSource(p).messages.map(brief)).toEqual([
      { epoch: utc('2024-03-05T23:40:14Z'), kind: 'alert', status: 'triggered', text: '#4172 Checkout 5xx rate above 5%' },
      { epoch: utc('2024-03-06T00:09:01Z'), kind: 'alert', status: 'resolved', text: '#4172 Checkout 5xx rate above 5%' },
    ]);
  });

  it('reads log_entries JSON, oldest first', () => {
    const r = readSource(fx('pagerduty-log-entries.json'));
    expect(r.kind).toBe('pagerduty-json');
    expect(r.messages.map(brief)).toEqual([
      { epoch: utc('2024-03-05T23:40:14Z'), author: 'checkout-api', kind: 'alert', status: 'triggered', text: 'Triggered through the API' },
      { epoch: utc('2024-03-05T23:41:02Z'), author: 'Mina Kim', kind: 'alert', status: 'acknowledged', text: 'Acknowledged by Mina Kim' },
      { epoch: utc('2024-03-06T00:09:01Z'), author: 'Mina Kim', kind: 'alert', status: 'resolved', text: 'Resolved by Mina Kim' },
    ]);
    expect(r.messages[0].origin).toEqual({ file: fx('pagerduty-log-entries.json'), index: 2 });
  });

  it('reads a bare list of entries, and notes as messages', () => {
    const r = parsePagerDutyJson([
      {
        type: 'annotate_log_entry',
        created_at: '2024-03-05T23:44:30Z',
        summary: 'Note added',
        agent: { summary: 'Joon Park' },
        channel: { type: 'note', summary: 'rollback started' },
      },
    ]);
    expect(r.messages.map(brief)).toEqual([
      { epoch: utc('2024-03-05T23:44:30Z'), author: 'Joon Park', kind: 'message', text: 'rollback started' },
    ]);
    expect(sourceError(() => parsePagerDutyJson({ incidents: [] }, { file: 'pd.json' })).message).toBe(
      'pd.json: no PagerDuty log entries (expected {"log_entries": [...]} with type, created_at and summary)',
    );
  });
});

describe('Alertmanager', () => {
  const text10 =
    'CheckoutHighErrorRate: 5xx ratio on 192.0.2.10:9100 is 7.2%\nMore than 5% of checkout requests failed with 5xx for 2 minutes.';
  const text11 =
    'CheckoutHighErrorRate: 5xx ratio on 192.0.2.11:9100 is 6.1%\nMore than 5% of checkout requests failed with 5xx for 2 minutes.';

  it('reads firing and resolved alerts of one payload', () => {
    const r = readSource(fx('alertmanager.json'));
    expect(r.kind).toBe('alertmanager');
    expect(r.messages.map(brief)).toEqual([
      { epoch: utc('2024-03-05T23:39:45.123Z'), kind: 'alert', status: 'firing', text: text10 },
      { epoch: utc('2024-03-05T23:40:15Z'), kind: 'alert', status: 'firing', text: text11 },
      { epoch: utc('2024-03-06T00:06:15Z'), kind: 'alert', status: 'resolved', text: text11 },
    ]);
    expect(r.messages[0].origin).toEqual({ file: fx('alertmanager.json'), index: 0 });
  });

  it('merges repeated notifications across payloads, and reads offsets', () => {
    const r = readSource(fx('alertmanager-array.json'));
    expect(r.messages.map((m) => [new Date(m.epoch!).toISOString(), m.status, m.origin.index])).toEqual([
      ['2024-03-05T23:39:45.000Z', 'firing', 0],
      ['2024-03-05T23:40:15.000Z', 'firing', 0],
      ['2024-03-06T00:06:45.000Z', 'resolved', 2],
      ['2024-03-06T00:07:15.000Z', 'resolved', 2],
    ]);
    expect(r.notes).toEqual([`4 repeated notifications of the same alert in ${fx('alertmanager-array.json')} were kept once`]);
  });

  it('reads JSON lines and bare alert lists', () => {
    const payload = (status: string, endsAt: string) =>
      JSON.stringify({
        version: '4',
        status,
        receiver: 'r',
        alerts: [
          {
            status,
            labels: { alertname: 'DiskFull', instance: '192.0.2.30:9100' },
            annotations: {},
            startsAt: '2024-03-05T10:00:00Z',
            endsAt,
          },
        ],
      });
    const p = write('am.jsonl', `${payload('firing', '0001-01-01T00:00:00Z')}\n\n${payload('resolved', '2024-03-05T10:30:00Z')}\n`);
    const r = readSource(p);
    expect(r.messages.map((m) => [m.status, m.text, m.origin.line])).toEqual([
      ['firing', 'DiskFull (instance=192.0.2.30:9100)', 1],
      ['resolved', 'DiskFull (instance=192.0.2.30:9100)', 3],
    ]);
    const bare = parseAlertmanager([
      {
        labels: { alertname: 'DiskFull' },
        annotations: { summary: 'disk 95% full' },
        startsAt: '2024-03-05T10:00:00Z',
        endsAt: '2024-03-05T10:30:00Z',
        status: { state: 'active' },
      },
    ]);
    expect(bare.messages.map(brief)).toEqual([
      { epoch: utc('2024-03-05T10:00:00Z'), kind: 'alert', status: 'firing', text: 'DiskFull: disk 95% full' },
    ]);
  });
});

describe('CSV', () => {
  it('reads date and time columns together, with --text-column', () => {
    const r = readSource(fx('deploys.csv'), { textColumn: 'what' });
    expect(r.kind).toBe('csv');
    expect(r.messages.map(brief)).toEqual([
      { local: { date: '2024-03-05', time: '13:58:02' }, author: 'ci', kind: 'message', text: 'v2.15.0 rolled out' },
      { local: { date: '2024-03-05', time: '14:09:40' }, author: 'joon', kind: 'message', text: 'v2.14.1 rolled back' },
    ]);
    expect(r.notes).toEqual([
      `skipped 1 row of ${fx('deploys.csv')} whose time could not be read (line 4: "2024-03-05 yesterday")`,
      `2 times in ${fx('deploys.csv')} carry no zone and are read as wall-clock`,
    ]);
  });

  it('finds time, text, author and status columns by name', () => {
    const r = parseCsv(
      'Timestamp;Message;User;Status\n2024-03-05T14:02:00+09:00;"db failover; primary moved";mina;\n2024-03-05T14:20:00+09:00;replica lag alert;;RESOLVED\n',
    );
    expect(r.messages.map(brief)).toEqual([
      { epoch: utc('2024-03-05T05:02:00Z'), author: 'mina', kind: 'message', text: 'db failover; primary moved' },
      { epoch: utc('2024-03-05T05:20:00Z'), kind: 'alert', status: 'resolved', text: 'replica lag alert' },
    ]);
  });

  it('says which columns it found and which flags to pass', () => {
    const p = write('owners.csv', 'service,owner,notes\ncheckout,mina,fine\n');
    expect(sourceError(() => readSource(p)).message).toBe(
      `${p}: no time column among "service", "owner", "notes"; pass --time-column NAME (and --text-column NAME) to say which columns to read`,
    );
    expect(sourceError(() => readSource(fx('deploys.csv'))).message).toBe(
      `${fx('deploys.csv')}: no text column among "Date", "Time", "Service", "What", "Who"; pass --text-column NAME`,
    );
    expect(sourceError(() => readSource(fx('deploys.csv'), { timeColumn: 'When' })).message).toBe(
      `${fx('deploys.csv')}: no column "When" (--time-column); the columns are "Date", "Time", "Service", "What", "Who"`,
    );
  });
});

describe('across a DST change (America/Los_Angeles, 2024-11-03, 02:00 → 01:00)', () => {
  const la = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  });

  it('keeps the chat wall-clock as written, in file order, and notes the hour that repeats', () => {
    const r = readSource(fx('chat-dst.txt'), { date: '2024-11-03' });
    expect(r.messages.map((m) => [m.local?.date, m.local?.time, m.author])).toEqual([
      ['2024-11-03', '00:52', 'mina'],
      ['2024-11-03', '01:20', 'joon'],
      ['2024-11-03', '01:48', 'joon'],
      ['2024-11-03', '01:05', 'mina'],
      ['2024-11-03', '01:40', 'joon'],
      ['2024-11-03', '02:15', 'mina'],
    ]);
    expect(r.notes).toContain(
      `times in ${fx('chat-dst.txt')} go back at line 7 (01:48 → 01:05): a clock change (DST) or lines out of order; the file's order is kept`,
    );
  });

  it('reads the PagerDuty instants in UTC, on both sides of the change', () => {
    const r = readSource(fx('pagerduty-dst.csv'));
    expect(r.messages.map((m) => la.format(m.epoch!))).toEqual(['00:50 PDT', '00:50 PDT', '00:53 PDT', '01:06 PST', '02:16 PST']);
    expect(r.messages.map((m) => m.status ?? m.kind)).toEqual(['triggered', 'notified', 'acknowledged', 'message', 'resolved']);
  });
});

describe('times', () => {
  it.each([
    ['2024-03-05T14:02:11+09:00', { epoch: utc('2024-03-05T05:02:11Z') }],
    ['2024-03-05T23:39:45.123456789Z', { epoch: utc('2024-03-05T23:39:45.123Z') }],
    ['2024-03-05 14:02 UTC', { epoch: utc('2024-03-05T14:02:00Z') }],
    ['Mar 5, 2024 at 2:14:07 PM PST', { epoch: utc('2024-03-05T22:14:07Z') }],
    ['1709682065.000100', { epoch: 1709682065000 }],
    ['1709682065123', { epoch: 1709682065123 }],
    ['2024-03-05 14:02', { local: { date: '2024-03-05', time: '14:02' } }],
    ['3/5/2024 2:14 PM', { local: { date: '2024-03-05', time: '14:14' } }],
    ['13/08/2024 10:42', { local: { date: '2024-08-13', time: '10:42' } }],
    ['2024년 3월 5일 오후 2:14', { local: { date: '2024-03-05', time: '14:14' } }],
    ['2024. 3. 5. 오전 9:05', { local: { date: '2024-03-05', time: '09:05' } }],
    ['Tuesday, March 5th, 2024 9:05 AM', { local: { date: '2024-03-05', time: '09:05' } }],
    ['2:14 PM', { local: { time: '14:14' } }],
  ])('%s', (text, stamp) => {
    expect(parseStamp(text)).toEqual(stamp);
  });

  it.each(['2024-03-05 14:02 CST', '2024-02-30 10:00', 'yesterday', '25:00', '2024-03-05'])('%s is not a time', (text) => {
    expect(parseStamp(text)).toBeUndefined();
  });

  it('converts 12-hour and 오전/오후 clocks', () => {
    expect(
      ['12:00 AM', '12:30 PM', '1:05 pm', '오전 12:05', '오후 12:05', '오후 11:59', '14:02 PM', '[2:14 PM]'].map((t) => parseChatClock(t)),
    ).toEqual([
      { hour: 0, minute: 0 },
      { hour: 12, minute: 30 },
      { hour: 13, minute: 5 },
      { hour: 0, minute: 5 },
      { hour: 12, minute: 5 },
      { hour: 23, minute: 59 },
      { hour: 14, minute: 2 },
      { hour: 14, minute: 14 },
    ]);
  });
});

describe('bad input', () => {
  it('names a path that cannot be read', () => {
    const p = join(tmp, 'missing.txt');
    expect(sourceError(() => readSource(p)).message).toBe(`${p}: cannot read it (no such file or folder)`);
    expect(sourceError(() => detectSource(p)).message).toBe(`${p}: cannot read it (no such file or folder)`);
  });

  it('says a file is empty', () => {
    for (const name of ['empty.txt', 'empty.json', 'empty.csv']) {
      const p = write(name, name === 'empty.csv' ? '\n \n' : '');
      expect(sourceError(() => readSource(p)).message).toBe(`${p}: the file is empty`);
    }
  });

  it('says where JSON breaks', () => {
    const p = write('broken.json', '{"alerts": [\n  {"status": "firing",\n  }\n]');
    expect(sourceError(() => readSource(p)).message).toBe(
      `${p}: not valid JSON at line 3, column 3 (Expected double-quoted property name); check the file was saved completely`,
    );
  });

  it('says what JSON it expected', () => {
    const p = write('other.json', '{"hello": 1}');
    expect(sourceError(() => readSource(p)).message).toBe(
      `${p}: JSON of a shape this reader does not know (keys hello); expected an Alertmanager webhook payload ("alerts": [...]) or PagerDuty log entries ("log_entries": [...])`,
    );
    expect(sourceError(() => readSource(p, { kind: 'alertmanager' })).message).toBe(
      `${p}: no Alertmanager alerts with a readable startsAt (expected a webhook payload with "alerts": [...])`,
    );
  });

  it('turns unexpected shapes into SourceErrors, never stack traces', () => {
    const p = write('odd.json', JSON.stringify({ version: '4', status: 'firing', alerts: [null, 3, { labels: 'x', startsAt: 5 }] }));
    expect(sourceError(() => readSource(p)).message).toMatch(/no Alertmanager alerts with a readable startsAt/);
    const q = write('odd-pd.json', JSON.stringify({ log_entries: [{ type: 7 }, null] }));
    expect(sourceError(() => readSource(q)).message).toMatch(/no PagerDuty log entries/);
    expect(sourceError(() => readSource(fx('chat-en.txt'), { kind: 'slack-export' })).message).toBe(
      `${fx('chat-en.txt')}: a Slack export is a folder (unzip the export and pass the folder)`,
    );
    expect(sourceError(() => readSource(fx('chat-en.txt'), { kind: 'nope' as never })).message).toBe(
      'unknown source kind "nope"; use one of slack-export, chat-text, pagerduty-csv, pagerduty-json, alertmanager, csv',
    );
  });

  it('reads bytes that are not UTF-8 as the Korean code page, with a note', () => {
    const p = join(tmp, 'cp949.txt');
    // "[mina] [오후 2:14] 확인" in CP949
    writeFileSync(
      p,
      Buffer.concat([
        Buffer.from('[mina] ['),
        Buffer.from([0xbf, 0xc0, 0xc8, 0xc4]),
        Buffer.from(' 2:14] '),
        Buffer.from([0xc8, 0xae, 0xc0, 0xce]),
      ]),
    );
    const r = readSource(p);
    expect(locals(r)).toEqual([[undefined, '14:14', 'mina', '확인']]);
    expect(r.notes[0]).toBe(`${p} is not UTF-8; read it as EUC-KR (CP949)`);
  });
});

function locals(r: { messages: SourceMessage[] }) {
  return r.messages.map((m) => [m.local?.date, m.local?.time, m.author, m.text]);
}
