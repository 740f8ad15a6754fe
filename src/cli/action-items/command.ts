/**
 * `npm run action-items -- list|export|notify`: the action items the site
 * published, for stand-ups, trackers and chat. Reads the built
 * /api/action-items.json (from `npm run build`, or the deployed site's URL),
 * so it sees exactly what the site shows (drafts only when they are built),
 * and recomputes "overdue" for today (KB_BUILD_DATE pins it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { today as todayOf } from '../../core/today.ts';
import { type ActionItemRecord, type ActionItemsJson, actionItemsJsonSchema } from '../../schema/action-items.ts';
import { CliError, type FlagSpec, formatCliError, helpText, parseFlags, type RawFlags, stringFlag, UsageError } from '../shared/args.ts';
import { NOTIFY_FORMATS, type NotifyFormat, newlyOverdue, notifyPayload } from './notify.ts';
import { EXPORT_FORMATS, type ExportFormat, exportTickets, needingTickets } from './trackers.ts';

const COMMAND = 'action-items';
const SUBCOMMANDS = ['list', 'export', 'notify'] as const;

export const ACTION_ITEMS_FLAGS: FlagSpec[] = [
  {
    name: 'from',
    arg: 'FILE|URL',
    help: 'The built action items (default: $KB_OUT_DIR or dist, then /api/action-items.json), or the deployed site’s URL of it.',
  },
  { name: 'overdue', help: 'list: only overdue items (open, due before today).' },
  { name: 'owner', arg: 'NAME', multiple: true, help: 'list, export: only this owner’s items (name or owner-page slug; repeatable).' },
  { name: 'all', help: 'list: closed items too (done, wont-fix).' },
  { name: 'format', arg: 'FORMAT', help: `export: ${EXPORT_FORMATS.join('|')}; notify: ${NOTIFY_FORMATS.join('|')} (default slack).` },
  { name: 'repo', arg: 'OWNER/REPO', help: 'export --format github: the repository for gh (default: the current one).' },
  { name: 'since', arg: 'DAYS', help: 'notify: items that became overdue in the last DAYS days (default 1, for a daily job).' },
  { name: 'json', help: 'list: print the records as JSON.' },
  { name: 'help', short: 'h', help: 'This help.' },
];

const HELP = helpText(COMMAND, ACTION_ITEMS_FLAGS, {
  usage: 'npm run action-items -- list|export|notify [options]',
  summary: [
    'The action items the site published (run npm run build first, or pass --from the deployed URL).',
    '  list     open items, overdue first: for stand-ups',
    '  export   what creates the missing tickets: gh commands, or a Jira or Linear CSV import',
    '  notify   the chat-webhook payload of items that became overdue (prints nothing when none did)',
  ].join('\n'),
  examples: [
    'npm run action-items -- list --overdue --owner sre-team',
    'npm run action-items -- export --format github > create-tickets.sh && sh create-tickets.sh',
    'npm run action-items -- export --format jira-csv > jira.csv',
    'npm run action-items -- notify --from https://kb.example.com/api/action-items.json',
  ],
  footer: ['Exit codes: 0 done, 2 bad usage or no built action items.'],
});

export interface ActionItemsIO {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

async function load(from: string | undefined, io: ActionItemsIO): Promise<ActionItemsJson> {
  const source = from ?? join(io.cwd, io.env.KB_OUT_DIR || 'dist', 'api/action-items.json');
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    const res = await fetch(source).catch((e: Error) => {
      throw new CliError(`cannot fetch ${source}: ${e.message}`, 2);
    });
    if (!res.ok) throw new CliError(`cannot fetch ${source}: HTTP ${res.status}`, 2);
    text = await res.text();
  } else {
    if (!existsSync(source))
      throw new CliError(
        `no built action items at ${source}: run \`npm run build\` first, or pass --from with a file or the deployed site's /api/action-items.json`,
        2,
      );
    text = readFileSync(source, 'utf8');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(`${source} is not JSON`, 2);
  }
  const parsed = actionItemsJsonSchema.safeParse(data);
  if (!parsed.success) throw new CliError(`${source} is not an /api/action-items.json (${parsed.error.issues[0]?.message})`, 2);
  return parsed.data;
}

/** Overdue for today, whatever day the JSON was built. */
const withToday = (items: ActionItemRecord[], today: string) =>
  items.map((i) => ({ ...i, overdue: i.open && i.due !== undefined && i.due < today }));

