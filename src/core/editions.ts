/**
 * Public and internal editions from one source. Pure functions, shared by the
 * loader (what the public build stores and renders), the check (unclosed
 * blocks, what a public entry still holds), the leak gate (what must never
 * appear in the public output) and the pages (the edition they show).
 *
 * - An entry is published in the public edition when its `visibility` (or
 *   `editions.default_visibility`) is `public`.
 * - `<!-- internal -->` … `<!-- /internal -->` marks text of a public entry
 *   that only the internal edition shows: HTML comments, so any markdown
 *   renderer (GitHub, an editor preview) hides the markers and no new syntax
 *   or dependency is needed. Blocks work between blocks, inside list items
 *   and inline in a sentence; they do not nest.
 * - The public edition cuts the blocks from the text before it is parsed, so
 *   the HTML and everything extracted from the body (timeline, whys, sections,
 *   steps) never see them, and applies the field rules to the frontmatter.
 */
import { positionFinder } from './position.ts';
import type { Nodes, Root } from 'mdast';
import type { KbConfig } from '../schema/config.ts';
import type { Visibility } from '../schema/common.ts';
import type { EntryKind } from './entry.ts';

export type Edition = 'internal' | 'public';
export const EDITIONS: readonly Edition[] = ['internal', 'public'];

export class EditionError extends Error {}

/** The edition a build or check makes: `--edition` (when given), else `KB_EDITION`, else internal. */
export function editionOf(env: NodeJS.ProcessEnv = process.env, flag?: string): Edition {
  const value = (flag ?? env.KB_EDITION ?? '').trim().toLowerCase();
  if (value === '') return 'internal';
  if ((EDITIONS as readonly string[]).includes(value)) return value as Edition;
  throw new EditionError(`${flag !== undefined ? '--edition' : 'KB_EDITION'} must be internal or public, not "${value}"`);
}

/** The UI text of the marking the internal edition puts on an internal block. */
export const INTERNAL_BLOCK_LABEL: Record<'en' | 'ko', string> = {
  en: 'Internal — cut from the public edition',
  ko: '내부 전용 — 공개판에서는 빠집니다',
};

type EditionsConfig = KbConfig['editions'];

/** `visibility`, or the configured default. */
export function visibilityOf(
  data: Record<string, unknown> | undefined,
  config: { editions: Pick<KbConfig['editions'], 'default_visibility'> },
): Visibility {
  const v = data?.visibility;
  return v === 'public' || v === 'internal' ? v : config.editions.default_visibility;
}

const MARKER = /<!--\s*(\/?)\s*internal\s*-->/gi;
/** A comment that starts like a marker but is not one (`<!-- internal start -->`, `<!-- end internal -->`): it would cut nothing. */
const NEAR_MARKER = /<!--\s*(?:\/|end\b[\s:-]*)?\s*internal\b[\s\S]*?-->/gi;

export interface InternalBlock {
  /** Offsets into the file text: the opening marker's start, the closing marker's end. */
  start: number;
  end: number;
  /** Offsets of the text between the markers. */
  innerStart: number;
  innerEnd: number;
  line: number;
  endLine: number;
}

export interface BlockProblem {
  kind: 'unclosed' | 'stray' | 'nested' | 'malformed';
  line: number;
  column: number;
  /** For `nested`: the line of the next `<!-- internal -->`, met while this one was open. */
  nextLine?: number;
  message: string;
}

/**
 * The markers of a parsed file: only in HTML nodes (block or inline), so a
 * marker shown in a code block is text, not a marker.
 */
