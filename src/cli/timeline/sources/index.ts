/**
 * Source readers for `timeline add`: turn a chat or alert export into normalized
 * messages. `detectSource` tells the kind from the path's shape, `readSource` reads it;
 * the per-format functions take strings or parsed JSON so they can be tested without disk.
 * Bad input (missing paths, empty files, broken JSON, unknown shapes) throws SourceError
 * with a one-line message, never anything else.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { alertmanagerPayloads, parseAlertmanager } from './alertmanager.ts';
import { parseChatText } from './chat-text.ts';
import { parseCsv, readCsvTable } from './csv.ts';
import { decodeBytes, isObj, parseJsonLines, parseJsonText } from './input.ts';
import { isPagerDutyCsv, pagerDutyEntries, parsePagerDutyCsv, parsePagerDutyJson } from './pagerduty.ts';
import { findConversation, parseSlackExport, slackConversations } from './slack.ts';
import { type ReadOptions, type ReadSource, SOURCE_KINDS, SourceError, type SourceKind } from './types.ts';

export { parseAlertmanager, alertmanagerPayloads } from './alertmanager.ts';
export { parseChatText, type ChatTextOptions } from './chat-text.ts';
export { parseCsv, type CsvOptions } from './csv.ts';
export { parsePagerDutyCsv, parsePagerDutyJson, statusFromType, isPagerDutyCsv } from './pagerduty.ts';
export { parseSlackExport, slackConversations, type SlackExportOptions } from './slack.ts';
export { slackToMarkdown, isEmojiOnly, decodeEntities, type MarkupNames } from './slack-markup.ts';
export { parseStamp, parseChatClock, parseDateText } from './time.ts';
export {
  SOURCE_KINDS,
  SourceError,
  type LocalTime,
  type ReadOptions,
  type ReadSource,
  type SourceKind,
  type SourceMessage,
} from './types.ts';

const SLACK_META = ['users.json', 'org_users.json', 'channels.json', 'groups.json', 'mpims.json', 'dms.json'];
const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.json$/;

function fsError(path: string, err: unknown): SourceError {
  const code = (err as { code?: string }).code;
  const why =
    code === 'ENOENT'
      ? 'no such file or folder'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a folder, not a file'
          : code === 'ENOTDIR'
            ? 'a part of the path is not a folder'
            : (err as Error).message;
  return new SourceError(`${path}: cannot read it (${why})`, path);
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (err) {
    throw fsError(path, err);
  }
}

function listDir(path: string): string[] {
  try {
    return readdirSync(path).sort();
  } catch (err) {
    throw fsError(path, err);
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function readText(path: string, notes?: string[]): string {
  const bytes = readBytes(path);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new SourceError(`${path}: a zip archive; unzip it and pass the folder it contains`, path);
  }
  const { text, encoding } = decodeBytes(bytes, path);
  if (!text.trim()) throw new SourceError(`${path}: the file is empty`, path);
  if (encoding && notes) notes.push(`${path} is not UTF-8; read it as ${encoding}`);
  return text;
}

type Json = { value: unknown; lines?: number[] };

/** Parse a JSON file, or a JSON-lines file (one value per line). */
function readJson(path: string, text: string): Json {
  try {
    return { value: parseJsonText(text, path) };
  } catch (err) {
    const lines = parseJsonLines(text);
    if (lines) return { value: lines.map((l) => l.value), lines: lines.map((l) => l.line) };
    throw err;
  }
}

/** The kind of a parsed JSON value, or a SourceError that says what it looks like instead. */
function jsonKind(path: string, json: Json): SourceKind {
  const values = json.lines ? (json.value as unknown[]) : [json.value];
  const first = values[0];
  if (alertmanagerPayloads(first)) return 'alertmanager';
  if (pagerDutyEntries(first)) return 'pagerduty-json';
  if (Array.isArray(first) && first.some((m) => isObj(m) && typeof m.ts === 'string' && (m.type === 'message' || m.type === undefined))) {
    throw new SourceError(
      `${path}: one day file of a Slack export; pass the export's top folder (with users.json and channels.json) and --channel NAME`,
      path,
    );
  }
  if (SLACK_META.includes(basename(path))) {
    throw new SourceError(`${path}: part of a Slack export; pass the folder that holds it and --channel NAME`, path);
  }
  const keys = isObj(first) ? Object.keys(first).slice(0, 6) : [];
  throw new SourceError(
    `${path}: JSON of a shape this reader does not know${keys.length ? ` (keys ${keys.join(', ')})` : ''}; expected an Alertmanager webhook payload ("alerts": [...]) or PagerDuty log entries ("log_entries": [...])`,
    path,
  );
}

