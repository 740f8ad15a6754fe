import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { generateSlackExport } from '../bench/chat.ts';
import { generateCorpus, writeCorpus, type Corpus } from '../bench/corpus.ts';
import { buildPhases, parseGnuTime, routeTimes, summarize } from '../bench/measure.ts';
import { pageAssets } from '../bench/output.ts';
import { createRng } from '../bench/prng.ts';
import { evaluateTargets, renderMarkdown, type BenchResult } from '../bench/report.ts';
import { parseSlackExport } from '../src/cli/timeline/sources/index.ts';
import { parseEntry } from '../src/core/entry.ts';
import { REQUIRED_INCIDENT_SECTIONS } from '../src/core/markdown/sections.ts';
import { configSchema, createIncidentSchema, playbookSchema } from '../src/schema/index.ts';

const N = 20;
const corpus = generateCorpus({ incidents: N, seed: 42 });
const incidents = corpus.files.filter((f) => f.path.startsWith('incidents/'));
const playbooks = corpus.files.filter((f) => f.path.startsWith('playbooks/'));
const config = configSchema.parse(parseYaml(corpus.files.find((f) => f.path === 'kb.config.yaml')!.text));
const parsed = corpus.files.filter((f) => f.path.endsWith('.md')).map((f) => ({ file: f, entry: parseEntry(f.text, f.path) }));

