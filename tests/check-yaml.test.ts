/**
 * The frontmatter fast path (`src/lib/yaml-fast.ts`) against `yaml` itself:
 * whenever the fast path accepts a document, `yaml` parses it without errors
 * to the same value, and every key path locates to the same offset. Run on
 * every fixture, the seed content, hand-picked edge cases and random edits of
 * real frontmatter.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseDocument, type Document } from 'yaml';
import { fastLocateOffset, parseFastYaml } from '../src/core/frontmatter/yaml-fast.ts';
import { parseEntry } from '../src/core/entry.ts';

const ROOT = resolve(import.meta.dirname, '..');

function contentFiles(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) contentFiles(p, out);
    else if (/\.mdx?$/.test(f)) out.push(p);
  }
  return out;
}
const FILES = [...contentFiles(join(ROOT, 'tests/fixtures')), ...contentFiles(join(ROOT, 'content'))];
const frontmatterOf = (text: string) => /^---\n([\s\S]*?)\n---/.exec(text)?.[1];
const FRONTMATTERS = FILES.map((f) => frontmatterOf(readFileSync(f, 'utf8'))).filter((s): s is string => s !== undefined);

/** What entry.ts's `locate` computes with a `yaml` Document, as an offset. */
function yamlOffset(doc: Document, path: PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    const node = doc.getIn(prefix as unknown[], true) as { range?: number[] } | undefined;
    let key: { range?: number[] } | undefined;
    if (n > 0) {
      const parent = n > 1 ? doc.getIn(prefix.slice(0, -1) as unknown[], true) : doc.contents;
      const last = prefix[n - 1];
      const items = (parent as { items?: { key?: { value?: unknown; range?: number[] } }[] } | null)?.items;
      if (items && typeof last !== 'number') key = items.find((p) => p.key?.value === last)?.key;
    }
    const range = key?.range ?? node?.range;
    if (range) return range[0];
  }
  return undefined;
}

function pathsOf(value: unknown, path: PropertyKey[] = [], out: PropertyKey[][] = []): PropertyKey[][] {
  out.push(path, [...path, 'missing'], [...path, 0], [...path, '1'], [...path, 99]);
  if (Array.isArray(value)) for (const [i, v] of value.entries()) pathsOf(v, [...path, i], out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) pathsOf(v, [...path, k], out);
  return out;
}

/** 'fast' (and identical to yaml), 'slow' (left to yaml), or what differs. */
function compare(src: string): string {
  const fast = parseFastYaml(src);
  if (!fast) return 'slow';
  const doc = parseDocument(src, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) return `accepted a document yaml rejects: ${doc.errors[0].message}`;
  const js = doc.toJS({ maxAliasCount: 100 }) ?? null;
  if (!isDeepStrictEqual(js, fast.value)) return `value: yaml ${JSON.stringify(js)}, fast ${JSON.stringify(fast.value)}`;
  for (const path of pathsOf(js)) {
    const a = yamlOffset(doc, path);
    const b = fastLocateOffset(fast.root, path);
    if (a !== b) return `locate ${JSON.stringify(path)}: yaml ${a}, fast ${b}`;
  }
  return 'fast';
}

