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

/** The document's language, for zones written as offsets and the headings the importer adds. */
export type DocLang = 'en' | 'ko' | 'ja';
export function detectDocLang(text: string): DocLang {
  const kana = (text.match(/[\u3040-\u30ff]/g) ?? []).length;
  const hangul = (text.match(/[\uAC00-\uD7A3]/g) ?? []).length;
  if (kana > 20 && kana >= hangul) return 'ja';
  if (hangul > 20) return 'ko';
  return 'en';
}

/** Inline markdown as plain text: emphasis, code and strike markers and link targets removed. */
export function plainInline(md: string): string {
  return md
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|__|~~|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every non-empty line indented by `n` spaces: a block moved under a list item. */
export function indent(block: string, n = 2): string {
  const spaces = ' '.repeat(n);
  return block
    .split('\n')
    .map((l) => (l.trim() ? spaces + l : l))
    .join('\n');
}

/** Lines moved left by up to `n` spaces: a nested block moved to the top level. */
export function dedent(block: string, n: number): string {
  return block
    .split('\n')
    .map((l) => l.replace(new RegExp(`^ {0,${n}}`), ''))
    .join('\n');
}
