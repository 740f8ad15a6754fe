/** Small readers of the source tree that every part of the importer uses. */
import type { Nodes, RootContent } from 'mdast';
import { isPlaceholderOnly, plainText } from '../../core/markdown/extract.ts';

export const HANGUL = /[\uAC00-\uD7A3]/;

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
export const strList = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? v.split(',') : []).map((x) => str(x)).filter((x): x is string => !!x);
export const pad = (n: number) => String(n).padStart(2, '0');
export const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

/** Prose only (no code, no HTML), for finding dates and severities. */
export function proseText(nodes: readonly Nodes[]): string {
  const out: string[] = [];
  const walk = (n: Nodes) => {
    if (n.type === 'code' || n.type === 'html' || n.type === 'inlineCode' || n.type === 'yaml') return;
    if ('value' in n && typeof n.value === 'string') out.push(n.value);
    if ('children' in n) for (const c of n.children as Nodes[]) walk(c);
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'tableCell') out.push('\n');
  };
  for (const n of nodes) walk(n);
  return out.join('');
}

export function countCode(nodes: readonly Nodes[]): number {
  let n = 0;
  const walk = (x: Nodes) => {
    if (x.type === 'code') n++;
    if ('children' in x) for (const c of x.children as Nodes[]) walk(c);
  };
  nodes.forEach(walk);
  return n;
}

export function fence(content: string, lang: string): string {
  const ticks = '`'.repeat(Math.max(3, ...[...content.matchAll(/`{3,}/g)].map((m) => m[0].length + 1)));
  return `${ticks}${lang}\n${content}\n${ticks}`;
}

export function plainTextOf(nodes: RootContent[] | undefined): string {
  if (!nodes?.length) return '';
  const prose = nodes.filter((n) => n.type !== 'code' && n.type !== 'html' && n.type !== 'table' && n.type !== 'heading');
  if (isPlaceholderOnly(prose)) return '';
  // List items and paragraphs each become a sentence; nested code stays out.
  const parts: string[] = [];
  const walk = (n: Nodes) => {
    if (n.type === 'list' || n.type === 'listItem' || n.type === 'blockquote') (n.children as Nodes[]).forEach(walk);
    else if (n.type === 'paragraph') parts.push(plainText([n as RootContent]));
  };
  prose.forEach(walk);
  return parts.filter(Boolean).join(' ').replace(/\s+/g, ' ').trim();
}
