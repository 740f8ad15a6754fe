/**
 * The one flag parser and the one error type of every CLI (check, import,
 * new-incident, new-playbook, bench). A command describes its flags once, as a
 * table; the table drives `node:util` parseArgs, the `--help` text and the
 * "Valid flags" line of a usage error.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../../core/config.ts';
import { CliError, UsageError } from './errors.ts';

export { CliError, UsageError };

export interface FlagSpec {
  name: string;
  short?: string;
  /** Placeholder for the value in --help (`ZONE`, `text|json`); absent for boolean flags. */
  arg?: string;
  multiple?: boolean;
  help: string;
}

export type RawFlags = Record<string, string | string[] | boolean | undefined>;

/** Parse argv against a flag table. Unknown flags and missing values are UsageErrors. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): { flags: RawFlags; positionals: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const s of specs) {
    options[s.name] = { type: s.arg ? 'string' : 'boolean', multiple: s.multiple === true };
    if (s.short) options[s.name].short = s.short;
  }
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true, allowNegative: false });
    return { flags: values as RawFlags, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
  }
}

/** A string flag's value (the last one when repeated), or undefined. */
export const stringFlag = (v: RawFlags[string]): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.at(-1) : undefined;

/** `--format text|json, --strict, …, --help`: the line a usage error ends with. */
export function validFlags(specs: readonly FlagSpec[]): string {
  return specs.map((s) => `--${s.name}${s.arg ? ` ${s.arg}` : ''}`).join(', ');
}

export interface HelpText {
  /** `npm run <command> -- [options] SOURCE...`: the line after "Usage:" (default: `npm run <command> -- [options]`). */
  usage?: string;
  summary: string;
  examples?: readonly string[];
  /** Extra paragraphs after the options (exit codes, environment). */
  footer?: readonly string[];
}

export function helpText(command: string, specs: readonly FlagSpec[], text: HelpText): string {
  const left = (s: FlagSpec) => `${s.short ? `-${s.short}, ` : '    '}--${s.name}${s.arg ? ` ${s.arg}` : ''}${s.multiple ? ' …' : ''}`;
  const width = Math.max(...specs.map((s) => left(s).length)) + 2;
  const wrap = (help: string) => {
    const lines: string[] = [];
    let line = '';
    for (const word of help.split(' ')) {
      if (line && line.length + word.length + 1 > 78 - width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
    return lines.join(`\n${' '.repeat(width + 2)}`);
  };
  return [
    `Usage: ${text.usage ?? `npm run ${command} -- [options]`}`,
    '',
    text.summary,
    '',
    'Options:',
    ...specs.map((s) => `  ${left(s).padEnd(width)}${wrap(s.help)}`),
    ...(text.examples?.length ? ['', 'Examples:', ...text.examples.map((e) => `  ${e}`)] : []),
    ...(text.footer ?? []).flatMap((p) => ['', p]),
    '',
  ].join('\n');
}

/**
 * How every command reports a failure on stderr, and the exit code it leaves
 * with: a usage error with the valid flags, a known failure as one line, and
 * anything unexpected as one line that asks for a report (the stack only
 * with KB_DEBUG=1).
 */
export function formatCliError(command: string, error: unknown, specs?: readonly FlagSpec[]): { text: string; exitCode: number } {
  if (error instanceof UsageError) {
    const valid = specs ? `Valid flags: ${validFlags(specs)}\n` : '';
    return { text: `${command}: ${error.message}\n${valid}Run \`npm run ${command} -- --help\` for usage.\n`, exitCode: 2 };
  }
  // A broken kb.config.yaml is the user's input too: its message names the file and every problem.
  if (error instanceof ConfigError) return { text: `${command}: ${error.message}\n`, exitCode: 2 };
  if (error instanceof CliError) return { text: `${command}: ${error.message}\n`, exitCode: error.exitCode };
  const detail = process.env.KB_DEBUG ? `\n${(error as Error)?.stack ?? ''}` : ' (set KB_DEBUG=1 to see where)';
  return {
    text: `${command}: unexpected failure: ${(error as Error)?.message ?? String(error)}${detail}\nPlease report this with the command you ran.\n`,
    exitCode: 1,
  };
}
