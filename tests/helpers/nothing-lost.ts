/**
 * The "nothing is lost" property of `npm run import`, shared by tests/import.test.ts
 * (every fixture) and tests/import-world.test.ts (the figures): every leaf block
 * of the source (paragraph, heading, table cell, code, HTML, image) is in the
 * output, words compared without whitespace, punctuation, markdown syntax or
 * time expressions, code byte for byte.
 */
import type { Nodes, Root } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { cleanHeading } from '../../src/core/markdown/sections.ts';

export const codeValues = (tree: Root) => {
  const out: string[] = [];
  const walk = (n: Nodes) => {
    if (n.type === 'code') out.push(n.value);
    if ('children' in n) (n.children as Nodes[]).forEach(walk);
  };
  walk(tree);
  return out;
};

/** Words only: whitespace, punctuation, markdown syntax and time expressions removed. */
export const norm = (s: string) =>
  s
    .normalize('NFC')
    .replace(
      /(?:\d{4}-\d{2}-\d{2}\s*)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:AM|PM|UTC|KST))?|(?:오전|오후)?\s*\d{1,2}\s*시(?:\s*\d{1,2}\s*분)?/g,
      '',
    )
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase();

export interface SourceBlock {
  kind: string;
  text: string;
}

/** Every leaf block of a document: paragraphs, headings, code, HTML, table cells, images. */
export function leafBlocks(tree: Root): SourceBlock[] {
  const out: SourceBlock[] = [];
  const walk = (n: Nodes, inHeaderRow = false) => {
    switch (n.type) {
      case 'yaml':
      case 'thematicBreak':
        return;
      case 'code':
      case 'html':
        out.push({ kind: n.type, text: n.value });
        return;
      case 'paragraph':
      case 'heading':
        out.push({ kind: n.type, text: nodeText(n) });
        break;
      case 'tableCell':
        out.push({ kind: inHeaderRow ? 'headerCell' : 'tableCell', text: nodeText(n) });
        return;
      case 'image':
        out.push({ kind: 'image', text: n.url });
        return;
      case 'table':
        for (const [i, row] of n.children.entries()) for (const c of row.children) walk(c, i === 0);
        return;
    }
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
  };
  walk(tree);
  return out;
}

/** The source's blocks that are not in the output (`kind: first 80 characters`). */
export function missingBlocks(source: Root, out: { title: string; tree: Root }): string[] {
  const outHtml = leafBlocks(out.tree)
    .filter((b) => b.kind === 'html')
    .map((b) => b.text);
  const outCode = codeValues(out.tree);
  const outImages = leafBlocks(out.tree)
    .filter((b) => b.kind === 'image')
    .map((b) => b.text);
  const haystack = norm(`${out.title}\n${nodeText(out.tree)}`);
  const missing: string[] = [];
  for (const b of leafBlocks(source)) {
    const found =
      b.kind === 'code'
        ? outCode.includes(b.text) // byte-identical
        : b.kind === 'html'
          ? outHtml.includes(b.text)
          : b.kind === 'image'
            ? outImages.includes(b.text)
            : // Column names of a timeline table become the list format; all their cells are checked.
              b.kind === 'headerCell'
              ? true
              : // Headings lose their numbering ("1. 개요" → "개요"): sections may be reordered.
                b.kind === 'heading'
                ? haystack.includes(norm(cleanHeading(b.text)))
                : haystack.includes(norm(b.text));
    if (!found) missing.push(`${b.kind}: ${b.text.slice(0, 80)}`);
  }
  return missing;
}