describe('the corpus generator', () => {
  it('gives byte-identical output for the same seed, and different output for another seed', () => {
    const again = generateCorpus({ incidents: N, seed: 42 });
    expect(again.files).toEqual(corpus.files);
    const other = generateCorpus({ incidents: N, seed: 43 });
    expect(other.files.map((f) => f.text).join('')).not.toBe(corpus.files.map((f) => f.text).join(''));
  });

  it('writes N incidents and M playbooks, half of the incidents in Korean', () => {
    expect(incidents).toHaveLength(N);
    expect(playbooks).toHaveLength(corpus.playbooks);
    const korean = incidents.filter((f) => /^title: ".*[가-힣]/m.test(f.text));
    expect(korean).toHaveLength(N / 2);
    expect(new Set(corpus.files.map((f) => f.path)).size).toBe(corpus.files.length);
  });

  it('writes files that parse and validate against the real schemas', () => {
    const incidentSchema = createIncidentSchema({ config });
    for (const { file, entry } of parsed) {
      expect(entry.yamlProblems, file.path).toEqual([]);
      const result = (entry.kind === 'incident' ? incidentSchema : playbookSchema).safeParse(entry.data);
      expect(result.success ? [] : result.error.issues, file.path).toEqual([]);
    }
  });

  it('writes the body shapes the issue asks for: timelines of 5–15 entries with code blocks, 3–5 whys, action items', () => {
    let codeBlocks = 0;
    for (const { file, entry } of parsed.filter((p) => p.entry.kind === 'incident')) {
      const d = entry.data as {
        status: string;
        timeline: { has_details: boolean }[];
        five_whys: { question: string; answer: string }[];
        action_items: unknown[];
        sections: { id: string; empty: boolean }[];
      };
      expect(d.timeline.length, file.path).toBeGreaterThanOrEqual(5);
      expect(d.timeline.length, file.path).toBeLessThanOrEqual(15);
      expect(d.five_whys.length, file.path).toBeGreaterThanOrEqual(3);
      expect(d.five_whys.length, file.path).toBeLessThanOrEqual(5);
      for (const why of d.five_whys) expect(why.question && why.answer, file.path).toBeTruthy();
      expect(d.action_items.length, file.path).toBeGreaterThanOrEqual(2);
      codeBlocks += d.timeline.filter((t) => t.has_details).length;
      if (d.status !== 'draft') {
        const filled = new Set(d.sections.filter((s) => !s.empty).map((s) => s.id));
        for (const id of REQUIRED_INCIDENT_SECTIONS) expect(filled.has(id), `${file.path}: ${id}`).toBe(true);
      }
    }
    expect(codeBlocks).toBeGreaterThan(N);
  });

  it('links every incident to 1–3 playbooks that exist, and related incidents that exist', () => {
    const playbookIds = new Set(parsed.filter((p) => p.entry.kind === 'playbook').map((p) => p.entry.data.id));
    const incidentIds = new Set(parsed.filter((p) => p.entry.kind === 'incident').map((p) => p.entry.data.id));
    expect(incidentIds.size).toBe(N);
    for (const { file, entry } of parsed.filter((p) => p.entry.kind === 'incident')) {
      const links = entry.data.playbooks as string[];
      expect(links.length, file.path).toBeGreaterThanOrEqual(1);
      expect(links.length, file.path).toBeLessThanOrEqual(3);
      for (const id of links) expect(playbookIds.has(id), `${file.path} → ${id}`).toBe(true);
      for (const id of entry.data.related as string[]) expect(incidentIds.has(id), `${file.path} → ${id}`).toBe(true);
    }
  });

  it('avoids the blameless and vague wording that check warns about', () => {
    const all = corpus.files.map((f) => f.text.toLowerCase()).join('\n');
    for (const phrase of config.blameless_phrases) expect(all, phrase).not.toContain(phrase.toLowerCase());
    for (const { entry } of parsed.filter((p) => p.entry.kind === 'incident')) {
      for (const item of entry.data.action_items as { title: string }[]) {
        for (const phrase of config.vague_action_phrases) expect(item.title.toLowerCase(), phrase).not.toContain(phrase.toLowerCase());
      }
    }
  });

  describe('on disk', () => {
    const root = mkdtempSync(join(tmpdir(), 'kb-bench-test-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('passes npm run check (runCheck) with no errors', async () => {
      await writeCorpus(root, corpus as Corpus);
      const { runCheck } = await import('../src/check/index.ts');
      const result = await runCheck({ root });
      const errors = result.files.flatMap((f) =>
        f.messages.filter((m) => m.fatal).map((m) => `${f.path}:${m.line}: ${m.ruleId} ${m.reason}`),
      );
      expect(errors).toEqual([]);
      expect(result.errorCount).toBe(0);
      expect(result.files.length).toBe(corpus.files.length - 1);
    });
  });
});

describe('the Slack export of the timeline step', () => {
  const options = { messages: 2000, seed: 7, channel: 'inc-bench', from: Date.UTC(2024, 2, 5, 23, 0), to: Date.UTC(2024, 2, 6, 1, 0) };
  const chat = generateSlackExport(options);

  it('is the same for the same seed, and reads as an export across midnight UTC', () => {
    expect(generateSlackExport(options)).toEqual(chat);
    expect(chat.messages).toBe(2000);
    expect(chat.files.map((f) => f.path)).toEqual([
      'users.json',
      'channels.json',
      'inc-bench/2024-03-05.json',
      'inc-bench/2024-03-06.json',
    ]);
    const read = parseSlackExport(Object.fromEntries(chat.files.map((f) => [f.path, f.text])), { channel: 'inc-bench' });
    const kinds = new Set(read.messages.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(['alert', 'message']);
    expect(read.messages.some((m) => m.replies?.length)).toBe(true);
    expect(read.messages.every((m) => m.epoch! >= options.from && m.epoch! <= options.to)).toBe(true);
    expect(read.notes.join('\n')).toMatch(/dropped \d+ join\/leave[\s\S]*dropped \d+ emoji-only[\s\S]*edited in Slack/);
  });
});

describe('the seeded PRNG', () => {
  it('repeats for a seed and stays in range', () => {
    const a = createRng(7);
    const b = createRng(7);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const r = createRng(1);
    for (let i = 0; i < 200; i++) {
      const v = r.int(5, 15);
      expect(v >= 5 && v <= 15 && Number.isInteger(v)).toBe(true);
    }
    expect(new Set(createRng(3).sample([1, 2, 3, 4, 5], 5))).toEqual(new Set([1, 2, 3, 4, 5]));
  });
});

describe('measurement helpers', () => {
  it('summarizes runs as median and min–max', () => {
    expect(summarize([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3, values: [3, 1, 2] });
    expect(summarize([4, 1, 2, 3])?.median).toBe(2.5);
    expect(summarize([])).toBeUndefined();
  });

  it('reads peak RSS and elapsed time from GNU time -v', () => {
    const report =
      '\tUser time (seconds): 40.25\n\tSystem time (seconds): 2.50\n\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n\tMaximum resident set size (kbytes): 204800\n';
    expect(parseGnuTime(report)).toEqual({ maxRssBytes: 204800 * 1024, elapsedMs: 62_500, cpuMs: 42_750 });
  });

  it('splits a build log into phases by the arrival time of its lines', () => {
    const lines = [
      { at: 900, text: '16:12:00 [content] Syncing content' },
      { at: 2900, text: '16:12:02 [content] Synced content' },
      { at: 3000, text: '16:12:02 [build] Building static entrypoints...' },
      { at: 5000, text: ' generating static routes ' },
      { at: 6000, text: '16:12:05   ├─ /incidents/INC-2024-001/index.html (+3ms)' },
      { at: 8000, text: '16:12:07   └─ /playbooks/x/index.html (+2ms)' },
      { at: 9500, text: '16:12:08 [kb:pagefind] Indexed 396 HTML files in 1380 ms.' },
      { at: 9600, text: '16:12:08 [build] Complete!' },
    ];
    expect(buildPhases(lines, 10_000)).toEqual({
      beforeAstroMs: 900,
      contentSyncMs: 2000,
      renderMs: 3000,
      pages: 2,
      pagefindMs: 1380,
      pagefindPages: 396,
      astroMs: 10_000 - 900 - 1380,
    });
    // Pagefind fed during rendering: only its bundle write comes after the last page.
    const streamed = lines.map((l) =>
      /kb:pagefind/.test(l.text)
        ? { ...l, text: '16:12:08 [kb:pagefind] Indexed 396 pages while they were rendered; wrote the bundle in 700 ms.' }
        : l,
    );
    expect(buildPhases(streamed, 10_000)).toMatchObject({
      pagefindMs: 700,
      pagefindPages: 396,
      pagefindStreamed: true,
      astroMs: 10_000 - 900 - 700,
    });
  });

  it("sums Astro's per-page timings by route group", () => {
    const lines = [
      '16:18:13   ├─ /incidents/INC-2024-001/index.html (+9ms) ',
      '16:18:13   ├─ /incidents/INC-2024-002/index.html (+11ms) ',
      '16:18:13   ├─ /tags/ssh/index.html (+54ms) ',
      '16:18:14   └─ /incidents/index.html (+1.5s) ',
      '16:18:14 [build] Complete!',
    ].map((text) => ({ at: 0, text }));
    expect(routeTimes(lines)).toEqual([
      { group: 'incidents', pages: 1, ms: 1500 },
      { group: 'tags/*', pages: 1, ms: 54 },
      { group: 'incidents/<id>', pages: 2, ms: 20 },
    ]);
  });

  it('finds the stylesheets and scripts a page loads', () => {
    const html = `<link rel="stylesheet" href="/_astro/a.css"><link rel=icon href="/favicon.svg">
      <script type="module" src="/_astro/b.js"></script><script type="module">import "/_astro/c.js";</script>
      <script src="https://cdn.example.com/x.js"></script>`;
    expect(pageAssets(html).sort()).toEqual(['/_astro/a.css', '/_astro/b.js', '/_astro/c.js']);
  });

  it('renders a result as a markdown table and checks it against the targets', () => {
    const s = (median: number) => ({ median, min: median, max: median, values: [median] });
    const result: BenchResult = {
      version: 1,
      date: '2026-11-22T10:00:00.000Z',
      command: 'npm run bench -- --incidents 10000',
      machine: { nproc: 2, memoryBytes: 24 * 1024 ** 3, cpu: 'x', node: '24.0.0', platform: 'linux x64', loadAverage: 1 },
      corpus: { incidents: 10_000, playbooks: 400, seed: 1, files: 10_400, bytes: 1, generateMs: 1 },
      runs: 1,
      check: { ok: true, wallMs: s(12_000), files: 10_400, filesPerSecond: 866 },
      build: { ok: true, wallMs: s(50_000), maxRssBytes: s(3 * 1024 ** 3), phases: { pagefindMs: s(9000) } },
      notes: [],
    };
    const md = renderMarkdown(result);
    expect(md).toContain('| `npm run check` (10,400 files) | 12.0 s (866 files/s)');
    expect(md).toContain('Pagefind (from its log) | 9.00 s');
    expect(evaluateTargets(result)).toEqual([
      { name: 'full build, 10,000 incidents', limit: '60 s', value: '50.0 s', met: true },
      { name: 'build peak RSS, 10,000 incidents', limit: '2.5 GB', value: '3.00 GB', met: false },
      { name: 'npm run check, 10,000 incidents', limit: '10 s', value: '12.0 s', met: false },
    ]);
    // Issue 19's search targets, once the output step has measured them.
    const score = (top1: number, top3: number) => ({ queries: 79, top1, top3, mrr: 0.9 });
    result.output = {
      distBytes: 1,
      distFiles: 1,
      quality: { exact: score(0.962, 0.987), theme: score(1, 1), byKind: {}, misses: [], medianMs: 1, via: 'kbSearch' },
      payload: {
        first: { query: 'q', gzipBytes: 400 * 1024, requests: 20, byKind: {} },
        later: [{ query: 'r', gzipBytes: 50 * 1024, requests: 5, byKind: {} }],
      },
    } as unknown as BenchResult['output'];
    expect(evaluateTargets(result)?.slice(3)).toEqual([
      { name: 'search top-3, 10,000 incidents', limit: '95%', value: '98.7%', met: true },
      { name: 'search top-1, 10,000 incidents', limit: '85%', value: '96.2%', met: true },
      { name: 'first search on /search/, 10,000 incidents, gzipped', limit: '150 KB', value: '400.0 KB', met: false },
      { name: 'each later search, 10,000 incidents, gzipped', limit: '60 KB', value: '50.0 KB', met: true },
    ]);
  });
});
