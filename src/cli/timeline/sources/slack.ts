/**
 * Slack workspace export → messages of one channel.
 *
 * An export (unzipped) is a folder with `users.json` (`org_users.json` on Enterprise Grid),
 * `channels.json` (and `groups.json`, `mpims.json`, `dms.json` for private conversations) and
 * one folder per conversation holding `YYYY-MM-DD.json` day files, each an array of messages.
 * Folders are named after the channel (DMs after their id). A message's time is its `ts`
 * (seconds.micro since the epoch, UTC); day files are cut by date, so an incident that crosses
 * midnight spans several files and only `ts` orders it.
 * https://slack.com/help/articles/220556107-How-to-read-Slack-data-exports
 * https://docs.slack.dev/reference/events/message (subtypes: channel_join, bot_message, message_changed, thread_broadcast, …)
 *
 * Decisions (see the tests):
 * - thread replies (`thread_ts` ≠ `ts`) go under their parent's `replies`, in `ts` order;
 *   a `thread_broadcast` reply ("also send to channel") is kept once, as a top-level message
 *   at its own time, because its author chose to tell the whole channel;
 * - replies whose parent is not in the export become top-level messages (with a note);
 * - `message_changed` records replace the text of the message they edit; `message_deleted`
 *   removes it; messages with `edited` already carry their final text;
 * - join/leave/topic/purpose/rename/archive/pin/reminder records are dropped, and so are
 *   messages made only of emoji (`:tada:` codes, pictographs, whitespace) unless they start a thread;
 * - a user missing from users.json keeps the id as the author (or the name the message itself
 *   carries in `user_profile`), with a note;
 * - bot messages are kind 'bot'; they are 'alert' when the app is an alerting tool
 *   (PagerDuty, Alertmanager, Grafana, Datadog, …) or the text says FIRING/RESOLVED/Triggered/…;
 *   attachments' title and text (else their fallback) are added to the text; link previews
 *   (unfurls) are left out; files are listed by name, never by URL (their URLs carry tokens).
 */
import { ALERT_APPS, alertStatus } from './alerts.ts';
import { asArray, asObj, isObj, listing, type Obj, parseJsonText, plural, str } from './input.ts';
import { attachmentMarkup, blocksMarkup, isEmojiOnly, isUnfurl, type MarkupNames, slackToMarkdown } from './slack-markup.ts';
import { compareSlackTs, slackTsToEpoch } from './time.ts';
import { type ReadSource, SourceError, type SourceMessage } from './types.ts';

export interface SlackExportOptions {
  /** Channel name (with or without '#') or id. */
  channel?: string;
  /** The export folder as the user named it; prefixes every origin. Default 'slack-export'. */
  root?: string;
}

/** Subtypes that record channel housekeeping, not conversation. */
const DROPPED_SUBTYPES = new Set([
  'channel_join',
  'channel_leave',
  'group_join',
  'group_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'group_topic',
  'group_purpose',
  'group_name',
  'channel_archive',
  'channel_unarchive',
  'group_archive',
  'group_unarchive',
  'channel_posting_permissions',
  'channel_convert_to_private',
  'channel_convert_to_public',
  'bot_add',
  'bot_remove',
  'bot_enable',
  'bot_disable',
  'pinned_item',
  'unpinned_item',
  'reminder_add',
  'joiner_notification',
  'app_conversation_join',
  'app_conversation_leave',
  'channel_canvas_updated',
  'tabbed_canvas_updated',
  'sh_room_created',
]);

interface UserInfo {
  name: string;
  isBot: boolean;
}

interface Conversation {
  id?: string;
  name: string;
  folder: string;
}

interface Located {
  msg: Obj;
  file: string;
  index: number;
}

function userDisplayName(u: Obj): string | undefined {
  const profile = asObj(u.profile);
  return str(profile.display_name) ?? str(u.real_name) ?? str(profile.real_name) ?? str(u.name);
}

function readMeta(files: Record<string, string>, name: string, root: string): unknown[] {
  const text = files[name];
  if (text === undefined) return [];
  const value = parseJsonText(text, `${root}/${name}`);
  if (!Array.isArray(value)) throw new SourceError(`${root}/${name}: expected a JSON list, as Slack exports write it`, `${root}/${name}`);
  return value;
}

const DAY_FILE = /^([^/]+)\/(\d{4}-\d{2}-\d{2})\.json$/;

