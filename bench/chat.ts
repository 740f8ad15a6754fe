/**
 * A synthetic Slack export for the `timeline` step of `npm run bench`: one
 * channel, N message records spread over an incident's window, deterministic
 * for a seed. It has what real exports have, in rough real proportions:
 * people talking in English and Korean, mentions and links, thread replies,
 * alert bots (PagerDuty, Alertmanager), code blocks, long status updates,
 * edits, joins and emoji-only reactions (the last two are dropped on import).
 */
import { createRng } from './prng.ts';

export interface ChatExportOptions {
  /** Message records to write (joins, edits and emoji-only ones included). */
  messages: number;
  seed: number;
  channel: string;
  /** Epoch ms: the messages fall in [from, to]. */
  from: number;
  to: number;
}

export interface ChatExport {
  /** Path inside the export folder → text. */
  files: { path: string; text: string }[];
  messages: number;
}

const PEOPLE = ['mina', 'joon', 'sato', 'alex', 'priya', 'lena', 'omar', 'yuki', 'dae', 'sora', 'tomas', 'ines'];
const SAID = [
  'looking at the {svc} dashboards now',
  'error rate on {svc} is {n}%',
  'p99 latency on {svc} is {n}00 ms and climbing',
  'restarting the {svc} pods in zone {zone}',
  'rolling back {svc} to the previous release',
  'the rollback of {svc} is done, watching the graphs',
  'connection pool on {svc} is saturated ({n}0/{n}0)',
  'I think it started with the {svc} deploy',
  'paging the {svc} owners',
  'customer reports are coming in from support',
  '{svc} 쪽 대시보드 확인하고 있습니다',
  '{svc} 파드 재시작 중입니다',
  '{svc} 롤백했습니다, 지표 보고 있어요',
  '에러율이 {n}%까지 올라갔어요',
  '복구 확인했습니다',
  'cc <@{user}> can you check {svc}?',
  'runbook: <https://runbooks.example.com/{svc}|{svc} runbook>',
  'mail the summary to oncall-{svc}@corp-mail.net when we close',
];
const SERVICES = ['checkout', 'payments', 'search', 'auth', 'catalog', 'orders', 'gateway'];
const ALERTS = ['HighErrorRate', 'LatencyHigh', 'PodCrashLooping', 'QueueBacklog', 'DiskAlmostFull'];

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (epoch: number) => {
  const d = new Date(epoch);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const ts = (epoch: number, seq: number) => `${Math.floor(epoch / 1000)}.${String(seq % 1_000_000).padStart(6, '0')}`;

export function generateSlackExport(o: ChatExportOptions): ChatExport {
  const rng = createRng(o.seed);
  const users = PEOPLE.map((name, i) => ({ id: `U${String(i + 1).padStart(3, '0')}${name.toUpperCase()}`, name }));
  const fill = (t: string) =>
    t
      .replace(/\{svc\}/g, () => rng.pick(SERVICES))
      .replace(/\{n\}/g, () => String(rng.int(1, 9)))
      .replace(/\{zone\}/g, () => rng.pick(['a', 'b', 'c']))
      .replace(/\{user\}/g, () => rng.pick(users).id);
  const times = Array.from({ length: o.messages }, () => o.from + Math.floor(rng.next() * (o.to - o.from))).sort((a, b) => a - b);
  const records: Record<string, unknown>[] = [];
  const threads: string[] = [];
  times.forEach((epoch, seq) => {
    const stamp = ts(epoch, seq);
    const user = rng.pick(users);
    const kind = rng.weighted([70, 8, 5, 3, 2, 3, 3, 2]);
    if (kind === 0) {
      const rec: Record<string, unknown> = { type: 'message', ts: stamp, user: user.id, text: fill(rng.pick(SAID)) };
      if (rng.chance(0.1)) {
        rec.thread_ts = stamp;
        threads.push(stamp);
      }
      records.push(rec);
    } else if (kind === 1 && threads.length) {
      const parent = rng.pick(threads.slice(-20));
      records.push({ type: 'message', ts: stamp, user: user.id, text: fill(rng.pick(SAID)), thread_ts: parent, parent_user_id: user.id });
    } else if (kind === 2) {
      const firing = rng.chance(0.6);
      const name = `${rng.pick(SERVICES)}${rng.pick(ALERTS)}`;
      records.push({
        type: 'message',
        subtype: 'bot_message',
        ts: stamp,
        bot_id: 'B0ALERTS',
        username: rng.pick(['alertmanager', 'PagerDuty']),
        text: '',
        attachments: [
          { fallback: `[${firing ? 'FIRING:1' : 'RESOLVED'}] ${name}`, title: `[${firing ? 'FIRING:1' : 'RESOLVED'}] ${name}` },
        ],
      });
    } else if (kind === 3) {
      const lines = Array.from(
        { length: rng.int(2, 6) },
        () => `ERROR ${rng.pick(SERVICES)}: dial tcp 10.0.${rng.int(1, 254)}.${rng.int(1, 254)}:443: connection reset`,
      );
      records.push({ type: 'message', ts: stamp, user: user.id, text: `log lines from one pod:\n\`\`\`${lines.join('\n')}\`\`\`` });
    } else if (kind === 4) {
      const paragraphs = Array.from({ length: 3 }, () => Array.from({ length: 6 }, () => fill(rng.pick(SAID))).join('. '));
      records.push({ type: 'message', ts: stamp, user: user.id, text: `Status update: ${paragraphs.join('.\n\n')}.` });
    } else if (kind === 5) {
      records.push({ type: 'message', subtype: 'channel_join', ts: stamp, user: user.id, text: `<@${user.id}> has joined the channel` });
    } else if (kind === 6) {
      records.push({
        type: 'message',
        ts: stamp,
        user: user.id,
        text: rng.pick([':eyes:', ':+1:', ':white_check_mark:', ':fire: :fire:']),
      });
    } else {
      const target = records.findLast((r) => r.user === user.id && !r.subtype && typeof r.text === 'string');
      if (target)
        records.push({
          type: 'message',
          subtype: 'message_changed',
          hidden: true,
          ts: stamp,
          message: {
            type: 'message',
            user: user.id,
            text: `${target.text} (corrected)`,
            ts: target.ts,
            edited: { user: user.id, ts: stamp },
          },
        });
      else records.push({ type: 'message', ts: stamp, user: user.id, text: fill(rng.pick(SAID)) });
    }
  });
  const byDay = new Map<string, Record<string, unknown>[]>();
  for (const r of records) {
    const day = dayOf(Number(String(r.ts).split('.')[0]) * 1000);
    const list = byDay.get(day);
    if (list) list.push(r);
    else byDay.set(day, [r]);
  }
  const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;
  return {
    messages: records.length,
    files: [
      {
        path: 'users.json',
        text: json(users.map((u) => ({ id: u.id, name: u.name, real_name: u.name, profile: { display_name: u.name } }))),
      },
      { path: 'channels.json', text: json([{ id: 'C0BENCH', name: o.channel, members: users.map((u) => u.id) }]) },
      ...[...byDay].map(([day, list]) => ({ path: `${o.channel}/${day}.json`, text: json(list) })),
    ],
  };
}
