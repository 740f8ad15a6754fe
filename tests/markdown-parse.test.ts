/**
 * Sätteri's parser replaced micromark (remark-parse + remark-gfm +
 * remark-frontmatter) for plain markdown. It must hand our plugins, check and
 * the loader the same mdast: same nodes, same values, same positions.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node } from 'unist';
import { parseMarkdownTree } from '../src/core/markdown/parse.ts';

function mdFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return mdFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}

/** Key order aside. micromark's GFM autolink literals carry no positions (Sätteri's do), so those are not compared. */
function normal(node: Node & { children?: Node[]; [key: string]: unknown }): unknown {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort()) {
    if (key === 'data') continue;
    if (key === 'children') out.children = node.children!.map((c) => normal(c as never));
    else if (key === 'position')
      out.position =
        node.type === 'text' || node.type === 'link'
          ? undefined
          : JSON.parse(JSON.stringify(node.position, ['start', 'end', 'line', 'column', 'offset']));
    else out[key] = node[key];
  }
  return out;
}

const same = (text: string, frontmatter = true) =>
  expect(normal(parseMarkdownTree(text, { parser: 'satteri', frontmatter }) as never)).toEqual(
    normal(parseMarkdownTree(text, { parser: 'micromark', frontmatter }) as never),
  );

describe('Sätteri parses like micromark', () => {
  const files = [...mdFiles('tests/fixtures'), ...mdFiles('content')];

  it('finds the fixtures', () => expect(files.length).toBeGreaterThan(40));

  it('really runs two parsers (they order node keys differently)', () => {
    const keys = (parser: 'satteri' | 'micromark') =>
      Object.keys((parseMarkdownTree('see\n', { parser }).children[0] as unknown as { children: Node[] }).children[0]);
    expect(keys('micromark')).toEqual(['type', 'value', 'position']);
    expect(keys('satteri')).toEqual(['type', 'position', 'value']);
  });

  it.each(files)('%s', (file) => same(readFileSync(file, 'utf8')));

  it.each([
    ['CRLF line endings', '---\r\nid: X\r\n---\r\n\r\n## Timeline\r\n\r\n- `10:00` a\r\n'],
    ['Hangul and astral characters before inline nodes', '# 제목 😀 `코드` **굵게** [링크](/x/)\n'],
    ['GFM table, task list, strikethrough, footnote', '| a | b |\n|---|:-:|\n| 1 | 2 |\n\n- [ ] t\n- [x] u\n\n~~s~~ a[^1]\n\n[^1]: note\n'],
    ['raw HTML and comments', '<div>\n*x*\n</div>\n\n<!-- kb-ignore secret/x: test key -->\n'],
    ['autolink literals', 'www.example.com, https://x.y/z?q=1. and ops@example.com\n'],
    ['indented and fenced code', '\tcode\n\n~~~sql\nselect 1;\n~~~\n'],
  ])('%s', (_, text) => same(text));

  it('leaves a leading --- to the body when frontmatter is off (Astro passes the body alone)', () => {
    same('---\ntitle: x\n---\n\ntext\n', false);
    expect(parseMarkdownTree('---\na: 1\n---\n', { frontmatter: false }).children[0].type).toBe('thematicBreak');
  });

  it('keeps MDX on remark-mdx', () => {
    expect(() => parseMarkdownTree('<Foo bar={1} />\n', { mdx: true })).not.toThrow();
    expect(parseMarkdownTree('<Foo bar={1} />\n', { mdx: true }).children[0].type).toBe('mdxJsxFlowElement');
  });
});
