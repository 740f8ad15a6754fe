/**
 * Measuring whole processes: wall time, peak RSS (the largest process, from
 * GNU time, and the whole process tree, sampled from /proc), and the output
 * lines with their arrival times so a build can be split into phases.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Measured } from './report.ts';

export const GNU_TIME = '/usr/bin/time';

export interface TimedLine {
  /** Milliseconds since the process started. */
  at: number;
  text: string;
}

export interface ProcessRun {
  command: string;
  exitCode: number;
  wallMs: number;
  /** User + system CPU time of the whole tree (GNU time): steadier than wall time on a busy machine. */
  cpuMs?: number;
  /** Peak RSS of the largest single process in the tree (GNU time), in bytes. */
  maxRssBytes?: number;
  /** Peak of the summed RSS of the whole process tree, sampled every `sampleMs`, in bytes. */
  treeRssBytes?: number;
  lines: TimedLine[];
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  sampleMs?: number;
  /** Extra priority drop (nice) for the measured process; 0 = none. */
  nice?: number;
  /** Stop keeping lines after this many (10,000-page builds print one per page). */
  maxLines?: number;
}

/** Run `cmd args` to completion and measure it. Never throws on a non-zero exit. */
export async function runMeasured(cmd: string, args: string[], options: RunOptions): Promise<ProcessRun> {
  const timeFile = existsSync(GNU_TIME) ? join(await mkdtemp(join(tmpdir(), 'kb-bench-time-')), 'time.txt') : undefined;
  let argv = timeFile ? [GNU_TIME, '-v', '-o', timeFile, cmd, ...args] : [cmd, ...args];
  if (options.nice) argv = ['nice', '-n', String(options.nice), ...argv];
  const lines: TimedLine[] = [];
  const maxLines = options.maxLines ?? 50_000;
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let treePeak = 0;
  const sampler = setInterval(() => {
    if (child.pid) treePeak = Math.max(treePeak, treeRss(child.pid));
  }, options.sampleMs ?? 100);
  const collect = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const at = performance.now() - started;
      const parts = (rest + chunk).split('\n');
      rest = parts.pop() ?? '';
      for (const text of parts) if (lines.length < maxLines) lines.push({ at, text: stripAnsi(text) });
    });
    stream.on('end', () => {
      if (rest && lines.length < maxLines) lines.push({ at: performance.now() - started, text: stripAnsi(rest) });
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exitCode = await new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
  const wallMs = performance.now() - started;
  clearInterval(sampler);
  let maxRssBytes: number | undefined;
  let cpuMs: number | undefined;
  if (timeFile) {
    const report = await readFile(timeFile, 'utf8').catch(() => '');
    ({ maxRssBytes, cpuMs } = parseGnuTime(report));
    await rm(join(timeFile, '..'), { recursive: true, force: true });
  }
  return { command: [cmd, ...args].join(' '), exitCode, wallMs, cpuMs, maxRssBytes, treeRssBytes: treePeak || undefined, lines };
}

/** A terminal colour or cursor sequence (ESC, `[`, parameters, a letter). */
const ANSI_ESCAPE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g');

export function stripAnsi(text: string): string {
  return text.replace(ANSI_ESCAPE, '');
}

/** Fields of `/usr/bin/time -v` output that the benchmark uses. */
export function parseGnuTime(report: string): { maxRssBytes?: number; elapsedMs?: number; cpuMs?: number } {
  const rss = report.match(/Maximum resident set size \(kbytes\):\s*(\d+)/);
  const user = report.match(/User time \(seconds\):\s*([\d.]+)/);
  const system = report.match(/System time \(seconds\):\s*([\d.]+)/);
  const cpuMs = user && system ? Math.round((Number(user[1]) + Number(system[1])) * 1000) : undefined;
  const elapsed = report.match(/Elapsed \(wall clock\) time \(h:mm:ss or m:ss\):\s*([\d:.]+)/);
  let elapsedMs: number | undefined;
  if (elapsed) {
    elapsedMs = elapsed[1].split(':').reduce((acc, part) => acc * 60 + Number(part), 0) * 1000;
  }
  return { maxRssBytes: rss ? Number(rss[1]) * 1024 : undefined, elapsedMs, cpuMs };
}

/** Summed resident memory of `pid` and all its descendants, in bytes (0 off Linux). */
export function treeRss(pid: number): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0;
  }
  const children = new Map<number, number[]>();
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // The command name may contain spaces and parentheses: fields start after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch {
      // The process ended between readdir and read.
    }
  }
  let total = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop() as number;
    try {
      total += Number(readFileSync(`/proc/${p}/statm`, 'utf8').split(' ')[1]) * 4096;
    } catch {
      // ended
    }
    stack.push(...(children.get(p) ?? []));
  }
  return total;
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function summarize(values: readonly number[]): Summary | undefined {
  const v = values.filter((x) => Number.isFinite(x));
  if (!v.length) return undefined;
  const sorted = [...v].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], values: [...v] };
}

