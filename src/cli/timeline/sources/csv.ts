/**
 * CSV exports → messages: a table with a time column and a text column, found by
 * header (case-insensitive) or named with --time-column / --text-column.
 * Also the shared table reading the PagerDuty reader uses.
 */
import { parse } from 'csv-parse/sync';
import { plural, stripBom } from './input.ts';
import { parseStamp, type Stamp } from './time.ts';
import { type ReadSource, SourceError, type SourceMessage } from './types.ts';

export interface CsvRow {
  cells: string[];
  /** 1-based line of the row in the file. */
  line: number;
}

export interface CsvTable {
  headers: string[];
  rows: CsvRow[];
}

/** The delimiter the header line uses most: comma, semicolon or tab. */
function sniffDelimiter(text: string): string {
  const first = text.split(/\r?\n/, 1)[0].replace(/"[^"]*"/g, '');
  const counts = [',', ';', '\t'].map((d) => ({ d, n: first.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0].n > 0 ? counts[0].d : ',';
}

/** Parse a CSV file's text into headers and rows. SourceError on empty or broken CSV. */
export function readCsvTable(text: string, file: string): CsvTable {
  const body = stripBom(text);
  if (!body.trim()) throw new SourceError(`${file}: the file is empty`, file);
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter: sniffDelimiter(body),
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; raw: string; info: { lines: number } }[];
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new SourceError(`${file}: not readable as CSV (${msg})`, file);
  }
  if (!records.length) throw new SourceError(`${file}: the file is empty`, file);
  const [head, ...rest] = records;
  // info.lines is the record's last line; a quoted field may span several.
  const firstLine = (r: { raw: string; info: { lines: number } }) =>
    r.info.lines - (r.raw.replace(/^[\r\n]+|[\r\n]+$/g, '').match(/\n/g)?.length ?? 0);
  return { headers: head.record.map((h) => h.trim()), rows: rest.map((r) => ({ cells: r.record, line: firstLine(r) })) };
}

/** Header text compared loosely: case, spaces, underscores, dashes and dots do not matter. */
export const normalizeHeader = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_.\-/]+/g, ' ')
    .trim();

/** Index of the first header matching one of the names, tried in order; -1 when none does. */
export function findColumn(headers: string[], names: string[], exclude: number[] = []): number {
  const norm = headers.map(normalizeHeader);
  for (const name of names) {
    const i = norm.findIndex((h, j) => h === normalizeHeader(name) && !exclude.includes(j));
    if (i >= 0) return i;
  }
  return -1;
}

export const quoteList = (headers: string[]) => headers.map((h) => `"${h}"`).join(', ');

export const TIME_COLUMNS = [
  'time',
  'timestamp',
  'datetime',
  'date time',
  'created at',
  'created',
  'created on',
  'occurred at',
  'started at',
  'start time',
  'event time',
  'ts',
  'when',
  'at',
  'date',
];
export const TEXT_COLUMNS = [
  'text',
  'message',
  'summary',
  'description',
  'body',
  'content',
  'title',
  'event',
  'details',
  'note',
  'msg',
  'log',
];
export const AUTHOR_COLUMNS = ['author', 'user', 'username', 'user name', 'sender', 'from', 'agent', 'who', 'by', 'actor', 'name'];
export const STATUS_COLUMNS = ['status', 'state'];

/** A named column (from a flag) or undefined; SourceError when the flag names a column that is not there. */
function namedColumn(headers: string[], name: string | undefined, flag: string, file: string): number | undefined {
  if (name === undefined) return undefined;
  const i = findColumn(headers, [name]);
  if (i < 0) throw new SourceError(`${file}: no column "${name}" (${flag}); the columns are ${quoteList(headers)}`, file);
  return i;
}

export interface CsvOptions {
  timeColumn?: string;
  textColumn?: string;
  file?: string;
}

/** Read a generic CSV export: one message per row. */
export function parseCsv(text: string, options: CsvOptions = {}): ReadSource {
  const file = options.file ?? 'export.csv';
  const { headers, rows } = readCsvTable(text, file);
  const notes: string[] = [];
  let timeCol = namedColumn(headers, options.timeColumn, '--time-column', file);
  let clockCol = -1;
  if (timeCol === undefined) {
    const date = findColumn(headers, ['date', 'day']);
    const clock = findColumn(headers, ['time', 'clock']);
    if (date >= 0 && clock >= 0 && date !== clock) {
      timeCol = date;
      clockCol = clock;
    } else timeCol = findColumn(headers, TIME_COLUMNS);
  }
  if (timeCol < 0) {
    throw new SourceError(
      `${file}: no time column among ${quoteList(headers)}; pass --time-column NAME (and --text-column NAME) to say which columns to read`,
      file,
    );
  }
  const used = [timeCol, clockCol];
  const textCol = namedColumn(headers, options.textColumn, '--text-column', file) ?? findColumn(headers, TEXT_COLUMNS, used);
  if (textCol < 0) throw new SourceError(`${file}: no text column among ${quoteList(headers)}; pass --text-column NAME`, file);
  used.push(textCol);
  const authorCol = findColumn(headers, AUTHOR_COLUMNS, used);
  const statusCol = findColumn(headers, STATUS_COLUMNS, [...used, authorCol]);

  const messages: SourceMessage[] = [];
  const unreadable: string[] = [];
  let local = 0;
  for (const row of rows) {
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '').trim() : '');
    const when = clockCol >= 0 && !/\d{1,2}:\d{2}/.test(cell(timeCol)) ? `${cell(timeCol)} ${cell(clockCol)}` : cell(timeCol);
    const stamp = parseStamp(when);
    if (!stamp) {
      unreadable.push(`line ${row.line}: "${when}"`);
      continue;
    }
    const body = cell(textCol);
    if (!body) continue;
    const m: SourceMessage = { ...stampFields(stamp), text: body, kind: 'message', origin: { file, line: row.line } };
    if (stamp.epoch === undefined) local++;
    if (cell(authorCol)) m.author = cell(authorCol);
    if (cell(statusCol)) {
      m.kind = 'alert';
      m.status = cell(statusCol).toLowerCase();
    }
    messages.push(m);
  }
  if (unreadable.length)
    notes.push(
      `skipped ${plural(unreadable.length, 'row')} of ${file} whose time could not be read (${unreadable.slice(0, 3).join('; ')})`,
    );
  if (local) notes.push(`${plural(local, 'time')} in ${file} carry no zone and are read as wall-clock`);
  if (!messages.length)
    throw new SourceError(`${file}: no row has a readable time in column "${headers[timeCol]}" and text in "${headers[textCol]}"`, file);
  return { kind: 'csv', messages, notes };
}

/** `{ epoch }` or `{ local }` from a stamp, for spreading into a message. */
export function stampFields(stamp: Stamp): Pick<SourceMessage, 'epoch' | 'local'> {
  return stamp.epoch !== undefined ? { epoch: stamp.epoch } : stamp.local ? { local: stamp.local } : {};
}
