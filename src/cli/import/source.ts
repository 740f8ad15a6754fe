/**
 * The source text as the importer sees it: a parsed tree plus the original
 * text, so every block can be written back exactly as it was (code blocks stay
 * byte-identical) with only the few edits the conversion needs.
 */
import type { Nodes } from 'mdast';

export interface Edit {
  start: number;
  end: number;
  text: string;
}

export class SourceText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }

  start(node: Nodes): number {
    return node.position?.start.offset ?? 0;
  }

  end(node: Nodes): number {
    return node.position?.end.offset ?? 0;
  }

  /** Offset of the start of the node's line when only blanks precede it there, so indentation is kept. */
  lineStart(offset: number): number {
    const ls = this.text.lastIndexOf('\n', offset - 1) + 1;
    return /^[ \t]*$/.test(this.text.slice(ls, offset)) ? ls : offset;
  }

  /** The node's source, from its line start, with non-overlapping edits applied. */
  block(node: Nodes, edits: Edit[] = []): string {
    return this.slice(this.lineStart(this.start(node)), this.end(node), edits);
  }

  slice(start: number, end: number, edits: Edit[] = []): string {
    let out = '';
    let at = start;
    for (const e of [...edits].sort((a, b) => a.start - b.start)) {
      if (e.start < at || e.end > end) continue;
      out += this.text.slice(at, e.start) + e.text;
      at = e.end;
    }
    return out + this.text.slice(at, end);
  }

  /** The inline source of a node with children (a heading's text without its `#`s). */
  inner(node: Nodes): string {
    const kids = 'children' in node ? (node.children as Nodes[]) : [];
    if (!kids.length) return '';
    return this.text.slice(this.start(kids[0]), this.end(kids[kids.length - 1])).replace(/\s*\n\s*/g, ' ');
  }
}
