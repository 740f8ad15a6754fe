import type { List, PhrasingContent, Root } from 'mdast';
import type { VFile } from 'vfile';
import { findSection, sectionLists, splitSections } from '../../core/markdown/extract.ts';
import { entryContext } from './context.ts';

/** Split inline content after the first `?`: the question, then the answer. */
function splitAtQuestionMark(inlines: PhrasingContent[]): [PhrasingContent[], PhrasingContent[]] | undefined {
  for (let i = 0; i < inlines.length; i++) {
    const node = inlines[i];
    if (node.type !== 'text') continue;
    const at = node.value.search(/[?？]/);
    if (at === -1) continue;
    const before = node.value.slice(0, at + 1);
    const after = node.value.slice(at + 1).replace(/^\s*(?:[—–→:：]|-{1,2}|=>)?\s*/u, '');
    const q = [...inlines.slice(0, i), { ...node, value: before }];
    const a = [...(after ? [{ ...node, value: after }] : []), ...inlines.slice(i + 1)];
    return [q, a as PhrasingContent[]];
  }
  return undefined;
}

/** Renders the 5 whys as a visible chain: numbered steps, each a question and its answer. */
export function remarkFiveWhys() {
  return (tree: Root, file: VFile) => {
    if (entryContext(file).kind !== 'incident') return;
    const slice = findSection(splitSections(tree, 'incident'), 'five-whys');
    if (!slice || slice.empty) return;
    // one chain per list: a review may ask why about several problems
    for (const list of sectionLists(slice)) {
      list.data = { ...list.data, hName: 'ol', hProperties: { className: ['kb-whys'] } };
      styleChain(list);
    }
  };
}

function styleChain(list: List): void {
  for (const item of list.children) {
    item.data = { ...item.data, hProperties: { className: ['kb-why'] } };
    const para = item.children[0];
    if (para?.type !== 'paragraph') continue;
    const split = splitAtQuestionMark(para.children);
    const span = (cls: string, children: PhrasingContent[]) =>
      ({ type: 'kbWhyPart', data: { hName: 'span', hProperties: { className: [cls] } }, children }) as unknown as PhrasingContent;
    para.children = split ? [span('kb-why__q', split[0]), span('kb-why__a', split[1])] : [span('kb-why__a', para.children)];
  }
}
