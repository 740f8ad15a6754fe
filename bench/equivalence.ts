/**
 * Behaviour must not change when code only moves: this records what the
 * project produces (the check's JSON report on a generated 1,000-incident
 * corpus, and every file of the fixture sites' builds) as one hash per output
 * file, and compares two such records.
 *
 *   node bench/equivalence.ts record OUT.json [--corpus DIR] [--incidents N]
 *   node bench/equivalence.ts compare BEFORE.json AFTER.json
 *
 * Run `record` before and after a refactor (same machine, same day); `compare`
 * lists every file that differs and exits 1 when any does.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const project = resolve(import.meta.dirname, '..');
const SITES = ['content', 'tests/fixtures/site-basic', 'tests/fixtures/site-rich', 'tests/fixtures/search'];
// Pinned for the builds, so that "overdue" and "stale" read the same on both runs. The check runs
// unpinned (today's date): it ignored KB_BUILD_DATE before the layout change, so a record made
// before it and one made after compare equal on the same day.
const BUILD_DATE = '2025-06-15';

type Record_ = { check: string; checkExit: number; sites: Record<string, Record<string, string>> };

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex').slice(0, 16);

/** The build's own timestamp (`"generated"` in the JSON API) is the one byte range that differs from run to run. */
const stable = (data: Buffer) => data.toString('latin1').replace(/"generated": "[^"]*"/g, '"generated": ""');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

async function ensureCorpus(dir: string, incidents: number): Promise<void> {
  if (existsSync(join(dir, 'incidents'))) return;
  const { generateCorpus, writeCorpus } = await import('./corpus.ts');
  await writeCorpus(dir, generateCorpus({ incidents, seed: 1 }));
}

async function record(out: string, corpus: string, incidents: number): Promise<void> {
  await ensureCorpus(corpus, incidents);
  // node_modules/.bin first: its `node` is the pinned runtime that Astro needs.
  const env = {
    ...process.env,
    PATH: `${join(project, 'node_modules/.bin')}:${process.env.PATH}`,
    KB_BUILD_DATE: BUILD_DATE,
    ASTRO_TELEMETRY_DISABLED: '1',
    NO_COLOR: '1',
  };
  let checkJson = '';
  let checkExit = 0;
  try {
    checkJson = execFileSync(process.execPath, ['scripts/check.ts', '--format', 'json'], {
      cwd: project,
      env: { ...env, KB_BUILD_DATE: '', KB_CONTENT_DIR: corpus },
      maxBuffer: 1 << 30,
      encoding: 'utf8',
    });
  } catch (error) {
    const e = error as { status: number; stdout: string };
    checkJson = e.stdout;
    checkExit = e.status;
  }
  const result: Record_ = { check: sha(checkJson), checkExit, sites: {} };
  writeFileSync(`${out}.check.json`, checkJson);
  for (const site of SITES) {
    const tmp = join(project, 'bench/.tmp/equivalence', site.replace(/\W+/g, '-'));
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync(join(project, 'node_modules/.bin/astro'), ['build', '--silent'], {
      cwd: project,
      env: { ...env, KB_CONTENT_DIR: join(project, site), KB_OUT_DIR: join(tmp, 'dist'), KB_CACHE_DIR: join(tmp, 'cache') },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const files: Record<string, string> = {};
    for (const f of walk(join(tmp, 'dist')).sort()) files[relative(join(tmp, 'dist'), f)] = sha(stable(readFileSync(f)));
    result.sites[site] = files;
    process.stderr.write(`${site}: ${Object.keys(files).length} files\n`);
  }
  writeFileSync(out, `${JSON.stringify(result, null, 1)}\n`);
  process.stderr.write(`check: ${checkJson.length} bytes, exit ${checkExit}; written ${out}\n`);
}

function compare(a: string, b: string): number {
  const before = JSON.parse(readFileSync(a, 'utf8')) as Record_;
  const after = JSON.parse(readFileSync(b, 'utf8')) as Record_;
  const diffs: string[] = [];
  if (before.check !== after.check || before.checkExit !== after.checkExit)
    diffs.push(`check report: ${before.check} (exit ${before.checkExit}) → ${after.check} (exit ${after.checkExit})`);
  for (const site of new Set([...Object.keys(before.sites), ...Object.keys(after.sites)])) {
    const x = before.sites[site] ?? {};
    const y = after.sites[site] ?? {};
    for (const f of new Set([...Object.keys(x), ...Object.keys(y)]))
      if (x[f] !== y[f]) diffs.push(`${site}: ${f}: ${x[f] ?? 'missing'} → ${y[f] ?? 'missing'}`);
  }
  const files = Object.values(before.sites).reduce((n, s) => n + Object.keys(s).length, 0);
  process.stdout.write(
    diffs.length ? `${diffs.join('\n')}\n${diffs.length} difference(s)\n` : `identical: the check report and ${files} built files\n`,
  );
  return diffs.length ? 1 : 0;
}

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { corpus: { type: 'string' }, incidents: { type: 'string', default: '1000' } },
});
const [command, x, y] = positionals;
if (command === 'record' && x)
  await record(resolve(x), resolve(values.corpus ?? join(project, 'bench/.tmp/equivalence/corpus')), Number(values.incidents));
else if (command === 'compare' && x && y) process.exitCode = compare(x, y);
else {
  process.stderr.write('Usage: node bench/equivalence.ts record OUT.json [--corpus DIR] | compare BEFORE.json AFTER.json\n');
  process.exitCode = 2;
}
