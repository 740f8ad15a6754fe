/**
 * The shapes every source reader returns: one normalized message per chat line,
 * Slack message or alert record, with the time as the source stated it.
 */

export type SourceKind = 'slack-export' | 'chat-text' | 'pagerduty-csv' | 'pagerduty-json' | 'alertmanager' | 'csv';

export const SOURCE_KINDS: readonly SourceKind[] = ['slack-export', 'chat-text', 'pagerduty-csv', 'pagerduty-json', 'alertmanager', 'csv'];

export interface LocalTime {
  /** 'YYYY-MM-DD'; undefined when the source only gave a time of day. */
  date?: string;
  /** 'HH:MM' or 'HH:MM:SS', 24-hour. */
  time: string;
}

export interface SourceMessage {
  /** Epoch ms when the source states a full instant (Slack ts, ISO with offset/Z); undefined when only local wall-clock is known. */
  epoch?: number;
  /** Local wall-clock as written, when the source gives no zone. date undefined when only a time of day is given. */
  local?: LocalTime;
  /** Display name of the author (Slack: users.json display_name, else real_name, else name; an unknown user id stays as the id); undefined for alerts without one. */
  author?: string;
  /** Markdown text (Slack markup converted). Edited messages: the final text. */
  text: string;
  /** 'message' from a person, 'bot' from a bot/integration, 'alert' for alert/paging records. */
  kind: 'message' | 'bot' | 'alert';
  /** Replies in the message's thread, in order (Slack threads). */
  replies?: SourceMessage[];
  /** For alerts: 'firing' | 'resolved' | 'acknowledged' | 'triggered' | … as the source says. */
  status?: string;
  /**
   * Where it came from, for error messages and notes. `line` is the 1-based line in a text, CSV or
   * JSON-lines file; `index` is the 0-based position in a JSON array (a Slack day file, a list of payloads).
   */
  origin: { file: string; line?: number; index?: number };
}

export interface ReadSource {
  kind: SourceKind;
  messages: SourceMessage[];
  /** Plain sentences for the author: what was dropped, guessed or left as it was. */
  notes: string[];
}

export interface ReadOptions {
  /** Slack export: the channel to read, by name (with or without '#') or id. */
  channel?: string;
  /** 'YYYY-MM-DD': the day for chat text whose lines carry only a time. */
  date?: string;
  /** Where `date` came from, for notes (default: `--date`). */
  dateFrom?: string;
  /** CSV: the header of the column holding the time (case-insensitive). */
  timeColumn?: string;
  /** CSV: the header of the column holding the text (case-insensitive). */
  textColumn?: string;
  /** Skip detection and read the source as this kind. */
  kind?: SourceKind;
}

/** Bad input: one line naming the file, what is wrong and what to do. Never carries a stack worth printing. */
export class SourceError extends Error {
  readonly file: string | undefined;
  constructor(message: string, file?: string) {
    super(message);
    this.name = 'SourceError';
    this.file = file;
  }
}
