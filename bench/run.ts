import { mkdtemp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { parseEntry } from '../src/core/entry.ts';
import { instantToEpoch } from '../src/core/time/zone.ts';
import { generateSlackExport } from './chat.ts';
import { corpusBytes, generateCorpus, writeCorpus } from './corpus.ts';
import { buildPhases, collect, routeTimes, runMeasured, summarize, type BuildPhases, type ProcessRun } from './measure.ts';
import { dirSize, incidentPageWeights, measureQueries } from './output.ts';
import { evaluateTargets, type BenchResult, type BuildMeasured, type Measured } from './report.ts';
import { measurePayload, measureSearch } from './search-metrics.ts';
import { measurePreCommit } from './pre-commit.ts';
import { HELDOUT_2_QUERIES_FILE, HELDOUT_QUERIES_FILE, loadQualityQueries, measureSearchQuality } from './search-quality.ts';
import { measureSimilar } from './similar.ts';

export const STEPS = ['check', 'build', 'warm', 'output', 'satteri', 'cli', 'timeline', 'similar', 'pre-commit'] as const;

/** The first search on /search/ (a partial symptom), then later ones typed into the same page. */
export const PAYLOAD_QUERIES = [
  'too many clients already',
  '인증서가 만료됨',
  'getaddrinfo EAI_AGAIN',
  'kafka consumer lag',
  'ssh-agent',
] as const;

/** Messages in the Slack export the `timeline` step imports. */
export const TIMELINE_MESSAGES = 5_000;
export type Step = (typeof STEPS)[number];

export interface BenchOptions {
  /** The project: where `npm run …` runs. */
  projectDir: string;
  incidents: number;
  playbooks?: number;
  seed: number;
  runs: number;
  only: Step[];
  keep: boolean;
  /** nice level for every measured process (0 = none). */
  nice: number;
  queries: string[];
  command: string;
}

type Log = (message: string) => void;

function machine(): BenchResult['machine'] {
  return {
    nproc: cpus().length,
    memoryBytes: totalmem(),
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: loadavg()[0],
  };
}

function collectBuild(runs: ProcessRun[]): BuildMeasured {
  const phases = runs.map((r) => buildPhases(r.lines, r.wallMs));
  const keys = [...new Set(phases.flatMap((p) => Object.keys(p)))].filter((k) => k !== 'pagefindStreamed') as Exclude<
    keyof BuildPhases,
    'pagefindStreamed'
  >[];
  const summary: BuildMeasured['phases'] = {};
  for (const k of keys) {
    const s = summarize(phases.flatMap((p) => (p[k] === undefined ? [] : [p[k] as number])));
    if (s) summary[k] = s;
  }
  const pagefindStreamed = phases.some((p) => p.pagefindStreamed) || undefined;
  return { ...collect(runs), phases: summary, pagefindStreamed, routes: runs[0] ? routeTimes(runs[0].lines) : undefined };
}

export async function runBench(o: BenchOptions, log: Log): Promise<BenchResult> {
  const wants = (s: Step) => o.only.includes(s);
  const work = await mkdtemp(join(tmpdir(), `kb-bench-${o.incidents}-`));
  const contentDir = join(work, 'content');
  // Build output inside the project: when outDir is outside the working directory, Astro
  // falls back to <project>/.astro/.prerender/ for its prerender chunks, a folder shared by every
  // such build, so two concurrent builds (tests, other benches) overwrite each other's chunks.
  const buildRoot = join(o.projectDir, 'node_modules', '.cache', 'kb-bench', basename(work));
  const result: BenchResult = {
    version: 1,
    date: new Date().toISOString(),
    command: o.command,
    machine: machine(),
    corpus: { incidents: o.incidents, playbooks: 0, seed: o.seed, files: 0, bytes: 0, generateMs: 0 },
    runs: o.runs,
    notes: [],
  };
  const npm = (script: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
    runMeasured('npm', ['run', script, '--silent', ...(args.length ? ['--', ...args] : [])], {
      cwd: o.projectDir,
      env: { ...process.env, KB_CONTENT_DIR: contentDir, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      nice: o.nice,
    });

  try {
    const t = performance.now();
    const corpus = generateCorpus({ incidents: o.incidents, playbooks: o.playbooks, seed: o.seed });
    await writeCorpus(contentDir, corpus);
    result.corpus = {
      incidents: corpus.incidents,
      playbooks: corpus.playbooks,
      seed: corpus.seed,
      files: corpus.files.filter((f) => f.path.endsWith('.md')).length,
      bytes: corpusBytes(corpus),
      generateMs: Math.round(performance.now() - t),
      dir: o.keep ? contentDir : undefined,
    };
    log(`corpus: ${corpus.incidents} incidents + ${corpus.playbooks} playbooks in ${contentDir} (${result.corpus.generateMs} ms)`);

    if (wants('check')) {
      {
        const runs: ProcessRun[] = [];
        for (let i = 0; i < o.runs; i++) {
          runs.push(await npm('check', []));
          log(`check run ${i + 1}/${o.runs}: ${Math.round(runs[i].wallMs)} ms, exit ${runs[i].exitCode}`);
        }
        const m = collect(runs);
        result.check = {
          ...m,
          files: result.corpus.files,
          filesPerSecond: m.wallMs ? result.corpus.files / (m.wallMs.median / 1000) : undefined,
        };
        if (!m.ok)
          result.notes.push(
            '`npm run check` failed on the generated corpus (see `check.failure` in the JSON): the generator or a rule needs fixing.',
          );
      }
    }

    let lastDist: string | undefined;
    const build = async (label: string, env: NodeJS.ProcessEnv, dirs: { out: string; cache: string }) => {
      const run = await npm('build', [], { KB_OUT_DIR: dirs.out, KB_CACHE_DIR: dirs.cache, ...env });
      const p = buildPhases(run.lines, run.wallMs);
      log(
        `${label}: ${Math.round(run.wallMs)} ms (Astro ${Math.round(p.astroMs ?? NaN)} ms, Pagefind ${p.pagefindMs ?? '?'} ms), exit ${run.exitCode}`,
      );
      return run;
    };
    const buildDirs = (name: string) => ({ out: join(buildRoot, name, 'dist'), cache: join(buildRoot, name, 'cache') });

    if (wants('build') || wants('output') || wants('warm')) {
      const runs: ProcessRun[] = [];
      const count = wants('build') ? o.runs : 1;
      for (let i = 0; i < count; i++) {
        if (lastDist) await rm(join(lastDist, '..'), { recursive: true, force: true });
        const dirs = buildDirs(`build-${i}`);
        runs.push(await build(`build (cold) ${i + 1}/${count}`, {}, dirs));
        lastDist = dirs.out;
      }
      result.build = collectBuild(runs);
      if (!result.build.ok) result.notes.push('`npm run build` failed on the generated corpus (see `build.failure` in the JSON).');
      if (wants('warm') && lastDist && result.build.ok) {
        // Same cache, fresh output: what a second build on a CI runner with a restored cache costs.
        const dirs = { out: buildDirs('build-warm').out, cache: join(lastDist, '..', 'cache') };
        result.warmBuild = collectBuild([await build('build (warm cache)', {}, dirs)]);
        await rm(join(dirs.out, '..'), { recursive: true, force: true });
      }
    }

    if (wants('output')) {
      if (!lastDist || !result.build?.ok) result.output = { skipped: 'no successful build' };
      else {
        const dist = await dirSize(lastDist);
        const pf = await dirSize(join(lastDist, 'pagefind'));
        const pages = await incidentPageWeights(lastDist);
        result.output = {
          distBytes: dist.bytes,
          distFiles: dist.files,
          incidentPages: pages.pages,
          incidentPage: { total: pages.total, html: pages.html, css: pages.css, js: pages.js },
          pagefindBytes: pf.bytes,
          pagefindFiles: pf.files,
        };
        if (!pf.files) result.output.queryError = 'no Pagefind bundle in dist/pagefind (the search integration has not landed yet?)';
        else {
          try {
            {
              // The real /search/ page in Chromium, UI included.
              const m = await measureSearch(lastDist, o.queries);
              result.output.search = {
                source: 'bench/search-metrics.ts measureSearch: /search/?q=… in headless Chromium, a fresh page per query',
                index: m.index,
                queries: m.queries.map(({ requests, top, ...q }) => ({ ...q, requests: requests.length, top: top.slice(0, 3) })),
              };
            }
          } catch (error) {
            result.output.queryError = `measureSearch: ${(error as Error).message.split('\n')[0]}`;
          }
          try {
            // Search quality: the hand-written queries through the page's own ranking.
            const q = await measureSearchQuality(lastDist);
            result.output.quality = { ...q, misses: q.misses.slice(0, 40) };
            log(
              `search quality: top-1 ${(q.exact.top1 * 100).toFixed(1)}%, top-3 ${(q.exact.top3 * 100).toFixed(1)}%, MRR ${q.exact.mrr.toFixed(3)}`,
            );
            for (const [key, file] of [
              ['heldout', HELDOUT_QUERIES_FILE],
              ['heldout2', HELDOUT_2_QUERIES_FILE],
            ] as const) {
              const h = await measureSearchQuality(lastDist, loadQualityQueries(file));
              result.output[key] = { ...h, misses: h.misses.slice(0, 40) };
              log(
                `${key} queries: top-1 ${(h.exact.top1 * 100).toFixed(1)}%, top-3 ${(h.exact.top3 * 100).toFixed(1)}%, MRR ${h.exact.mrr.toFixed(3)}`,
              );
            }
            // What one visitor's first search and later searches fetch.
            result.output.payload = await measurePayload(lastDist, PAYLOAD_QUERIES[0], PAYLOAD_QUERIES.slice(1));
            // And each of the others as a visitor's first search.
            result.output.payload.firsts = [];
            for (const query of PAYLOAD_QUERIES.slice(1)) {
              const { gzipBytes, requests } = (await measurePayload(lastDist, query, [])).first;
              result.output.payload.firsts.push({ query, gzipBytes, requests });
            }
          } catch (error) {
            result.output.queryError = `search quality: ${(error as Error).message.split('\n')[0]}`;
          }
          try {
            // Pagefind's API alone (no UI), from an incident page: the floor of what a search costs.
            result.output.queries = await measureQueries(lastDist, o.queries);
          } catch (error) {
            result.output.queryError = (error as Error).message.split('\n')[0];
          }
        }
        log(`output: dist ${dist.bytes} B, pagefind ${pf.bytes} B, ${pages.pages} incident pages`);
      }
    }

    if (wants('satteri')) {
      const runs: ProcessRun[] = [];
      for (let i = 0; i < o.runs; i++) {
        const dirs = buildDirs(`satteri-${i}`);
        runs.push(await build(`build with Sätteri ${i + 1}/${o.runs}`, { KB_MARKDOWN_PROCESSOR: 'satteri' }, dirs));
        await rm(join(dirs.out, '..'), { recursive: true, force: true });
      }
      result.satteri = {
        ...collectBuild(runs),
        note: "Astro's default Sätteri markdown processor instead of unified + our remark plugins (KB_MARKDOWN_PROCESSOR=satteri). The plugins do not run, so pages lack the section wrappers, timeline and whys markup: a cost comparison only.",
      };
    }

    if (wants('cli')) {
      result.cli = {};
      {
        const runs: ProcessRun[] = [];
        for (let i = 0; i < o.runs; i++) runs.push(await npm('new-incident', ['--dry-run', '--yes', '--title', 'x']));
        result.cli.newIncident = collect(runs);
        log(`new-incident --dry-run: ${Math.round(result.cli.newIncident.wallMs?.median ?? NaN)} ms`);
      }
      result.cli.import = await measureImport(o, work, contentDir, npm, log);
    }

    if (wants('similar')) {
      result.similar = measureSimilar(corpus);
      log(`similar incidents: ${result.similar.incidents} incidents in ${Math.round(result.similar.ms)} ms`);
    }

    if (wants('timeline')) {
      result.cli ??= {};
      result.cli.timeline = await measureTimeline(o, work, contentDir, npm, log);
    }

    if (wants('pre-commit')) {
      result.preCommit = await measurePreCommit(o, work, contentDir, log);
      log(`pre-commit hook, ${result.preCommit.staged ?? 0} staged files: median ${Math.round(result.preCommit.wallMs?.median ?? NaN)} ms`);
    }
  } finally {
    if (!o.keep) {
      await rm(work, { recursive: true, force: true });
      await rm(buildRoot, { recursive: true, force: true });
    } else result.notes.push(`Kept the corpus in ${work} and the build output in ${buildRoot}.`);
  }
  result.targets = evaluateTargets(result);
  return result;
}

/** A post-mortem as teams write them before adopting the knowledge base: no frontmatter, free headings. */
export const LEGACY_POSTMORTEM = `# 결제 API 응답 지연 (2024-05-02)

## 개요
- 결제 API의 p99 응답 시간이 4초까지 올라감.

## 시간 분석
- \`14:02\` 배포 완료
- \`14:09\` 알림 발생
- \`14:40\` 롤백으로 복구

## 근본 원인
- 커넥션 풀 크기가 10으로 설정됨.

## 5Why 분석
1. 왜 느려졌는가? — 커넥션을 기다렸기 때문.
2. 왜 커넥션이 부족했는가? — 풀 크기가 10이었기 때문.
3. 왜 10이었는가? — 설정 템플릿의 기본값이었기 때문.

## 예방책
- 설정 리뷰 체크리스트에 풀 크기 추가
`;

async function measureImport(
  o: BenchOptions,
  work: string,
  contentDir: string,
  npm: (script: string, args: string[]) => Promise<ProcessRun>,
  log: Log,
): Promise<Measured> {
  const source = join(work, 'legacy', '2024-05-02-payment-latency.md');
  await mkdir(join(source, '..'), { recursive: true });
  await writeFile(source, LEGACY_POSTMORTEM);
  const dir = join(contentDir, 'incidents');
  const runs: ProcessRun[] = [];
  for (let i = 0; i < o.runs; i++) {
    const before = new Set(await readdir(dir, { recursive: true }));
    const run = await npm('import', [source]);
    runs.push(run);
    // Import adds to the corpus: take the new file out again so every run starts from the same state.
    for (const f of await readdir(dir, { recursive: true })) if (!before.has(f)) await rm(join(dir, f), { force: true });
  }
  const m = collect(runs);
  log(`import: ${Math.round(m.wallMs?.median ?? NaN)} ms, exit ${runs.map((r) => r.exitCode).join(',')}`);
  return m;
}

/**
 * `npm run timeline -- add` of a generated 5,000-message Slack export into the
 * first corpus incident, its messages spread over the incident's window. The
 * incident is put back before every run, so each run merges the whole export.
 */
async function measureTimeline(
  o: BenchOptions,
  work: string,
  contentDir: string,
  npm: (script: string, args: string[]) => Promise<ProcessRun>,
  log: Log,
): Promise<Measured & { messages?: number; added?: number }> {
  const dir = join(contentDir, 'incidents');
  const file = join(dir, (await readdir(dir)).filter((f) => f.endsWith('.md')).sort()[0]);
  const original = await readFile(file, 'utf8');
  const fm = parseEntry(original, file).frontmatter ?? {};
  const zone = String(fm.timezone);
  const started = instantToEpoch(String(fm.started), zone);
  if (started === undefined) return { skipped: `${file} has no readable started` };
  const resolved = instantToEpoch(String(fm.resolved ?? ''), zone) ?? started + 2 * 3_600_000;
  const chat = generateSlackExport({
    messages: TIMELINE_MESSAGES,
    seed: o.seed,
    channel: 'inc-bench',
    from: started - 20 * 60_000,
    to: resolved + 20 * 60_000,
  });
  const exportDir = join(work, 'slack-export');
  for (const f of chat.files) {
    await mkdir(join(exportDir, f.path, '..'), { recursive: true });
    await writeFile(join(exportDir, f.path), f.text);
  }
  const runs: ProcessRun[] = [];
  try {
    for (let i = 0; i < o.runs; i++) {
      await writeFile(file, original);
      runs.push(await npm('timeline', ['add', String(fm.id), exportDir, '--channel', 'inc-bench']));
    }
  } finally {
    await writeFile(file, original);
  }
  const m = collect(runs);
  const added = runs[0]?.lines.map((l) => /added (\d+) item/.exec(l.text)?.[1]).find(Boolean);
  log(
    `timeline add (${chat.messages} messages): ${Math.round(m.wallMs?.median ?? NaN)} ms, ${added ?? '?'} items added, exit ${runs.map((r) => r.exitCode).join(',')}`,
  );
  return { ...m, messages: chat.messages, added: added === undefined ? undefined : Number(added) };
}