function markerOffsets(text: string, tree: Root): { offset: number; end: number; close: boolean; malformed?: string }[] {
  const out: { offset: number; end: number; close: boolean; malformed?: string }[] = [];
  if (!/<!--\s*(?:\/|end\b[\s:-]*)?\s*internal\b/i.test(text)) return out;
  const walk = (node: Nodes) => {
    if (node.type === 'html' && node.position?.start.offset !== undefined && node.position.end.offset !== undefined) {
      const from = node.position.start.offset;
      const raw = text.slice(from, node.position.end.offset);
      for (const m of raw.matchAll(NEAR_MARKER)) {
        const exact = new RegExp(`^${MARKER.source}$`, 'i').exec(m[0]);
        out.push({
          offset: from + m.index,
          end: from + m.index + m[0].length,
          close: exact?.[1] === '/',
          malformed: exact ? undefined : m[0].length > 60 ? `${m[0].slice(0, 57)}…` : m[0],
        });
      }
    }
    if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(tree as Nodes);
  return out.sort((a, b) => a.offset - b.offset);
}

/** Every internal block of a file, and the markers that do not pair up. */
export function internalBlocks(text: string, tree: Root): { blocks: InternalBlock[]; problems: BlockProblem[] } {
  const blocks: InternalBlock[] = [];
  const problems: BlockProblem[] = [];
  const markers = markerOffsets(text, tree);
  if (!markers.length) return { blocks, problems };
  const at = positionFinder(text);
  let open: { offset: number; end: number } | undefined;
  for (const m of markers) {
    const pos = at(m.offset);
    if (m.malformed !== undefined) {
      problems.push({
        kind: 'malformed',
        ...pos,
        message: `\`${m.malformed.replace(/\s+/g, ' ')}\` looks like an internal marker but is not one, so it cuts nothing: write exactly \`<!-- internal -->\` … \`<!-- /internal -->\`, or reword the comment`,
      });
      continue;
    }
    if (!m.close) {
      if (open) {
        const openAt = at(open.offset);
        problems.push({
          kind: 'nested',
          ...openAt,
          nextLine: pos.line,
          message: `\`<!-- internal -->\` is not closed before the next \`<!-- internal -->\` on line ${pos.line}: add \`<!-- /internal -->\` where the internal text ends (blocks do not nest)`,
        });
        continue;
      }
      open = m;
    } else if (!open) {
      problems.push({
        kind: 'stray',
        ...pos,
        message: '`<!-- /internal -->` closes no block: add `<!-- internal -->` where the internal text starts, or remove this line',
      });
    } else {
      blocks.push({
        start: open.offset,
        end: m.end,
        innerStart: open.end,
        innerEnd: m.offset,
        line: at(open.offset).line,
        endLine: pos.line,
      });
      open = undefined;
    }
  }
  if (open)
    problems.push({
      kind: 'unclosed',
      ...at(open.offset),
      message:
        '`<!-- internal -->` is never closed: add `<!-- /internal -->` where the internal text ends (until then the public edition would cut everything after it)',
    });
  return { blocks, problems };
}

/**
 * The text without its internal blocks. A block whose markers stand on lines
 * of their own goes with those lines; an inline one goes with the space
 * before it, so the sentence around it reads on.
 */
export function stripInternal(text: string, blocks: readonly InternalBlock[]): string {
  if (!blocks.length) return text;
  let out = '';
  let from = 0;
  for (const b of blocks) {
    let start = b.start;
    let end = b.end;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    const nl = text.indexOf('\n', end);
    const lineEnd = nl < 0 ? text.length : nl;
    if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*$/.test(text.slice(end, lineEnd))) {
      start = lineStart;
      end = nl < 0 ? text.length : nl + 1;
      // The marker line ended the paragraph above it. Text right below would otherwise join it, or turn it
      // into a heading (`---`, `===`): keep a blank line between them, unless a list item follows.
      const before = text.slice(text.lastIndexOf('\n', Math.max(0, lineStart - 2)) + 1, Math.max(0, lineStart - 1));
      const afterEnd = text.indexOf('\n', end);
      const after = text.slice(end, afterEnd < 0 ? text.length : afterEnd);
      if (lineStart > from && /\S/.test(before) && /\S/.test(after) && !/^\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)/.test(after)) {
        out += `${text.slice(from, start)}\n`;
        from = end;
        continue;
      }
    } else {
      while (start > lineStart && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
    }
    if (start < from) start = from;
    out += text.slice(from, start);
    from = end;
  }
  return out + text.slice(from);
}

/** The field paths cut from a kind of entry in the public edition. */
export function internalFieldPaths(kind: EntryKind, config: Pick<KbConfig, 'editions'>): string[] {
  return config.editions.internal_fields[kind];
}

