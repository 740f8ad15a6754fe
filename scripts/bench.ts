/**
 * npm run bench -- --incidents N [--playbooks M] [--seed S] [--runs R]
 *                  [--only check,build,warm,output,satteri,cli] [--keep] [--nice 10]
 *
 * Generates a synthetic corpus into a temporary content root, measures check,
 * build, output and the CLIs as whole processes, prints a markdown table and
 * writes bench/results/<date>-<N>.json and .md. The logic is src/lib/bench/.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderMarkdown, renderSummary, type BenchResult } from '../bench/report.ts';
import { runBench, STEPS, type Step } from '../bench/run.ts';

const HELP = `Usage: npm run bench -- --incidents N [options]

  --incidents N     incidents to generate (required; e.g. 100, 1000, 10000)
  --playbooks M     playbooks to generate (default: N/25, at least 16, at most 400)
  --seed S          corpus seed (default 1): the same seed gives the same bytes
  --runs R          runs per measurement (default 3); median and min–max are reported
  --only LIST       comma-separated steps: ${STEPS.join(',')} (default: all)
  --query Q         a search to measure (repeatable; default: "Permission denied" and "커넥션 풀")
  --nice L          run measured processes under nice -n L (default 0)
  --keep            keep the generated corpus and build output (printed at the end)
  --out DIR         where to write the results (default bench/results; "-" = don't write)
  --summary         print one table of the latest result per corpus size in bench/results; run nothing
`;

const projectDir = resolve(import.meta.dirname, '..');

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n\n${HELP}`);
  process.exit(2);
}

function parse() {
  return parseArgs({
    options: {
      incidents: { type: 'string' },
      playbooks: { type: 'string' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '3' },
      only: { type: 'string' },
      query: { type: 'string', multiple: true },
      nice: { type: 'string', default: '0' },
      keep: { type: 'boolean', default: false },
      out: { type: 'string', default: 'bench/results' },
      summary: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
}
let values!: ReturnType<typeof parse>['values'];
try {
  ({ values } = parse());
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
if (values.summary) {
  const dir = resolve(projectDir, values.out === '-' ? 'bench/results' : values.out);
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'));
  const results = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as BenchResult));
  process.stdout.write(results.length ? renderSummary(results) : `no results in ${dir}\n`);
  process.exit(0);
}
const int = (name: string, raw: string | undefined, min: number): number => {
  const v = Number(raw);
  if (raw === undefined || !Number.isInteger(v) || v < min) fail(`--${name} must be a whole number ≥ ${min}, got ${raw ?? 'nothing'}`);
  return v;
};
const incidents = int('incidents', values.incidents, 1);
const only = (
  values.only
    ? values.only
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [...STEPS]
) as Step[];
const unknown = only.filter((s) => !STEPS.includes(s));
if (unknown.length) fail(`unknown step(s) in --only: ${unknown.join(', ')} (use ${STEPS.join(', ')})`);

const result = await runBench(
  {
    projectDir,
    incidents,
    playbooks: values.playbooks === undefined ? undefined : int('playbooks', values.playbooks, 1),
    seed: int('seed', values.seed, 0),
    runs: int('runs', values.runs, 1),
    only,
    keep: values.keep,
    nice: int('nice', values.nice, 0),
    queries: values.query?.length ? values.query : ['Permission denied', '커넥션 풀'],
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  },
  (message) => process.stderr.write(`bench: ${message}\n`),
);

const markdown = renderMarkdown(result);
process.stdout.write(`\n${markdown}`);
if (values.out !== '-') {
  const dir = resolve(projectDir, values.out);
  await mkdir(dir, { recursive: true });
  const stem = join(dir, `${result.date.slice(0, 10)}-${incidents}`);
  await writeFile(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(`${stem}.md`, markdown);
  process.stderr.write(`bench: wrote ${stem}.json and ${stem}.md\n`);
}
const failed = [result.check, result.build, result.warmBuild, result.satteri].some((m) => m?.ok === false);
process.exitCode = failed ? 1 : 0;
