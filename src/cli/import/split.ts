/**
 * `--split`: each entry of an incident log (`log.ts`) becomes an incident of its
 * own, titled and dated by its heading; the log's title and introduction go with
 * every entry, under Additional notes, so nothing of the file is lost.
 */
import { type ConvertedIncident, convertPostmortem, type ImportOptions } from './convert.ts';
import { incidentLog } from './log.ts';

/** Each entry of an incident log as its own incident; the file as one when it is not a log. */
export function splitPostmortem(input: string, opts: ImportOptions = {}): ConvertedIncident[] {
  const text = input.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const log = incidentLog(text);
  if (!log) return [convertPostmortem(text, opts)];
  const logName = log.title ?? opts.sourceName?.replace(/^.*[\\/]/, '') ?? 'the incident log';
  return log.entries.map((e, i) => {
    const context = log.intro ? `\n\n## ${log.title ?? 'Incident log'}\n\n${log.intro}\n` : '\n';
    const r = convertPostmortem(`# ${e.title}\n\n${e.body}${context}`, {
      ...opts,
      entry: { heading: e.heading, index: i + 1, ...(e.date ? { date: e.date } : {}) },
    });
    r.notes.unshift({
      level: 'info',
      message: `entry ${i + 1} of ${log.entries.length} of "${logName}" ("${e.heading}"), split by --split`,
    });
    return r;
  });
}
