/**
 * The source's 5 whys → `N. question? — answer` items, from lists
 * (`1. Why …? - answer`, `- **Why …?** - answer`, several lists for several
 * problems), Q/A lines (`**Q1. 왜 …?**` / `A. …`) or Why/Because paragraphs.
 * Labels the source wrote (`Q1.`, `A.`) stay in the text; only markup and the
 * separator change. A why chain found in another section (a list of "Why …?"
 * items under Root Cause) is found by `whyChainIn`.
 */
import type { List, RootContent } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { isPlaceholderOnly } from '../../core/markdown/extract.ts';
import type { SourceText } from './source.ts';
import { plainInline } from './text.ts';

const BOLD = /^(?:\*\*|__)([\s\S]*)(?:\*\*|__)$/;
const WHY_LABEL =
  /^\s*(?:\*\*|__)?\s*(?:why|왜|なぜ)\s*#?\d+\s*[:：.)]\s*(?:\*\*|__)?\s*|^\s*(?:\*\*|__)?\s*(?:why|왜|Q\d*|질문)\s*[:：]\s*(?:\*\*|__)?\s*|^\s*(?:\*\*|__)?\s*Q\d+\s*[.)]\s*(?:\*\*|__)?\s*/iu;
const ANSWER_LABEL = /^\s*(?:\*\*|__)?\s*(?:because|answer|a\d*|답변?|이유)\s*\d*\s*[:：.]\s*(?:\*\*|__)?\s*/iu;
const ANSWER_WORD = /^\s*(?:\*\*|__)?\s*(?:because|왜냐하면)\b/iu;
/** A question that asks why: "Why …?", "왜 …?", "なぜ…？", with an optional label. */
const ASKS_WHY = /^(?:(?:Q\d*|why\s*#?\d+)\s*[.:：)]\s*)?(?:why|왜|なぜ)/iu;

/** One why step: the question and answer as written (markup off), and the question without its label. */
export interface WhyStep {
  q?: string;
  a?: string;
  /** The question without a `Q1.` / `Why 1:` label, for the report. */
  question?: string;
}

const unbold = (s: string) => s.trim().replace(BOLD, '$1').trim();

/** One line of a why chain, as inline markdown: a question, an answer, or both. */
function whyLine(raw: string): WhyStep | undefined {
  const line = raw.trim();
  if (!line) return undefined;
  const qa = line.match(
    /^(?:\*\*|__)?\s*((?:Q\d*|질문|why\s*\d*|왜)\s*[:：]\s*(?:\*\*|__)?\s*.+?)\s*(?:\*\*|__)?\s*((?:A\d*|답변?|이유|because)\s*[:：]\s*(?:\*\*|__)?\s*.+)$/iu,
  );
  if (qa) return step(qa[1], qa[2]);
  if (ANSWER_LABEL.test(line) || ANSWER_WORD.test(line)) return { a: unbold(line) };
  const labelled = WHY_LABEL.test(line);
  const qm = line.match(/^(.+?[?？])((?:\s*(?:\*\*|__))?)\s*(?:—|–|->|→|=>|:|-{1,2})?\s*(.*)$/u);
  if (qm) {
    // `**Why …?** - answer`: the question's markup closes after the question mark
    const q = qm[2] ? qm[1].replace(/^(?:\*\*|__)/, '') : qm[1];
    return step(q, qm[3]);
  }
  if (labelled) return step(line, '');
  return undefined;
}

function step(q: string, a: string): WhyStep {
  const question = unbold(q);
  return {
    q: question,
    question: question
      .replace(WHY_LABEL, '')
      .replace(/(?:\*\*|__)$/, '')
      .trim(),
    ...(a.trim() ? { a: unbold(a) } : {}),
  };
}

/** Pair question lines with the answer lines after them; undefined when the lines are not a chain. */
function pairUp(lines: (WhyStep | undefined)[]): WhyStep[] | undefined {
  if (!lines.every(Boolean)) return undefined;
  const pairs: WhyStep[] = [];
  for (const l of lines as WhyStep[]) {
    const last = pairs[pairs.length - 1];
    if (l.q) pairs.push({ ...l });
    else if (last?.q && !last.a) last.a = l.a;
    else return undefined;
  }
  return pairs.length ? pairs : undefined;
}

const asList = (pairs: WhyStep[]) => pairs.map((p, k) => `${k + 1}. ${p.q && p.a ? `${p.q} — ${p.a}` : (p.q ?? p.a)}`).join('\n');

/**
 * Rewrites why lists and Q/A or Why/Because paragraphs into `N. question? — answer`
 * lists. Items with nested content, and anything that doesn't read as a why chain, are kept as written.
 */
export function renderWhys(
  nodes: RootContent[],
  src: SourceText,
  plain: (n: RootContent) => string,
): { blocks: string[]; steps: WhyStep[] } {
  const blocks: string[] = [];
  const steps: WhyStep[] = [];
  let i = 0;
  while (i < nodes.length) {
    const node = nodes[i];
    if (node.type === 'list') {
      const simple = node.children.every((it) => it.children.length === 1 && it.children[0].type === 'paragraph');
      const placeholder = isPlaceholderOnly([node]);
      if (simple && !placeholder) {
        const lines = node.children.map((it) => src.inner(it.children[0]));
        const pairs = pairUp(lines.map(whyLine));
        if (pairs) {
          blocks.push(asList(pairs));
          steps.push(...pairs);
        } else {
          // Statements without a question: numbered, text untouched.
          blocks.push(lines.map((l, k) => `${k + 1}. ${l}`).join('\n'));
          steps.push(...lines.map((l) => ({ a: l })));
        }
      } else {
        blocks.push(plain(node));
        if (!placeholder) steps.push(...node.children.map((it) => ({ a: plainInline(nodeText(it)) })));
      }
      i++;
      continue;
    }
    if (node.type === 'paragraph') {
      // Gather consecutive paragraphs and read them line by line as Q/A or Why/Because pairs.
      let j = i;
      const lines: string[] = [];
      while (j < nodes.length && nodes[j].type === 'paragraph') {
        lines.push(...src.slice(src.start(nodes[j]), src.end(nodes[j])).split('\n'));
        j++;
      }
      const pairs = pairUp(lines.filter((l) => l.trim()).map((l) => whyLine(l.replace(/\\$/, '').replace(/ {2,}$/, ''))));
      if (pairs?.some((p) => p.q && p.a)) {
        blocks.push(asList(pairs));
        steps.push(...pairs);
        i = j;
        continue;
      }
    }
    blocks.push(plain(node));
    i++;
  }
  return { blocks, steps };
}

/** A list of three or more "Why …?" items in a section that is not the 5 whys (a chain under Root Cause). */
export function whyChainIn(nodes: RootContent[], src: SourceText): List | undefined {
  return nodes.find(
    (n): n is List =>
      n.type === 'list' &&
      n.children.length >= 3 &&
      n.children.every((it) => {
        const p = it.children[0];
        if (p?.type !== 'paragraph') return false;
        const t = plainInline(src.inner(p));
        return ASKS_WHY.test(t) && /[?？]/.test(t);
      }),
  );
}
