/**
 * The one "today" of the project: the day that overdue action items, stale
 * playbooks, "this quarter" and a new playbook's `last_reviewed` are measured
 * against, in the site, the check, the loader and the CLIs alike.
 * `KB_BUILD_DATE=YYYY-MM-DD` pins it (reproducible builds and tests).
 */
import { localDate } from './time/zone.ts';

export interface TodayOptions {
  env?: NodeJS.ProcessEnv;
  /** The current time in ms (the scaffolders pass theirs, which tests pin with KB_NOW_MS). */
  now?: number;
  /** Whose calendar: UTC for builds and the check; the author's zone for a new file. */
  timeZone?: string;
}

export function today(options: TodayOptions = {}): string {
  const pinned = (options.env ?? process.env).KB_BUILD_DATE;
  if (pinned && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return localDate(options.now ?? Date.now(), options.timeZone ?? 'UTC');
}
