/**
 * The one frontmatter writer: new-incident, new-playbook, import and the bench
 * corpus build their YAML here, on `yaml`'s Document, so comments (a field's
 * meaning, where an inferred value came from, a commented-out example) are
 * part of the document rather than pasted between hand-built lines.
 *
 * The style is fixed: strings double-quoted with JSON escapes (valid YAML for
 * any title), enum-like values plain (`status: draft`), short string lists in
 * flow style (`tags: ["a", "b"]`), everything else in block style, no line
 * folding. `parse(write(x))` gives `x` back (tested as a property).
 */
import { Document, isMap, isScalar, isSeq, Pair, parseDocument, type Scalar, YAMLMap } from 'yaml';

/** Keys whose string values are written plain when YAML allows it (`severity: SEV2`, not `"SEV2"`). */
export const PLAIN_KEYS: ReadonlySet<string> = new Set(['id', 'status', 'severity', 'timezone', 'category', 'kind']);

/** A string list is written on one line while it fits in this many characters. */
const FLOW_WIDTH = 100;

const STRINGIFY = {
  lineWidth: 0,
  doubleQuotedAsJSON: true,
  flowCollectionPadding: false,
  defaultStringType: 'QUOTE_DOUBLE',
  defaultKeyType: 'PLAIN',
} as const;

export interface FieldNote {
  /** Shown after the value on its line: `severity: SEV2 # Major: …`. */
  comment?: string;
  /** Comment lines above the key (each line without its `#`). */
  before?: string;
  /** Write a list one item per line even when it would fit on one. */
  block?: boolean;
}

const asComment = (text: string) =>
  text
    .split('\n')
    .map((line) => (line ? ` ${line}` : ''))
    .join('\n');

/** Top-level string lists are names (tags, services, authors): one line. Nested ones are prose (lessons, factors): one per line. */
function style(node: unknown, key: string | undefined, nested: boolean): void {
  if (isScalar(node)) {
    if (typeof node.value === 'string' && key !== undefined && PLAIN_KEYS.has(key)) (node as Scalar).type = 'PLAIN';
  } else if (isSeq(node)) {
    const strings = node.items.every((i) => isScalar(i) && typeof i.value === 'string');
    const width = node.items.reduce<number>((n, i) => n + JSON.stringify((i as Scalar).value ?? '').length + 2, 2);
    node.flow = node.items.length === 0 || (!nested && strings && width <= FLOW_WIDTH);
    for (const item of node.items) style(item, key, true);
  } else if (isMap(node)) {
    for (const pair of node.items) style(pair.value, isScalar(pair.key) ? String(pair.key.value) : undefined, true);
  }
}

export class FrontmatterWriter {
  readonly #doc = new Document(new YAMLMap());
  #pendingBefore: string[] = [];

  /** Add a field. `undefined` values are skipped; a note is still kept as a comment for the next field. */
  set(key: string, value: unknown, note: FieldNote = {}): this {
    if (note.before) this.#pendingBefore.push(note.before);
    if (value === undefined) return this;
    const keyNode = this.#doc.createNode(key) as Scalar;
    const valueNode = this.#doc.createNode(value, { keepUndefined: false });
    style(valueNode, key, false);
    if (note.block && isSeq(valueNode) && valueNode.items.length) valueNode.flow = false;
    if (this.#pendingBefore.length) {
      keyNode.commentBefore = asComment(this.#pendingBefore.join('\n'));
      this.#pendingBefore = [];
    }
    if (note.comment) this.#commentOn(keyNode, valueNode, note.comment);
    (this.#doc.contents as YAMLMap).items.push(new Pair(keyNode, valueNode));
    return this;
  }

  /** A comment after a nested value already set: `note(['impact', 'description'], 'who was affected')`. */
  note(path: readonly (string | number)[], comment: string): this {
    const parent = path.length > 1 ? this.#doc.getIn(path.slice(0, -1), true) : this.#doc.contents;
    const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path.at(-1)) : undefined;
    if (!pair) throw new Error(`frontmatter has no ${path.join('.')} to comment on`);
    this.#commentOn(pair.key as Scalar, pair.value, comment);
    return this;
  }

  /** A comment on a block map or list goes on the key's line; on a scalar or a flow list, after the value. */
  #commentOn(keyNode: Scalar, valueNode: unknown, comment: string): void {
    if ((isMap(valueNode) || isSeq(valueNode)) && !valueNode.flow) keyNode.comment = asComment(comment);
    else (valueNode as Scalar).comment = asComment(comment);
  }