/** Phases of one `npm run build`, from the arrival times of its log lines. */
/** The runs of one command as one measurement: medians and ranges, and the first failure's last lines. */
export function collect(runs: ProcessRun[]): Measured {
  const failed = runs.find((r) => r.exitCode !== 0);
  return {
    ok: !failed,
    exitCodes: runs.map((r) => r.exitCode),
    failure: failed ? tail(failed) : undefined,
    wallMs: summarize(runs.map((r) => r.wallMs)),
    cpuMs: summarize(runs.flatMap((r) => (r.cpuMs ? [r.cpuMs] : []))),
    maxRssBytes: summarize(runs.flatMap((r) => (r.maxRssBytes ? [r.maxRssBytes] : []))),
    treeRssBytes: summarize(runs.flatMap((r) => (r.treeRssBytes ? [r.treeRssBytes] : []))),
  };
}

/** The last lines of a run's output (progress bars left out), for a failure. */
export function tail(run: ProcessRun, count = 25): string {
  const lines = run.lines.map((l) => l.text).filter((t) => t.trim() && !/^\s*[├└]─/.test(t));
  return `exit ${run.exitCode} from \`${run.command}\`:\n${lines.slice(-count).join('\n')}`;
}

export interface BuildPhases {
  /** From process start to Astro's first log line: npm and Astro start-up. */
  beforeAstroMs?: number;
  /** `[content] Syncing content` … `Synced content`: the loaders (read, parse, check, render and validate every file). */
  contentSyncMs?: number;
  /** Astro's own run, first log line to the end, minus Pagefind. */
  astroMs?: number;
  /** `Generating static routes` … last page written: rendering every page. */
  renderMs?: number;
  /**
   * Pagefind's time after the last page, from its log: the whole run when it
   * indexes the output from disk ("Indexed N HTML files in X ms"), or the
   * bundle write when it indexed pages while they were rendered ("Indexed N
   * pages while they were rendered; wrote the bundle in X ms").
   */
  pagefindMs?: number;
  /** True when Pagefind indexed pages during rendering (its indexing time is inside `renderMs`). */
  pagefindStreamed?: boolean;
  pagefindPages?: number;
  pages?: number;
}

const ASTRO_LINE = /^\d{2}:\d{2}:\d{2} \[/;

/** A group of routes ("incidents/<id>", "tags", "api", …) and Astro's own per-page timings summed. */
export interface RouteGroupTime {
  group: string;
  pages: number;
  ms: number;
}

/** Sum Astro's per-page "(+12ms)" annotations by route group: which pages the render time goes to. */
export function routeTimes(lines: readonly TimedLine[]): RouteGroupTime[] {
  const groups = new Map<string, RouteGroupTime>();
  for (const { text } of lines) {
    const m = text.match(/[├└]─ \/(\S*) \(\+(\d+(?:\.\d+)?)(ms|s)\)/);
    if (!m) continue;
    const parts = m[1].split('/').filter(Boolean);
    let group = parts[0] ?? '/';
    if (/\.(html|xml|json|txt)$/.test(group)) group = `/${group}`;
    else if (group === 'incidents' && /^INC-/.test(parts[1] ?? '')) group = 'incidents/<id>';
    else if (group === 'incidents' && parts.length > 2) group = `incidents/${parts[1]}/*`;
    else if (parts.length > 1 && !/\.(html|json|xml)$/.test(parts[1])) group = `${group}/*`;
    const ms = Number(m[2]) * (m[3] === 's' ? 1000 : 1);
    const g = groups.get(group) ?? { group, pages: 0, ms: 0 };
    g.pages++;
    g.ms += ms;
    groups.set(group, g);
  }
  return [...groups.values()].sort((a, b) => b.ms - a.ms);
}

export function buildPhases(lines: readonly TimedLine[], wallMs: number): BuildPhases {
  const find = (re: RegExp, from = 0) => {
    for (let i = from; i < lines.length; i++) if (re.test(lines[i].text)) return i;
    return -1;
  };
  const phases: BuildPhases = {};
  const first = find(ASTRO_LINE);
  if (first >= 0) phases.beforeAstroMs = lines[first].at;
  const syncStart = find(/\[content\] Syncing content/);
  const syncEnd = find(/\[content\] Synced content/);
  if (syncStart >= 0 && syncEnd > syncStart) phases.contentSyncMs = lines[syncEnd].at - lines[syncStart].at;
  const PAGEFIND = /Indexed (\d+) (?:HTML files? in|pages while they were rendered; wrote the bundle in) (\d+) ms/;
  const pf = find(PAGEFIND);
  if (pf >= 0) {
    const m = lines[pf].text.match(PAGEFIND) as RegExpMatchArray;
    phases.pagefindPages = Number(m[1]);
    phases.pagefindMs = Number(m[2]);
    if (/while they were rendered/.test(m[0])) phases.pagefindStreamed = true;
  }
  const renderStart = find(/Generating static routes|generating static routes/i);
  if (renderStart >= 0) {
    // The last per-page line ("├─ /x/index.html (+12ms)") before Pagefind or the end.
    let last = renderStart;
    let pages = 0;
    for (let i = renderStart + 1; i < lines.length && (pf < 0 || i < pf); i++) {
      if (/[├└]─ \/\S*/.test(lines[i].text)) {
        last = i;
        if (/\.html\b|\/\s|\/$/.test(lines[i].text) || /\(\+\d/.test(lines[i].text)) pages++;
      }
    }
    phases.renderMs = lines[last].at - lines[renderStart].at;
    phases.pages = pages || undefined;
  }
  if (first >= 0) phases.astroMs = wallMs - lines[first].at - (phases.pagefindMs ?? 0);
  return phases;
}