/** The values at a dotted path (arrays of records are walked: `action_items.owner` is every item's owner). */
export function valuesAt(data: unknown, path: string): { path: (string | number)[]; value: unknown }[] {
  const out: { path: (string | number)[]; value: unknown }[] = [];
  const walk = (value: unknown, rest: string[], at: (string | number)[]) => {
    if (!rest.length) {
      if (value !== undefined) out.push({ path: at, value });
      return;
    }
    if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, rest, [...at, i]);
    else if (value && typeof value === 'object') {
      const [key, ...tail] = rest;
      if (key in value) walk((value as Record<string, unknown>)[key], tail, [...at, key]);
    }
  };
  walk(data, path.split('.'), []);
  return out;
}

/** What replaces an internal field in the public edition: a list empties, an owner becomes `public_owner`, anything else goes. */
function cutField(data: Record<string, unknown>, path: string, editions: EditionsConfig): void {
  const [key, ...rest] = path.split('.');
  if (!(key in data)) return;
  const value = data[key];
  if (rest.length === 0) {
    if (key === 'owner') data[key] = editions.public_owner;
    else if (Array.isArray(value)) data[key] = [];
    else delete data[key];
    return;
  }
  if (Array.isArray(value))
    data[key] = value.map((v) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
      const copy = { ...(v as Record<string, unknown>) };
      cutField(copy, rest.join('.'), editions);
      return copy;
    });
  else if (value && typeof value === 'object') {
    const copy = { ...(value as Record<string, unknown>) };
    cutField(copy, rest.join('.'), editions);
    data[key] = copy;
  }
}

const refId = (r: unknown) => (typeof r === 'string' ? r : r && typeof r === 'object' && 'id' in r ? String(r.id) : undefined);

/**
 * An entry's data as the public edition publishes it: the public title and
 * summary, no internal fields, and links only to entries the public edition
 * has (`isPublic(collection, id)`).
 */
export function publicData(
  kind: EntryKind,
  data: Record<string, unknown>,
  config: Pick<KbConfig, 'editions'>,
  isPublic: (collection: 'incidents' | 'playbooks', id: string) => boolean,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...data };
  const override = out.public as { title?: string; summary?: string } | undefined;
  if (override && typeof override === 'object') {
    if (typeof override.title === 'string' && override.title.trim()) out.title = override.title;
    if (typeof override.summary === 'string' && override.summary.trim()) out.summary = override.summary;
  }
  delete out.public;
  out.visibility = 'public';
  for (const path of internalFieldPaths(kind, config)) cutField(out, path, config.editions);
  if (kind === 'incident') {
    const keep = (collection: 'incidents' | 'playbooks') => (r: unknown) => {
      const id = refId(r);
      return id !== undefined && isPublic(collection, id);
    };
    if (Array.isArray(out.related)) out.related = out.related.filter(keep('incidents'));
    if (Array.isArray(out.playbooks)) out.playbooks = out.playbooks.filter(keep('playbooks'));
    if (Array.isArray(out.playbooks_missing))
      out.playbooks_missing = out.playbooks_missing.map((m) => {
        if (!m || typeof m !== 'object' || !('playbook' in m) || keep('playbooks')((m as { playbook: unknown }).playbook)) return m;
        const { playbook: _internal, ...rest } = m as Record<string, unknown>;
        return rest;
      });
  }
  return out;
}

/** One text the public output must not contain, and where it comes from. */
export interface InternalText {
  text: string;
  /** `incidents/x.md:12` */
  source: string;
  what: string;
  /**
   * `wording`: the internal title or summary a `public:` replaces; not searched
   * when a public entry publishes the same words (two incidents may share a
   * title). `part`: an internal block or field.
   */
  scope: 'wording' | 'part';
}