  /** Comment lines that follow the field written next (or end the frontmatter). */
  comment(text: string): this {
    this.#pendingBefore.push(text);
    return this;
  }

  /** The YAML text, without fences. */
  yaml(): string {
    if (this.#pendingBefore.length) this.#doc.comment = asComment(this.#pendingBefore.join('\n'));
    const text = this.#doc.toString(STRINGIFY);
    return text === '{}\n' ? '' : text.replace(/\n\n(#[^\n]*\n)+$/, (m) => m.slice(1));
  }

  /** The frontmatter block: `---`, the YAML, `---`. */
  toString(): string {
    return `---\n${this.yaml()}---\n`;
  }
}

export interface FrontmatterFill {
  key: string;
  value: unknown;
  /** Shown after the value, as the writer writes comments: where the value came from. */
  comment?: string;
  /** Keys to place it after when it is missing, nearest first (`detected` goes after `started`). */
  after?: readonly string[];
  /** Replace a value that is already there (renumbering an id); by default a set value is left alone. */
  replace?: boolean;
}

const isEmptyValue = (v: unknown) => v === null || v === undefined || v === '' || (isScalar(v) && (v.value === null || v.value === ''));

/**
 * Fill top-level keys of an existing file's frontmatter that are missing or
 * empty, touching nothing else: every other byte, comment and blank line stays
 * as it was. `yaml`'s parseDocument finds the keys and their lines; each new
 * line is what the one writer above writes for it. A key that has a value is
 * left alone (and not reported: callers decide that beforehand). A missing key
 * goes under its commented-out line (`# detected: …`, as new-incident writes
 * them) if there is one, else after the nearest `after` key, else at the end.
 */
export function fillFrontmatter(yaml: string, fills: readonly FrontmatterFill[]): string {
  const eol = yaml.includes('\r\n') ? '\r\n' : '\n';
  let text = yaml;
  for (const fill of fills) {
    const doc = parseDocument(text, { keepSourceTokens: false });
    if (doc.errors.length || (doc.contents !== null && !isMap(doc.contents))) throw new Error('the frontmatter is not a YAML mapping');
    const items = isMap(doc.contents) ? doc.contents.items : [];
    const pairOf = (key: string) => items.find((p) => isScalar(p.key) && p.key.value === key);
    const lineStarts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
    const lineOf = (offset: number) => {
      let line = 0;
      while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
      return line;
    };
    const lines = text.split(/\r?\n/);
    const written = new FrontmatterWriter().set(fill.key, fill.value, { comment: fill.comment }).yaml().replace(/\n$/, '').split('\n');
    const pair = pairOf(fill.key);
    const keyRange = (pair?.key as Scalar | undefined)?.range;
    if (pair && keyRange) {
      if (!fill.replace && !isEmptyValue(pair.value)) continue;
      const valueEnd = (pair.value as Scalar | null)?.range?.[1] ?? keyRange[1];
      const first = lineOf(keyRange[0]);
      lines.splice(first, lineOf(Math.max(keyRange[1], valueEnd - 1)) - first + 1, ...written);
    } else {
      const commented = lines.findIndex((l) => new RegExp(`^#\\s*${fill.key.replace(/[^\w-]/g, '\\$&')}\\s*:`).test(l));
      const anchor = (fill.after ?? []).map(pairOf).find((p) => p && (p.key as Scalar).range);
      if (commented >= 0) lines.splice(commented + 1, 0, ...written);
      else if (anchor) {
        const node = (anchor.value as Scalar | null)?.range ?? (anchor.key as Scalar).range!;
        lines.splice(lineOf(Math.max(node[1] - 1, (anchor.key as Scalar).range![0])) + 1, 0, ...written);
      } else {
        const end = lines.length && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length;
        lines.splice(end, 0, ...written);
      }
    }
    text = lines.join(eol);
  }
  return text;
}
