/** `blameless`: wording that blames people, in the frontmatter and the body's prose (not in code). */
import type { Nodes } from 'mdast';
import { phrasePrefilter, phraseRegex } from './phrases.ts';
import type { Rule } from '../types.ts';

const regexes = new WeakMap<readonly string[], RegExp | undefined>();
const prefilters = new WeakMap<readonly string[], ((text: string) => boolean) | undefined>();

/** Offset ranges of prose: text nodes outside code and HTML. */
function proseRanges(node: Nodes, into: [number, number][]): void {
  if (node.type === 'text') {
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    if (s !== undefined && e !== undefined) into.push([s, e]);
    return;
  }
  if ('children' in node) for (const c of node.children as Nodes[]) proseRanges(c, into);
}

export const blamelessRule: Rule = {
  docs: [
    {
      id: 'blameless',
      level: 'warn',
      doc: 'Wording that blames a person ("human error", "X\'s fault", "휴먼 에러"; `blameless_phrases` in config): describe the conditions instead.',
    },
  ],
  checkFile({ file, config, position, report }) {
    if (!regexes.has(config.blameless_phrases)) regexes.set(config.blameless_phrases, phraseRegex(config.blameless_phrases));
    const re = regexes.get(config.blameless_phrases);
    if (!re) return;
    if (!prefilters.has(config.blameless_phrases)) prefilters.set(config.blameless_phrases, phrasePrefilter(config.blameless_phrases));
    if (!prefilters.get(config.blameless_phrases)!(file.text)) return; // no phrase anywhere in the file
    const ranges: [number, number][] = [];
    const yamlNode = file.parsed.tree.children[0];
    if (yamlNode?.type === 'yaml' && yamlNode.position) {
      // Frontmatter lines, without YAML comments.
      let offset = yamlNode.position.start.offset ?? 0;
      for (const line of file.text.slice(offset, yamlNode.position.end.offset).split('\n')) {
        const hash = line.search(/(^|\s)#/);
        ranges.push([offset, offset + (hash >= 0 ? hash : line.length)]);
        offset += line.length + 1;
      }
    }
    proseRanges(file.parsed.tree, ranges);
    for (const [s, e] of ranges) {
      const chunk = file.text.slice(s, e);
      re.lastIndex = 0;
      for (const m of chunk.matchAll(re)) {
        report({
          ruleId: 'blameless',
          ...position(s + m.index),
          message: `"${m[0]}" blames a person; describe what in the system let it happen (see the blameless post-mortem guidance)`,
        });
      }
    }
  },
};