/** Whitespace as one space: HTML, JSON and Pagefind all re-flow text. */
export const normalizeSpace = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The visible text of the body nodes inside the blocks: each text, code and link target. */
function blockTexts(tree: Root, blocks: readonly InternalBlock[]): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const inside = (offset: number | undefined) => offset !== undefined && blocks.some((b) => offset >= b.innerStart && offset < b.innerEnd);
  const walk = (node: Nodes) => {
    const start = node.position?.start;
    if (inside(start?.offset)) {
      if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code')
        for (const line of node.value.split('\n')) out.push({ text: line, line: start!.line });
      else if (node.type === 'link' || node.type === 'image') out.push({ text: node.url, line: start!.line });
    }
    if ('children' in node) for (const c of node.children as Nodes[]) walk(c);
  };
  walk(tree as Nodes);
  return out;
}

/**
 * What the public edition cuts from one entry, as texts to search the public
 * output for: the text of each internal block, each internal field's value,
 * the internal title and summary a public override replaces (nothing for an
 * internal entry, which the loader leaves out whole). Texts shorter than `editions.leak_min_length`
 * are left out (a short name also appears in ordinary prose).
 */
export function internalTextsOf(
  entry: {
    kind: EntryKind;
    relPath: string;
    text: string;
    tree: Root;
    frontmatter: Record<string, unknown> | undefined;
    locate(path: readonly PropertyKey[]): { line: number };
  },
  config: Pick<KbConfig, 'editions'>,
): InternalText[] {
  const min = config.editions.leak_min_length;
  const out: InternalText[] = [];
  const add = (text: unknown, line: number, what: string, scope: InternalText['scope'] = 'part') => {
    if (typeof text !== 'string') return;
    const t = normalizeSpace(text);
    if (t.length >= min) out.push({ text: t, source: `${entry.relPath}:${line}`, what, scope });
  };
  const fm = entry.frontmatter ?? {};
  // An internal entry is left out whole (the loader); its wording is not searched: recurring incidents share titles.
  if (visibilityOf(fm, config) === 'internal') return out;
  const override = fm.public as { title?: unknown; summary?: unknown } | undefined;
  if (override && typeof override === 'object') {
    if (typeof override.title === 'string' && override.title !== fm.title)
      add(fm.title, entry.locate(['title']).line, 'the internal title (public.title replaces it)', 'wording');
    if (typeof override.summary === 'string' && override.summary !== fm.summary)
      add(fm.summary, entry.locate(['summary']).line, 'the internal summary (public.summary replaces it)', 'wording');
  }
  for (const field of internalFieldPaths(entry.kind, config)) {
    for (const { path, value } of valuesAt(fm, field)) {
      const values = Array.isArray(value) ? value : [value];
      for (const [i, v] of values.entries()) {
        // An owner that already is the public label is what the public edition shows anyway.
        if (typeof v === 'string' && normalizeSpace(v) === normalizeSpace(config.editions.public_owner)) continue;
        add(v, entry.locate(Array.isArray(value) ? [...path, i] : path).line, `the internal field ${field}`);
      }
    }
  }
  const { blocks } = internalBlocks(entry.text, entry.tree);
  for (const t of blockTexts(entry.tree, blocks)) add(t.text, t.line, 'an internal block');
  return out;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A regex for any of `words` as a whole word: not inside a longer ASCII word
 * (`acme` is not found in `acmeish`), but found between hyphens and dots
 * (`customer-acme`, `acme.internal`), while Korean particles may follow
 * (`김민수가` holds `김민수`). Longest first, so the longest match wins.
 */
export function wholeWords(words: readonly string[], flags = 'gi'): RegExp | undefined {
  const list = [...new Set(words.map((w) => normalizeSpace(w)).filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);
  if (!list.length) return undefined;
  return new RegExp(`(?<![A-Za-z0-9_])(?:${list.map((w) => escapeRegex(w).replace(/ /g, '\\s+')).join('|')})(?![A-Za-z0-9_])`, flags);
}

/** The title and summary a public entry shows (its `public:` wording first), whitespace normalised. */
export function publishedWording(frontmatter: Record<string, unknown> | undefined, config: Pick<KbConfig, 'editions'>): string[] {
  const fm = frontmatter ?? {};
  if (visibilityOf(fm, config) !== 'public') return [];
  const override = (fm.public ?? {}) as { title?: unknown; summary?: unknown };
  return [override.title ?? fm.title, override.summary ?? fm.summary].filter((v): v is string => typeof v === 'string').map(normalizeSpace);
}