/** What kind of source a path holds, by its shape. SourceError for unreadable paths or unknown shapes. */
export function detectSource(path: string): SourceKind {
  let isFolder: boolean;
  try {
    const st = statSync(path);
    isFolder = st.isDirectory();
    if (!isFolder && !st.isFile()) throw new SourceError(`${path}: not a file or folder`, path);
  } catch (err) {
    if (err instanceof SourceError) throw err;
    throw fsError(path, err);
  }
  if (isFolder) {
    const names = listDir(path);
    const hasUsers = names.includes('users.json') || names.includes('org_users.json');
    const hasConversations = ['channels.json', 'groups.json', 'mpims.json', 'dms.json'].some((n) => names.includes(n));
    if (hasUsers && hasConversations) return 'slack-export';
    if (names.some((n) => DAY_FILE.test(n))) {
      throw new SourceError(
        `${path}: one channel's folder of a Slack export; pass the export's top folder (with users.json and channels.json) and --channel ${basename(path)}`,
        path,
      );
    }
    throw new SourceError(`${path}: a folder, but not a Slack export (it has no users.json and channels.json)`, path);
  }
  const ext = extname(path).toLowerCase();
  const text = readText(path);
  if (ext === '.csv' || ext === '.tsv') {
    const { headers } = readCsvTable(text.split(/\r?\n/, 1)[0], path);
    return isPagerDutyCsv(headers) ? 'pagerduty-csv' : 'csv';
  }
  const trimmed = text.trimStart();
  if (ext === '.json' || ext === '.jsonl' || ext === '.ndjson') return jsonKind(path, readJson(path, text));
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let json: Json | undefined;
    try {
      json = readJson(path, text);
    } catch {
      json = undefined; // a chat that starts with '[14:02] …'
    }
    if (json) return jsonKind(path, json);
  }
  return 'chat-text';
}

/** Read the files of a Slack export folder: its metadata and the day files of the wanted channel (or of all). */
function readSlackFolder(root: string, channel: string | undefined): Record<string, string> {
  const files: Record<string, string> = {};
  const names = listDir(root);
  for (const meta of SLACK_META) if (names.includes(meta)) files[meta] = readText(join(root, meta));
  let folders = names.filter((n) => isDir(join(root, n)));
  if (channel !== undefined) {
    const known = findConversation(slackConversations(files, root), channel);
    const folder = known?.folder ?? folders.find((f) => f.toLowerCase() === channel.replace(/^#/, '').toLowerCase());
    if (folder && folders.includes(folder)) folders = [folder];
  }
  for (const folder of folders) {
    for (const day of listDir(join(root, folder))) {
      if (DAY_FILE.test(day)) files[`${folder}/${day}`] = readText(join(root, folder, day));
    }
  }
  return files;
}

/** Read a source into normalized messages. SourceError for every kind of bad input. */
export function readSource(path: string, options: ReadOptions = {}): ReadSource {
  if (options.kind !== undefined && !SOURCE_KINDS.includes(options.kind)) {
    throw new SourceError(`unknown source kind "${options.kind}"; use one of ${SOURCE_KINDS.join(', ')}`);
  }
  const kind = options.kind ?? detectSource(path);
  const notes: string[] = [];
  try {
    let read: ReadSource;
    if (kind === 'slack-export') {
      if (!isDir(path)) throw new SourceError(`${path}: a Slack export is a folder (unzip the export and pass the folder)`, path);
      read = parseSlackExport(readSlackFolder(path, options.channel), { channel: options.channel, root: path.replace(/\/+$/, '') });
    } else if (kind === 'chat-text')
      read = parseChatText(readText(path, notes), { date: options.date, dateFrom: options.dateFrom, file: path });
    else if (kind === 'csv')
      read = parseCsv(readText(path, notes), { file: path, timeColumn: options.timeColumn, textColumn: options.textColumn });
    else if (kind === 'pagerduty-csv') {
      const text = readText(path, notes);
      read =
        options.timeColumn || options.textColumn
          ? { ...parseCsv(text, { file: path, timeColumn: options.timeColumn, textColumn: options.textColumn }), kind }
          : parsePagerDutyCsv(text, { file: path });
    } else {
      const json = readJson(path, readText(path, notes));
      read =
        kind === 'alertmanager'
          ? parseAlertmanager(json.value, { file: path, lines: json.lines })
          : parsePagerDutyJson(json.value, { file: path, lines: json.lines });
    }
    return { ...read, notes: [...notes, ...read.notes] };
  } catch (err) {
    if (err instanceof SourceError) throw err;
    // A shape no reader expected: still one line, never a stack.
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new SourceError(`${path}: could not read it as ${kind} (${msg})`, path);
  }
}