describe('frontmatter fast path', () => {
  it('reads the fixtures and the seed content exactly as yaml does', () => {
    const results = FRONTMATTERS.map(compare);
    expect(results.filter((r) => r !== 'fast' && r !== 'slow')).toEqual([]);
    // It is a fast path only if it takes the common case.
    expect(results.filter((r) => r === 'fast').length).toBeGreaterThan(FRONTMATTERS.length * 0.8);
  });

  it('agrees with yaml on edge cases, or leaves them to yaml', () => {
    const cases = [
      'a:\n  - b: 1\n# c\n    c: 2',
      'a:\n  b: 1\n # c\n  c: 2',
      'a:   # c\n  - 1\n  # c\n  - 2',
      'k:\n- a: 1\n  b: 2\n- c',
      'a:\n\n  b: 1',
      'a: "x\\"y\\u00e9\\n"',
      "a: 'x''y'",
      'a: [ "x" , y, \'z\' ]',
      "a: [it's, b]",
      'a: b c  ',
      'a: x\u00a0',
      'a: [x\u3000, y]',
      'a: x\u000b',
      'a: C#',
      'a: x #c',
      'a: ~',
      'a: Null',
      'a: nUll',
      'a: TRUE',
      'a: tRue',
      'a: 0',
      'a: 007',
      'a: -1',
      'a: +1',
      'a: 0o7',
      'a: 0x1F',
      'a: 1.5',
      'a: 1e3',
      'a: .inf',
      'a: .nan',
      'a: 1234567890123456789',
      'a: 2016-01-06',
      'a: 12:30',
      'a: https://x.y/z',
      'a: x :y',
      'a: {}  # c',
      'a: []',
      'a: [ ]',
      'a: b: c',
      'a: x:',
      'a: "x"#c',
      'a: "x" y',
      'a: [x]y',
      'a: [a,]',
      'a: [[x]]',
      'a: {b: 1}',
      'a: &x 1\nb: *x',
      'a: !!str 1',
      'a: |\n  x',
      'a: >\n  x',
      'a: x\n  y',
      'a: "x\n  y"',
      'a: 1\na: 2',
      '__proto__: 1',
      'true: 1',
      '- a',
      'a: x\n...',
      'a: x\n---\nb: y',
      '%YAML 1.2\n---\na: 1',
      'a:\n\t- x',
      'a: 1\r\nb: 2',
      '',
      '# only a comment',
      'a:',
      'a:\n- x\nb: 1',
      'a:\n  - x\n  b: 1',
      'a:\n    b: 1\n  c: 2',
      '  a: 1',
      'a: -x',
      'a: @x',
      'a: `x`',
    ];
    const results = cases.map((c) => [c, compare(c)]);
    expect(results.filter(([, r]) => r !== 'fast' && r !== 'slow')).toEqual([]);
    expect(results.filter(([, r]) => r === 'fast').length).toBeGreaterThan(30);
  });

  it('agrees with yaml on random edits of real frontmatter', () => {
    const insert = fc.constantFrom(
      ' ',
      '  ',
      '#',
      ' #',
      ':',
      ': ',
      '-',
      '- ',
      '"',
      "'",
      '\\',
      '[',
      ']',
      '{',
      '}',
      ',',
      '\n',
      '\n  ',
      '\n- ',
      'x',
      '0',
      '.',
      '~',
      'null',
      '&a ',
      '*a',
      '!',
      '|',
      '>',
      'é',
      '\t',
      '\\u00',
      '\\n',
      "''",
      'a: b\n',
      '\u00a0',
      '\u3000',
      '\u2028',
      '\u0085',
      '\r',
      '---',
    );
    const edit = fc.record({ at: fc.nat(), remove: fc.nat({ max: 4 }), text: insert });
    let fast = 0;
    fc.assert(
      fc.property(fc.constantFrom(...FRONTMATTERS), fc.array(edit, { minLength: 1, maxLength: 3 }), (src, edits) => {
        let s = src;
        for (const e of edits) {
          const at = e.at % (s.length + 1);
          s = s.slice(0, at) + e.text + s.slice(at + e.remove);
        }
        const r = compare(s);
        if (r === 'fast') fast++;
        expect(r === 'fast' || r === 'slow' ? 'ok' : `${JSON.stringify(s)}: ${r}`).toBe('ok');
      }),
      { numRuns: 3000 },
    );
    expect(fast).toBeGreaterThan(300);
  });

  it('gives parseEntry the same frontmatter, problems and locations with and without the fast path', () => {
    const text = readFileSync(join(ROOT, 'tests/fixtures/check/kb/incidents/ignored.md'), 'utf8');
    const entry = parseEntry(text, 'ignored.md', 'incident');
    expect(entry.yamlProblems).toEqual([]);
    expect(entry.frontmatter?.severity).toBe('SEV9');
    expect(entry.frontmatter?.started).toBe('2030-01-10T09:00'); // YAML 1.2: a string, not a Date
    expect(entry.locate(['severity'])).toEqual({ line: 8, column: 1 });
    expect(entry.locate(['action_items', 0, 'due'])).toEqual({ line: 28, column: 5 });
    expect(entry.locate(['action_items', 0, 'nope'])).toEqual({ line: 24, column: 5 });
    expect(entry.yaml?.errors).toEqual([]); // built on demand
  });
});
