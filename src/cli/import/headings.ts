/** Headings in the source: which language new ones get, and bold labels that act as headings. */
import type { Heading, Paragraph, PhrasingContent } from 'mdast';
import { toString as nodeText } from 'mdast-util-to-string';
import { matchSection } from '../../core/markdown/sections.ts';
import type { SourceText } from './source.ts';

/** `**Root cause:**` alone (or opening a paragraph) → a real heading. */
export function pseudoHeading(
  p: Paragraph,
  src: SourceText,
  depth: number,
): { heading: Heading; label: string; rest?: { node: Paragraph; text: string } } | undefined {
  const [first, ...others] = p.children;
  if (!first || (first.type !== 'strong' && first.type !== 'emphasis')) return undefined;
  if (first.type === 'emphasis' && others.length) return undefined;
  let label = nodeText(first).trim();
  let colon = /[:：]$/.test(label);
  label = label.replace(/\s*[:：]$/, '').trim();
  let restStart = src.end(first);
  const next = others[0];
  if (next?.type === 'text') {
    const m = next.value.match(/^\s*[:：]/);
    if (m) {
      colon = true;
      restStart = src.end(first) + src.text.slice(src.end(first)).indexOf(':') + 1;
      if (src.text[restStart - 1] !== ':') restStart = src.end(first) + src.text.slice(src.end(first)).search(/[:：]/) + 1;
    }
  }
  if (!label || !matchSection(label)) return undefined;
  const restText = src.text.slice(restStart, src.end(p)).trim();
  if (restText && !colon) return undefined;
  const heading: Heading = {
    type: 'heading',
    depth: depth as Heading['depth'],
    children: [{ type: 'text', value: label }],
    position: p.position,
  };
  if (!restText) return { heading, label };
  const restChildren =
    others.length && others[0].type === 'text'
      ? [{ ...others[0], value: others[0].value.replace(/^\s*[:：]?\s*/, '') }, ...others.slice(1)]
      : others;
  const node: Paragraph = { type: 'paragraph', children: restChildren as PhrasingContent[], position: p.position };
  return { heading, label, rest: { node, text: restText } };
}
