/**
 * One message as a canonical timeline item:
 *
 *     - `23:41` mina: checkout is throwing 5xx, I'm taking IC.
 *     - `23:42` **PagerDuty** (alert, triggered): #4172 Checkout 5xx rate above 5%
 *     - `2024-03-06 00:05` **deploy-bot** (bot): v2.14.1 is live
 *
 * People are `name:`, bots `**name** (bot):`, alerts `**name** (alert, status):`.
 * A long message (over 280 characters of prose, or more than two paragraphs) shows its
 * first paragraph (or sentence) and keeps the whole text in a nested quote;
 * code stays a fenced code block; thread replies are nested items.
 */
import type { SourceKind, SourceMessage } from './sources/index.ts';

export const LONG_CHARS = 280;
const HEAD_CHARS = 200;

const ALERT_SOURCE_NAMES: Partial<Record<SourceKind, string>> = {
  'pagerduty-csv': 'PagerDuty',
  'pagerduty-json': 'PagerDuty',
  alertmanager: 'Alertmanager',
};

/** Markdown-safe name: emphasis and link characters escaped. */
const escapeName = (name: string) => name.replace(/([\\`*_[\]<>{}|#])/g, '\\$1').replace(/\s+/g, ' ');

export interface Prefix {
  /** As written in markdown. */
  markdown: string;
  /** As the timeline parser reads it back (plain text), to match it in later runs. */
  plain: string;
}

/** The author part of an item, by kind. */
export function prefixOf(m: SourceMessage, source: SourceKind): Prefix {
  const alertName = ALERT_SOURCE_NAMES[source] ?? m.author ?? 'alert';
  if (m.kind === 'alert') {
    const label = `(alert${m.status ? `, ${m.status}` : ''})`;
    return { markdown: `**${escapeName(alertName)}** ${label}: `, plain: `${alertName} ${label}: ` };
  }
  if (m.kind === 'bot') {
    const name = m.author ?? 'bot';
    return { markdown: `**${escapeName(name)}** (bot): `, plain: `${name} (bot): ` };
  }
  return m.author ? { markdown: `${escapeName(m.author)}: `, plain: `${m.author}: ` } : { markdown: '', plain: '' };
}

type Block = { type: 'prose'; lines: string[] } | { type: 'code'; info: string; lines: string[] };

/** A message's text as prose paragraphs and fenced code blocks. */
export function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let prose: string[] = [];
  const endProse = () => {
    if (prose.length) blocks.push({ type: 'prose', lines: prose });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*(`{3,}|~{3,})\s*([^`\s]*)/.exec(lines[i]);
    if (open) {
      endProse();
      const close = new RegExp(`^\\s*${open[1][0] === '`' ? '`' : '~'}{${open[1].length},}\\s*$`);
      const code: string[] = [];
      for (i++; i < lines.length && !close.test(lines[i]); i++) code.push(lines[i]);
      blocks.push({ type: 'code', info: open[2], lines: code });
    } else if (!lines[i].trim()) endProse();
    else prose.push(lines[i].trim());
  }
  endProse();
  return blocks;
}

/**
 * Prose that stays text in markdown and MDX: `<` before a tag-like character and,
 * in MDX, every `<`, `{` and `}` are escaped (not in inline code); a line cannot
 * become a heading.
 */
export function escapeProse(line: string, mdx: boolean): string {
  // MDX reads every `<` and `{` as the start of JSX or an expression, markdown only a `<` before a tag-like character.
  const special = (c: string, next: string | undefined) =>
    mdx ? c === '<' || c === '{' || c === '}' : c === '<' && /[A-Za-z/!?]/.test(next ?? '');
  if (!/[<{}#=-]/.test(line)) return line;
  let out = line
    .split(/(`+[^`]*`+)/)
    .map((part, i) => {
      if (i % 2 === 1) return part; // inline code stays as it is
      let escaped = '';
      for (let j = 0; j < part.length; j++) {
        const backslashed = j > 0 && part[j - 1] === '\\';
        escaped += !backslashed && special(part[j], part[j + 1]) ? `\\${part[j]}` : part[j];
      }
      return escaped;
    })
    .join('');
  // Not a heading: neither an underline (`---`, `===`) nor `# title` on a line of its own.
  if (/^\s*(?:=+|-+)\s*$/.test(out) || /^\s*#{1,6}(?:\s|$)/.test(out)) out = `\\${out.trimStart()}`;
  return out;
}

function fence(lines: string[]): string {
  const longest = Math.max(2, ...lines.map((l) => Math.max(0, ...[...l.matchAll(/`+/g)].map((m) => m[0].length))));
  return '`'.repeat(longest + 1);
}

function codeLines(block: Extract<Block, { type: 'code' }>): string[] {
  const f = fence(block.lines);
  return [`${f}${block.info}`, ...block.lines, f];
}

/** The first sentence of a long paragraph, cut at a word near HEAD_CHARS when it is longer. */
function shorten(text: string): string {
  const sentence = /^(.{20,}?[.!?。])(?:\s|$)/u.exec(text)?.[1];
  if (sentence && sentence.length <= HEAD_CHARS) return sentence;
  const cut = text.slice(0, HEAD_CHARS);
  const space = cut.lastIndexOf(' ');
  return `${(space > HEAD_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export interface Rendered {
  /** The head: the item's first line after the time and marker (its continuation lines follow it). */
  head: string[];
  /** Nested blocks under the head, unindented. */
  details: string[];
  /** True when the head is a shortened form of the text. */
  shortened: boolean;
}

/** Split a message into what the item line shows and what nests under it. */
export function renderText(text: string, mdx: boolean): Rendered {
  const blocks = blocksOf(text);
  const prose = blocks.filter((b): b is Extract<Block, { type: 'prose' }> => b.type === 'prose');
  const proseChars = prose.reduce((n, b) => n + b.lines.join(' ').length, 0);
  const long = prose.length > 2 || proseChars > LONG_CHARS || (prose[0]?.lines.length ?? 0) > 4;
  const first = blocks[0];
  let head: string[];
  let shortened = false;
  if (first?.type !== 'prose') head = ['(code)'];
  else if (first.lines.join(' ').length > LONG_CHARS || first.lines.length > 4) {
    head = [shorten(first.lines.join(' '))];
    shortened = true;
  } else {
    head = first.lines;
    shortened = long;
  }
  head = head.map((l) => escapeProse(l, mdx));
  let details: string[];
  if (long) {
    // The whole message, quoted: its code still fenced, its paragraphs still paragraphs.
    details = blocks.flatMap((b, i) => [
      ...(i ? ['>'] : []),
      ...(b.type === 'code' ? codeLines(b) : b.lines.map((l) => escapeProse(l, mdx))).map((l) => (l ? `> ${l}` : '>')),
    ]);
  } else
    details = blocks
      .slice(first?.type === 'prose' ? 1 : 0)
      .flatMap((b) => (b.type === 'code' ? codeLines(b) : b.lines.map((l) => escapeProse(l, mdx))));
  return { head, details, shortened };
}

export interface ItemInput {
  label: string;
  marker?: string;
  prefix: Prefix;
  rendered: Rendered;
  replies: ItemInput[];
}

/** The item's lines: bullet, time, marker, author and head, then details and replies indented under it. */
export function itemLines(item: ItemInput, bullet: string): string[] {
  const indent = ' '.repeat(bullet.length + 1);
  const [first, ...rest] = item.rendered.head;
  const lead = `${bullet} \`${item.label}\` ${item.marker ? `[${item.marker}] ` : ''}${item.prefix.markdown}`;
  // Text that would read as a marker (`[resolved] …`) right after the time is escaped.
  const head = item.prefix.markdown || item.marker ? first : first.replace(/^\[/, '\\[');
  const lines = [`${lead}${head}`.trimEnd()];
  for (const l of rest) lines.push(`${indent}${l}`);
  for (const l of item.rendered.details) lines.push(l ? `${indent}${l}` : '');
  for (const r of item.replies) for (const l of itemLines(r, '-')) lines.push(l ? `${indent}${l}` : '');
  return lines;
}
