/**
 * `npm run bench`: generate a corpus into a temporary content root, measure
 * check, build, output and the CLIs as whole processes, print a markdown
 * table and write bench/results/<date>-<N>.json and .md.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type FlagSpec, formatCliError, helpText, parseFlags, stringFlag, UsageError } from '../src/cli/shared/args.ts';
import { renderMarkdown, renderSummary, type BenchResult } from './report.ts';
import { runBench, STEPS, type Step, TIMELINE_MESSAGES } from './run.ts';

const COMMAND = 'bench';

export const BENCH_FLAGS: FlagSpec[] = [
  { name: 'incidents', arg: 'N', help: 'Incidents to generate (required; e.g. 100, 1000, 10000).' },
  { name: 'playbooks', arg: 'M', help: 'Playbooks to generate (default: N/25, at least 16, at most 400).' },
  { name: 'seed', arg: 'S', help: 'Corpus seed (default 1): the same seed gives the same bytes.' },
  { name: 'runs', arg: 'R', help: 'Runs per measurement (default 3); median and min–max are reported.' },
  {
    name: 'only',
    arg: 'LIST',
    help: `Comma-separated steps: ${STEPS.join(',')} (default: all; timeline imports a ${TIMELINE_MESSAGES.toLocaleString('en-US')}-message Slack export into one incident, a few seconds a run).`,
  },
  { name: 'query', arg: 'Q', multiple: true, help: 'A search to measure (repeatable; default: "Permission denied" and "커넥션 풀").' },
  { name: 'nice', arg: 'L', help: 'Run measured processes under nice -n L (default 0).' },
  { name: 'keep', help: 'Keep the generated corpus and build output (printed at the end).' },
  { name: 'out', arg: 'DIR', help: 'Where to write the results (default bench/results; "-" = do not write).' },
  { name: 'summary', help: 'Print one table of the latest result per corpus size in bench/results; run nothing.' },
  { name: 'help', short: 'h', help: 'This help.' },
];

const HELP = helpText(COMMAND, BENCH_FLAGS, {
  usage: 'npm run bench -- --incidents N [options]',
  summary: 'Generate a synthetic knowledge base and measure every command on it as a whole process.',
  examples: [
    'npm run bench -- --incidents 1000',
    'npm run bench -- --incidents 100 --only check,build --runs 1',
    'npm run bench -- --incidents 100 --only timeline --runs 1',
    'npm run bench -- --summary',
  ],
});

const int = (name: string, raw: string | undefined, min: number): number => {
  const v = Number(raw);
  if (raw === undefined || !Number.isInteger(v) || v < min)
    throw new UsageError(`--${name} must be a whole number ≥ ${min}, got ${raw ?? 'nothing'}`);
  return v;
};

async function main(argv: string[], projectDir: string): Promise<number> {
  const { flags } = parseFlags(argv, BENCH_FLAGS);
  const out = stringFlag(flags.out) ?? 'bench/results';
  if (flags.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (flags.summary) {
    const dir = resolve(projectDir, out === '-' ? 'bench/results' : out);
    const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'));
    const results = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as BenchResult));
    process.stdout.write(results.length ? renderSummary(results) : `no results in ${dir}\n`);
    return 0;
  }
  const incidents = int('incidents', stringFlag(flags.incidents), 1);
  const onlyFlag = stringFlag(flags.only);
  const only = (
    onlyFlag
      ? onlyFlag
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [...STEPS]
  ) as Step[];
  const unknown = only.filter((s) => !STEPS.includes(s));
  if (unknown.length) throw new UsageError(`unknown step(s) in --only: ${unknown.join(', ')} (use ${STEPS.join(', ')})`);
  const queries = Array.isArray(flags.query) ? flags.query : [];
  const playbooks = stringFlag(flags.playbooks);

  const result = await runBench(
    {
      projectDir,
      incidents,
      playbooks: playbooks === undefined ? undefined : int('playbooks', playbooks, 1),
      seed: int('seed', stringFlag(flags.seed) ?? '1', 0),
      runs: int('runs', stringFlag(flags.runs) ?? '3', 1),
      only,
      keep: flags.keep === true,
      nice: int('nice', stringFlag(flags.nice) ?? '0', 0),
      queries: queries.length ? queries : ['Permission denied', '커넥션 풀'],
      command: `npm run bench -- ${argv.join(' ')}`.trim(),
    },
    (message) => process.stderr.write(`bench: ${message}\n`),
  );

  const markdown = renderMarkdown(result);
  process.stdout.write(`\n${markdown}`);
  if (out !== '-') {
    const dir = resolve(projectDir, out);
    await mkdir(dir, { recursive: true });
    const stem = join(dir, `${result.date.slice(0, 10)}-${incidents}`);
    await writeFile(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(`${stem}.md`, markdown);
    process.stderr.write(`bench: wrote ${stem}.json and ${stem}.md\n`);
  }
  const failed = [result.check, result.build, result.warmBuild, result.satteri, result.cli?.timeline].some((m) => m?.ok === false);
  return failed ? 1 : 0;
}

export async function runBenchCommand(argv: string[], projectDir: string): Promise<number> {
  try {
    return await main(argv, projectDir);
  } catch (error) {
    const { text, exitCode } = formatCliError(COMMAND, error, BENCH_FLAGS);
    process.stderr.write(text);
    return exitCode;
  }
}