function byOwner(items: ActionItemRecord[], owners: string[]): ActionItemRecord[] {
  if (!owners.length) return items;
  const wanted = new Set(owners.map((o) => o.toLowerCase()));
  return items.filter((i) => wanted.has((i.owner ?? '').toLowerCase()) || wanted.has((i.owner_slug ?? '').toLowerCase()));
}

const daysLate = (due: string, today: string) => Math.round((Date.parse(today) - Date.parse(due)) / 86_400_000);

/** One line per item, overdue first, then by due date: due, lateness, owner, incident, title, and its ticket or section link. */
export function listText(items: readonly ActionItemRecord[], today: string): string {
  if (!items.length) return 'No action items match.\n';
  const sorted = [...items].sort(
    (a, b) => Number(b.overdue) - Number(a.overdue) || Number(b.open) - Number(a.open) || (a.due ?? '9999').localeCompare(b.due ?? '9999'),
  );
  const owner = Math.min(20, Math.max(5, ...sorted.map((i) => (i.owner ?? '—').length)));
  return `${sorted
    .map((i) => {
      const late = i.overdue && i.due ? `${daysLate(i.due, today)}d late` : i.open ? '' : i.status;
      return [
        (i.due ?? 'no due').padEnd(10),
        late.padEnd(9),
        (i.owner ?? '—').padEnd(owner),
        `${i.incident.id} ${i.incident.severity}`.padEnd(18),
        i.title,
        ` ${i.ticket ?? i.url}`,
      ].join('  ');
    })
    .join('\n')}\n`;
}

export async function runActionItems(argv: string[], io: ActionItemsIO): Promise<number> {
  try {
    const [sub, ...rest] = argv;
    if (!sub || sub === '--help' || sub === '-h' || sub === 'help') {
      io.stdout.write(HELP);
      return sub ? 0 : 2;
    }
    if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError(`unknown command "${sub}": use ${SUBCOMMANDS.join(', ')}`);
    const { flags, positionals } = parseFlags(rest, ACTION_ITEMS_FLAGS);
    if (flags.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    const today = todayOf({ env: io.env });
    const json = await load(stringFlag(flags.from), io);
    if (json.generated !== today) io.stderr.write(`action-items: built on ${json.generated}; overdue is recomputed for ${today}\n`);
    const items = withToday(json.items, today);
    if (sub === 'list') return list(items, flags, today, io);
    if (sub === 'export') return exportCommand(json, items, flags, io);
    return notify(items, flags, today, io);
  } catch (error) {
    const { text, exitCode } = formatCliError(COMMAND, error, ACTION_ITEMS_FLAGS);
    io.stderr.write(text);
    return exitCode;
  }
}

const owners = (flags: RawFlags) => (Array.isArray(flags.owner) ? flags.owner : typeof flags.owner === 'string' ? [flags.owner] : []);

function list(all: ActionItemRecord[], flags: RawFlags, today: string, io: ActionItemsIO): number {
  let items = byOwner(all, owners(flags));
  if (flags.overdue) items = items.filter((i) => i.overdue);
  else if (!flags.all) items = items.filter((i) => i.open);
  io.stdout.write(flags.json ? `${JSON.stringify(items, null, 2)}\n` : listText(items, today));
  return 0;
}

function exportCommand(json: ActionItemsJson, all: ActionItemRecord[], flags: RawFlags, io: ActionItemsIO): number {
  const format = stringFlag(flags.format) as ExportFormat | undefined;
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`export needs --format ${EXPORT_FORMATS.join('|')}${format ? `, not "${format}"` : ''}`);
  const items = needingTickets(byOwner(all, owners(flags)));
  io.stderr.write(`action-items: ${items.length} open item${items.length === 1 ? '' : 's'} without a ticket\n`);
  io.stdout.write(exportTickets(format, json, items, { repo: stringFlag(flags.repo) }));
  return 0;
}

function notify(all: ActionItemRecord[], flags: RawFlags, today: string, io: ActionItemsIO): number {
  const format = (stringFlag(flags.format) ?? 'slack') as NotifyFormat;
  if (!(NOTIFY_FORMATS as readonly string[]).includes(format))
    throw new UsageError(`notify --format must be ${NOTIFY_FORMATS.join(' or ')}`);
  const since = Number(stringFlag(flags.since) ?? 1);
  if (!Number.isInteger(since) || since < 1) throw new UsageError('--since must be a whole number of days, 1 or more');
  const payload = notifyPayload(newlyOverdue(all, today, since), { today, format });
  if (payload) io.stdout.write(`${JSON.stringify(payload)}\n`);
  return 0;
}
