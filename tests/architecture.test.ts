/**
 * The tree shows the pipeline, and imports flow one way:
 * schema ← core ← check ← build | site | cli, pages on top. No module reaches
 * back up or sideways, nothing under src/ imports the benchmark, the tests or
 * the scripts, and core (reading one file) knows nothing of Astro.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** The stages a stage may import from (its own stage always). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  schema: [],
  core: ['schema'],
  check: ['schema', 'core'],
  build: ['schema', 'core', 'check'],
  site: ['schema', 'core'],
  cli: ['schema', 'core', 'check'],
  // Astro's own folders: routes, components and layouts, and the collection config.
  pages: ['schema', 'core', 'site', 'build'],
  config: ['schema', 'core', 'build'],
};

function stageOf(path: string): string {
  const [top, second] = path.split('/');
  if (top !== 'src') return top; // bench, tests, scripts, node_modules, …
  if (['pages', 'components', 'layouts', 'styles'].includes(second)) return 'pages';
  if (second === 'content.config.ts') return 'config';
  return second;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|mjs|astro)$/.test(f))
    .map((f) => join(dir, f));
}

/** Relative module specifiers a file imports (static, dynamic and `new URL(…, import.meta.url)`), and its package imports. */
function importsOf(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [
    ...text.matchAll(/(?:^|[^\w.])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/new URL\(\s*['"](\.[^'"]+\.(?:ts|mjs|js))['"]\s*,\s*import\.meta\.url/g),
  ].map((m) => m[1]);
  const local = specs
    .filter((s) => s.startsWith('.'))
    .map((s) =>
      normalize(join(dirname(file), s))
        .split('\\')
        .join('/'),
    );
  return { local, packages: specs.filter((s) => !s.startsWith('.')) };
}

const files = sourceFiles('src');

describe('architecture', () => {
  it('knows every stage under src/', () => {
    for (const f of files) expect(MAY_IMPORT, f).toHaveProperty(stageOf(f));
  });

  it('imports flow one way between the stages', () => {
    const wrong: string[] = [];
    for (const f of files) {
      const from = stageOf(f);
      for (const target of importsOf(f).local) {
        const to = stageOf(target);
        if (to !== from && !MAY_IMPORT[from].includes(to)) wrong.push(`${f} (${from}) → ${target} (${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('core and schema never load Astro (only astro/zod for the schema)', () => {
    const astro = files
      .filter((f) => ['core', 'schema'].includes(stageOf(f)))
      .flatMap((f) =>
        importsOf(f)
          .packages.filter((p) => /^astro(?:$|[:/])/.test(p) && p !== 'astro/zod')
          .map((p) => `${f} → ${p}`),
      );
    expect(astro).toEqual([]);
  });

  it('the import scanner sees imports (so the checks above can fail)', () => {
    expect(importsOf('src/check/runner.ts').local).toContain('src/core/today.ts');
    expect(importsOf('src/check/pool.ts').local).toContain('src/check/worker.ts');
    expect(stageOf(relative(ROOT, join(ROOT, 'bench/corpus.ts')))).toBe('bench');
  });
});

describe("the loader's cache key", () => {
  it('covers the code that shapes stored data and HTML, and nothing else: editing the bench, the CLIs or the check re-renders nothing', async () => {
    const { outputCodeFiles } = await import('../src/build/loader/loader.ts');
    const keyed = outputCodeFiles();
    for (const f of [
      'core/entry.ts',
      'core/markdown/extract.ts',
      'core/time/zone.ts',
      'schema/incident.ts',
      'build/markdown/render.ts',
      'build/markdown/remark-timeline.ts',
    ])
      expect(keyed).toContain(f);
    expect(keyed.filter((f) => /^(cli|check|site|pages|components)\//.test(f))).toEqual([]);
    expect(keyed.every((f) => !f.startsWith('..'))).toBe(true);
  });
});