/** The conversations of an export: from its metadata files, plus any folder they do not list. */
export function slackConversations(files: Record<string, string>, root = 'slack-export'): Conversation[] {
  const out: Conversation[] = [];
  const seen = new Set<string>();
  for (const meta of ['channels.json', 'groups.json', 'mpims.json', 'dms.json']) {
    for (const c of readMeta(files, meta, root)) {
      if (!isObj(c)) continue;
      const id = str(c.id);
      const name = str(c.name) ?? id;
      if (!name) continue;
      const folder = meta === 'dms.json' ? (id ?? name) : name;
      if (seen.has(folder)) continue;
      seen.add(folder);
      out.push({ id, name, folder });
    }
  }
  for (const path of Object.keys(files)) {
    const m = DAY_FILE.exec(path);
    if (m && !seen.has(m[1])) {
      seen.add(m[1]);
      out.push({ name: m[1], folder: m[1] });
    }
  }
  return out;
}

/** Find the conversation the user asked for, by name (with or without '#') or id. */
export function findConversation(conversations: Conversation[], wanted: string): Conversation | undefined {
  const w = wanted.trim().replace(/^#/, '').toLowerCase();
  return conversations.find((c) => c.name.toLowerCase() === w || c.id?.toLowerCase() === w || c.folder.toLowerCase() === w);
}

function dayFilesOf(files: Record<string, string>, folder: string): string[] {
  return Object.keys(files)
    .filter((p) => DAY_FILE.exec(p)?.[1] === folder)
    .sort();
}

function readDay(files: Record<string, string>, path: string, root: string): unknown[] {
  const value = parseJsonText(files[path], `${root}/${path}`);
  if (!Array.isArray(value))
    throw new SourceError(`${root}/${path}: expected a JSON list of messages, as Slack exports write day files`, `${root}/${path}`);
  return value;
}

/** Messages that count as conversation (for choosing the channel when none is named). */
function countMessages(items: unknown[]): number {
  return items.filter(
    (m) =>
      isObj(m) &&
      (m.type ?? 'message') === 'message' &&
      !DROPPED_SUBTYPES.has(String(m.subtype ?? '')) &&
      m.subtype !== 'message_changed' &&
      m.subtype !== 'message_deleted',
  ).length;
}

function describeChannels(counts: { c: Conversation; n: number }[]): string {
  return counts.map(({ c, n }) => `#${c.name} (${plural(n, 'message')})`).join(', ');
}

function chooseConversation(files: Record<string, string>, root: string, wanted: string | undefined): Conversation {
  const conversations = slackConversations(files, root);
  const withDays = conversations.map((c) => ({ c, days: dayFilesOf(files, c.folder) }));
  if (wanted !== undefined) {
    const c = findConversation(conversations, wanted);
    if (!c) {
      const names = conversations.map((x) => `#${x.name}`);
      throw new SourceError(
        `${root}: no channel "${wanted}" in this Slack export (it has ${names.length ? listing(names, 20) : 'no channels'}); pass --channel with one of them`,
        root,
      );
    }
    if (!dayFilesOf(files, c.folder).length)
      throw new SourceError(`${root}: channel #${c.name} has no messages in this export (no ${c.folder}/YYYY-MM-DD.json files)`, root);
    return c;
  }
  const counts = withDays
    .map(({ c, days }) => ({ c, n: days.reduce((sum, d) => sum + countMessages(readDay(files, d, root)), 0) }))
    .filter((x) => x.n > 0);
  if (counts.length === 1) return counts[0].c;
  if (!counts.length) throw new SourceError(`${root}: no channel in this Slack export has messages`, root);
  throw new SourceError(
    `${root}: ${counts.length} channels have messages: ${describeChannels(counts)}; pass --channel NAME to pick one`,
    root,
  );
}

/** Read a Slack export given as its files (relative path → text). */
export function parseSlackExport(files: Record<string, string>, options: SlackExportOptions = {}): ReadSource {
  const root = (options.root ?? 'slack-export').replace(/\/+$/, '');
  const notes: string[] = [];

  const users = new Map<string, UserInfo>();
  const usersFile = files['users.json'] !== undefined ? 'users.json' : 'org_users.json';
  if (files[usersFile] === undefined) notes.push(`${root} has no users.json: authors are shown as user ids`);
  for (const u of readMeta(files, usersFile, root)) {
    if (!isObj(u) || !str(u.id)) continue;
    users.set(str(u.id)!, { name: userDisplayName(u) ?? str(u.id)!, isBot: u.is_bot === true || u.id === 'USLACKBOT' });
  }
  const conversations = slackConversations(files, root);
  const channelNames = new Map(conversations.filter((c) => c.id).map((c) => [c.id!, c.name]));
  const conversation = chooseConversation(files, root, options.channel);

  // Every record of the channel, in ts order.
  const records: Located[] = [];
  for (const day of dayFilesOf(files, conversation.folder)) {
    readDay(files, day, root).forEach((msg, index) => {
      if (isObj(msg) && typeof msg.ts === 'string') records.push({ msg, file: `${root}/${day}`, index });
    });
  }
  records.sort((a, b) => compareSlackTs(String(a.msg.ts), String(b.msg.ts)));

  const missingAuthors = new Map<string, number>();
  const missingMentions = new Set<string>();
  // Names that messages carry for users missing from users.json (Slack Connect guests, removed accounts).
  const profileNames = new Map<string, string>();
  for (const { msg } of records) {
    const id = str(msg.user);
    const profile = asObj(msg.user_profile);
    if (id && !users.has(id) && !profileNames.has(id)) {
      const name = userDisplayName({ ...profile, profile });
      if (name) profileNames.set(id, name);
    }
  }
  const names: MarkupNames = {
    user: (id, label) => {
      const known = users.get(id)?.name ?? profileNames.get(id);
      if (known) return known;
      if (label) return label;
      missingMentions.add(id);
      return id;
    },
    channel: (id, label) => channelNames.get(id) ?? label ?? id,
  };

  // Edits and deletions apply to the message they name, wherever it is.
  const edits = new Map<string, Obj>();
  const deleted = new Set<string>();
  let dropped = 0;
  for (const { msg } of records) {
    if (msg.subtype === 'message_changed' && isObj(msg.message) && typeof msg.message.ts === 'string')
      edits.set(msg.message.ts, msg.message);
    if (msg.subtype === 'message_deleted' && typeof msg.deleted_ts === 'string') deleted.add(msg.deleted_ts);
  }
  const threadsWithReplies = new Set(
    records.filter(({ msg }) => typeof msg.thread_ts === 'string' && msg.thread_ts !== msg.ts).map(({ msg }) => String(msg.thread_ts)),
  );

  const seenTs = new Set(
    records.filter(({ msg }) => msg.subtype !== 'message_changed' && msg.subtype !== 'message_deleted').map(({ msg }) => String(msg.ts)),
  );
  // An edit of a message outside the exported days stands for that message.
  const located: Located[] = [];
  for (const r of records) {
    if (r.msg.subtype === 'message_changed') {
      const target = asObj(r.msg.message);
      if (typeof target.ts === 'string' && !seenTs.has(target.ts)) {
        seenTs.add(target.ts);
        located.push({ ...r, msg: { type: 'message', ...target } });
      }
      continue;
    }
    if (r.msg.subtype === 'message_deleted') continue;
    located.push(r);
  }
  located.sort((a, b) => compareSlackTs(String(a.msg.ts), String(b.msg.ts)));

  let emojiOnly = 0;
  let edited = 0;
  let removed = 0;
  const top: SourceMessage[] = [];
  const byTs = new Map<string, SourceMessage>();
  const orphans: SourceMessage[] = [];
  const expectedReplies = new Map<string, number>();
  const broadcasts = new Map<string, number>();

  for (const { msg: original, file, index } of located) {
    const ts = String(original.ts);
    if ((original.type ?? 'message') !== 'message') continue;
    if (deleted.has(ts)) {
      removed++;
      continue;
    }
    const subtype = typeof original.subtype === 'string' ? original.subtype : undefined;
    if (subtype && DROPPED_SUBTYPES.has(subtype)) {
      dropped++;
      continue;
    }
    const edit = edits.get(ts);
    const msg: Obj = edit ? { ...original, ...edit, subtype: original.subtype, thread_ts: original.thread_ts ?? edit.thread_ts } : original;
    if (edit && edit.text !== original.text) edited++;

    const rawText = typeof msg.text === 'string' ? msg.text : '';
    const attachments = asArray(msg.attachments)
      .filter(isObj)
      .filter((a) => !isUnfurl(a));
    const fileNames = asArray(msg.files)
      .filter(isObj)
      .filter((f) => f.mode !== 'tombstone' && f.mode !== 'hidden_by_limit')
      .map((f) => str(f.title) ?? str(f.name))
      .filter((x): x is string => !!x);
    const startsThread = threadsWithReplies.has(ts);
    if (!attachments.length && !fileNames.length && isEmojiOnly(rawText) && !startsThread) {
      emojiOnly++;
      continue;
    }

    // Author and kind.
    const userId = str(msg.user);
    const user = userId ? users.get(userId) : undefined;
    const botProfile = asObj(msg.bot_profile);
    const isBot = subtype === 'bot_message' || !!str(msg.bot_id) || !!str(botProfile.name) || user?.isBot === true;
    let author: string | undefined;
    if (isBot) author = str(msg.username) ?? str(botProfile.name) ?? user?.name ?? userId ?? str(msg.bot_id);
    else if (user) author = user.name;
    else if (userId) {
      author = profileNames.get(userId) ?? userId;
      missingAuthors.set(userId, (missingAuthors.get(userId) ?? 0) + 1);
    } else author = str(msg.username);

    let markup = subtype === 'tombstone' ? '(deleted message)' : rawText;
    if (!markup.trim() && asArray(msg.blocks).length) markup = blocksMarkup(asArray(msg.blocks));
    const attachmentText = attachments.map(attachmentMarkup).filter(Boolean);
    const parts = [markup, ...attachmentText].filter((p) => p.trim());
    let text = parts.map((p) => slackToMarkdown(p, names)).join('\n');
    if (fileNames.length) text = [text, ...fileNames.map((n) => `(file: ${n})`)].filter(Boolean).join('\n');
    if (!text.trim()) continue;

    let kind: SourceMessage['kind'] = isBot ? 'bot' : 'message';
    let status: string | undefined;
    if (isBot) {
      const appNames = [
        author,
        str(botProfile.name),
        str(msg.username),
        ...attachments.flatMap((a) => [str(a.service_name), str(a.footer), str(a.author_name)]),
      ]
        .filter(Boolean)
        .join(' ');
      status = alertStatus([rawText, ...attachmentText].join('\n'));
      if (ALERT_APPS.test(appNames) || status) kind = 'alert';
    }

    const sm: SourceMessage = { epoch: slackTsToEpoch(ts), author, text, kind, origin: { file, index } };
    if (kind === 'alert' && status) sm.status = status;

    const threadTs = typeof msg.thread_ts === 'string' ? msg.thread_ts : undefined;
    const isReply = threadTs !== undefined && threadTs !== ts;
    if (isReply && subtype === 'thread_broadcast') broadcasts.set(threadTs, (broadcasts.get(threadTs) ?? 0) + 1);
    if (isReply && subtype !== 'thread_broadcast') {
      const parent = byTs.get(threadTs);
      if (parent) (parent.replies ??= []).push(sm);
      else orphans.push(sm);
      continue;
    }
    if (typeof msg.reply_count === 'number') expectedReplies.set(ts, msg.reply_count);
    byTs.set(ts, sm);
    top.push(sm);
  }

  // Replies whose parent is not here stand on their own, in time order.
  if (orphans.length) {
    top.push(...orphans);
    top.sort((a, b) => (a.epoch ?? 0) - (b.epoch ?? 0));
    notes.push(
      `${plural(orphans.length, 'thread reply', 'thread replies')} whose parent message is not in the export ${orphans.length === 1 ? 'was kept as a top-level message' : 'were kept as top-level messages'}`,
    );
  }
  for (const [ts, expected] of expectedReplies) {
    const parent = byTs.get(ts)!;
    const found = (parent.replies?.length ?? 0) + (broadcasts.get(ts) ?? 0);
    if (found < expected) {
      const when = new Date(parent.epoch ?? 0).toISOString().slice(0, 16).replace('T', ' ');
      notes.push(
        `the thread started ${when} UTC by ${parent.author ?? 'someone'} has ${expected} replies in Slack but ${found} in the export (replies on days outside the export are missing)`,
      );
    }
  }

  if (missingAuthors.size) {
    const who = [...missingAuthors].map(([id, n]) => `${id} (${plural(n, 'message')})`);
    notes.push(
      `${listing(who)} ${missingAuthors.size === 1 ? 'is' : 'are'} not in users.json: the author is shown as the id, or the name the message carries`,
    );
  }
  const onlyMentioned = [...missingMentions].filter((id) => !missingAuthors.has(id));
  if (onlyMentioned.length) notes.push(`mentions of ${listing(onlyMentioned)} (not in users.json) were left as ids`);
  if (dropped) notes.push(`dropped ${plural(dropped, 'join/leave or channel-setting record')}`);
  if (emojiOnly) notes.push(`dropped ${plural(emojiOnly, 'emoji-only message')}`);
  if (edited) notes.push(`${plural(edited, 'message')} ${edited === 1 ? 'was' : 'were'} edited in Slack: the final text is used`);
  if (removed) notes.push(`${plural(removed, 'message')} deleted in Slack ${removed === 1 ? 'was' : 'were'} left out`);
  if (!top.length)
    throw new SourceError(`${root}: channel #${conversation.name} has no messages to read (only joins, leaves and the like)`, root);

  return { kind: 'slack-export', messages: top, notes };
}
