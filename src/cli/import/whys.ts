/** The source's 5 whys → `N. question? — answer` items, from lists, Q/A lines or Why/Because paragraphs. */
import type { RootContent } from 'mdast';
import { isPlaceholderOnly } from '../../core/markdown/extract.ts';
import type { SourceText } from './source.ts';

const WHY_LABEL =
  /^\s*(?:\*\*|__)?\s*(?:why|왜)\s*#?\d+\s*[:：.)]?\s*(?:\*\*|__)?\s*|^\s*(?:\*\*|__)?\s*(?:why|왜|Q\d*|질문)\s*[:：]\s*(?:\*\*|__)?\s*/i;
const ANSWER_LABEL = /^\s*(?:\*\*|__)?\s*(?:because|answer|a\d*|답변?|이유)\s*\d*\s*[:：]\s*(?:\*\*|__)?\s*/i;
const ANSWER_WORD = /^\s*(?:\*\*|__)?\s*(?:because|왜냐하면)\b/i;

/** One line of a why chain, as inline markdown: a question, an answer, or both. */
function whyLine(raw: string): { q?: string; a?: string } | undefined {
  const line = raw.trim();
  if (!line) return undefined;
  const qa = line.match(
    /^(?:\*\*|__)?\s*(?:Q\d*|질문|why\s*\d*|왜)\s*[:：]\s*(?:\*\*|__)?\s*(.+?)\s*(?:\*\*|__)?\s*(?:A\d*|답변?|이유|because)\s*[:：]\s*(?:\*\*|__)?\s*(.+)$/iu,
  );
  if (qa) return { q: qa[1].trim(), a: qa[2].trim() };
  if (ANSWER_LABEL.test(line)) return { a: line.replace(ANSWER_LABEL, '').trim() };
  if (ANSWER_WORD.test(line)) return { a: line };
  const stripped = line.replace(WHY_LABEL, '').trim();
  const labelled = stripped !== line;
  const qm = stripped.match(/^(.+?[?？])(?:\s*(?:\*\*|__))?\s*(?:—|–|->|→|=>|:|-{1,2})?\s*(.*)$/u);
  if (qm) return { q: qm[1].trim(), a: qm[2].trim() || undefined };
  if (labelled) return { q: stripped };
  return undefined;
}

/**
 * Rewrites simple why lists and Why/Because paragraphs into the `N. question? — answer`
 * list. Items with nested content, and anything that doesn't read as a why chain, are kept as written.
 */
export function renderWhys(nodes: RootContent[], src: SourceText, plain: (n: RootContent) => string): { blocks: string[]; count: number } {
  const blocks: string[] = [];
  let count = 0;
  let i = 0;
  const pairsToList = (pairs: { q?: string; a?: string }[]) =>
    pairs.map((p, k) => `${k + 1}. ${p.q && p.a ? `${p.q} — ${p.a}` : (p.q ?? p.a)}`).join('\n');
  const pairUp = (lines: { q?: string; a?: string }[]): { q?: string; a?: string }[] | undefined => {
    const pairs: { q?: string; a?: string }[] = [];
    for (const l of lines) {
      const last = pairs[pairs.length - 1];
      if (l.q) pairs.push({ ...l });
      else if (last?.q && !last.a) last.a = l.a;
      else return undefined;
    }
    return pairs.length ? pairs : undefined;
  };
  while (i < nodes.length) {
    const node = nodes[i];
    if (node.type === 'list') {
      const simple = node.children.every((it) => it.children.length === 1 && it.children[0].type === 'paragraph');
      const placeholder = isPlaceholderOnly([node]);
      if (simple && !placeholder) {
        const lines = node.children.map((it) => src.inner(it.children[0]));
        const parsed = lines.map(whyLine);
        const pairs = parsed.every(Boolean) ? pairUp(parsed as { q?: string; a?: string }[]) : undefined;
        if (pairs) {
          blocks.push(pairsToList(pairs));
          count += pairs.length;
        } else {
          // Statements without a question: numbered, text untouched.
          blocks.push(lines.map((l, k) => `${k + 1}. ${l}`).join('\n'));
          count += lines.length;
        }
      } else {
        blocks.push(plain(node));
        if (!placeholder) count += node.children.length;
      }
      i++;
      continue;
    }
    if (node.type === 'paragraph') {
      // Gather consecutive paragraphs and read them line by line as Why/Because pairs.
      let j = i;
      const lines: string[] = [];
      while (j < nodes.length && nodes[j].type === 'paragraph') {
        lines.push(...src.slice(src.start(nodes[j]), src.end(nodes[j])).split('\n'));
        j++;
      }
      const parsed = lines.filter((l) => l.trim()).map((l) => whyLine(l.replace(/\\$/, '').replace(/ {2,}$/, '')));
      const pairs = parsed.every(Boolean) ? pairUp(parsed as { q?: string; a?: string }[]) : undefined;
      if (pairs?.some((p) => p.q && p.a)) {
        blocks.push(pairsToList(pairs));
        count += pairs.length;
        i = j;
        continue;
      }
    }
    blocks.push(plain(node));
    i++;
  }
  return { blocks, count };
}
