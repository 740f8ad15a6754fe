/**
 * A fast path for frontmatter YAML: the block mappings, block sequences,
 * one-line flow sequences and one-line scalars that content files are made of,
 * read line by line about 20× faster than `yaml`'s parseDocument + toJS.
 *
 * It returns exactly what `parseDocument(src, { uniqueKeys: true }).toJS()`
 * returns (YAML 1.2 core schema: dates stay strings), plus the start offset of
 * every node and key, so `locate()` points where it pointed with `yaml`. Anything
 * outside that subset (block scalars, multi-line or escaped-beyond-the-basics
 * strings, anchors, tags, flow maps, tabs, duplicate keys, non-trivial numbers,
 * errors of any kind) returns `undefined`, and the caller uses `yaml` itself,
 * which also produces the error messages. tests/check-yaml.test.ts compares
 * both on every fixture, the seed content and generated documents.
 */

/** A parsed node: where it starts, and for collections where its children are. */
export interface FastNode {
  /** Offset of the node in the source (a collection starts at its first key or `-`). */
  start: number;
  /** Mapping: key → where the key starts and its value node. */
  keys?: Map<string, { keyStart: number; node: FastNode }>;
  /** Sequence items. */
  items?: FastNode[];
}

export interface FastYaml {
  /** The value `toJS()` gives: a plain object, or null for an empty document. */
  value: Record<string, unknown> | null;
  root: FastNode | null;
}

interface Line {
  /** Offset of the line in the source. */
  off: number;
  /** Column (0-based) of the first content character. */
  ind: number;
  text: string;
  /** Blank or comment-only. */
  skip: boolean;
}

/** Thrown inside the parser when the input leaves the subset; never escapes. */
const OUT = Symbol('outside the fast subset');
const out = (): never => {
  throw OUT;
};

const KEY = /^([A-Za-z_][A-Za-z0-9_-]{0,200}):(?: |$)/;
const RESERVED_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', '__proto__']);
/** Characters a plain scalar cannot start with (YAML indicators), or that we leave to `yaml`. */
const INDICATOR = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
const NULL = /^(?:~|[Nn]ull|NULL)$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const SIMPLE_INT = /^(?:0|[1-9][0-9]{0,14})$/;
/** Every other core-schema number form (octal, signed, hex, .inf/.nan, floats): left to `yaml`. */
const OTHER_NUMBER =
  /^(?:0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
const REST_OK = /^(?: +#.*| *)$/;
const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '0': '\0' };

/** YAML trims spaces (and tabs, which never get here), not every Unicode space as `trimEnd` does. */
const trimSpaces = (s: string) => {
  let e = s.length;
  while (e > 0 && s.charCodeAt(e - 1) === 32) e--;
  return s.slice(0, e);
};

/** A plain (unquoted) scalar's value under the YAML 1.2 core schema. */
function plainValue(s: string): unknown {
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (SIMPLE_INT.test(s)) return Number(s);
  if (OTHER_NUMBER.test(s)) out();
  return s;
}

/** A double-quoted scalar starting at s[i] (the quote); returns its value and the index after the closing quote. */
function doubleQuoted(s: string, i: number): [string, number] {
  let value = '';
  let from = i + 1;
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j);
    if (c === 34 /* " */) return [value + s.slice(from, j), j + 1];
    if (c === 92 /* \ */) {
      value += s.slice(from, j);
      const e = s[j + 1];
      if (e === 'u') {
        const hex = s.slice(j + 2, j + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) out();
        value += String.fromCharCode(parseInt(hex, 16));
        j += 5;
      } else {
        const r = ESCAPES[e];
        if (r === undefined) out();
        value += r;
        j += 1;
      }
      from = j + 1;
    }
  }
  return out();
}

/** A single-quoted scalar starting at s[i]; `''` is a quote. */
function singleQuoted(s: string, i: number): [string, number] {
  let value = '';
  let from = i + 1;
  for (let j = i + 1; j < s.length; j++) {
    if (s[j] !== "'") continue;
    if (s[j + 1] === "'") {
      value += s.slice(from, j + 1);
      from = j + 2;
      j++;
      continue;
    }
    return [value + s.slice(from, j), j + 1];
  }
  return out();
}

/** A one-line flow sequence `[a, "b", 'c']` starting at s[i]. */
function flowSeq(s: string, i: number, base: number): [unknown[], FastNode, number] {
  const values: unknown[] = [];
  const items: FastNode[] = [];
  let j = i + 1;
  while (s[j] === ' ') j++;
  if (s[j] === ']') return [values, { start: base + i, items }, j + 1];
  for (;;) {
    const start = j;
    const c = s[j];
    let value: unknown;
    if (c === '"') [value, j] = doubleQuoted(s, j);
    else if (c === "'") [value, j] = singleQuoted(s, j);
    else {
      if (c === undefined || INDICATOR.has(c)) out();
      let k = j;
      while (k < s.length && s[k] !== ',' && s[k] !== ']') {
        const ch = s[k];
        if (ch === '[' || ch === '{' || ch === '}' || ch === '#') out();
        if (ch === ':') out(); // a flow pair, or a URL: both left to `yaml`
        k++;
      }
      const raw = trimSpaces(s.slice(j, k));
      if (!raw) out();
      value = plainValue(raw);
      j = k;
    }
    values.push(value);
    items.push({ start: base + start });
    while (s[j] === ' ') j++;
    if (s[j] === ']') return [values, { start: base + i, items }, j + 1];
    if (s[j] !== ',') out();
    j++;
    while (s[j] === ' ') j++;
    if (s[j] === ']' || s[j] === ',') out(); // trailing or empty entry
  }
}

/** A value written on the same line as its key or `-`: s is the rest of the line, from its first character. */
function inlineValue(s: string, base: number): [unknown, FastNode] {
  const c = s[0];
  let value: unknown;
  let node: FastNode;
  let end: number;
  if (c === '"') {
    [value, end] = doubleQuoted(s, 0);
    node = { start: base };
  } else if (c === "'") {
    [value, end] = singleQuoted(s, 0);
    node = { start: base };
  } else if (c === '[') {
    [value, node, end] = flowSeq(s, 0, base);
  } else if (c === '{') {
    const m = /^\{ *\}/.exec(s);
    if (!m) out();
    value = {};
    node = { start: base, keys: new Map() };
    end = m![0].length;
  } else {
    if (INDICATOR.has(c)) out();
    const hash = s.indexOf(' #');
    const raw = trimSpaces(hash >= 0 ? s.slice(0, hash) : s);
    if (raw.includes(': ') || raw.endsWith(':')) out();
    return [plainValue(raw), { start: base }];
  }
  if (!REST_OK.test(s.slice(end))) out();
  return [value, node];
}

class Parser {
  lines: Line[];
  i = 0;
  constructor(lines: Line[]) {
    this.lines = lines;
  }

  /** The next line with content, skipping blank and comment lines. */
  peek(): Line | undefined {
    while (this.i < this.lines.length && this.lines[this.i].skip) this.i++;
    return this.lines[this.i];
  }

  /** After a one-line value: a more-indented line next would continue it (multi-line scalar) or be an error. */
  noContinuation(indent: number): void {
    for (let k = this.i; k < this.lines.length; k++) {
      const l = this.lines[k];
      if (l.ind === l.text.length) continue; // blank
      if (l.ind > indent) out();
      return;
    }
  }

  /** The value after `key:` with nothing else on its line. */
  nestedValue(indent: number): [unknown, FastNode] {
    const next = this.peek();
    if (next && next.ind > indent) {
      return next.text[next.ind] === '-' ? this.seq(next.ind) : this.map(next.ind);
    }
    if (next && next.ind === indent && next.text[indent] === '-') return this.seq(indent);
    return [null, { start: -1 }];
  }

  map(indent: number): [Record<string, unknown>, FastNode] {
    const value: Record<string, unknown> = {};
    const keys = new Map<string, { keyStart: number; node: FastNode }>();
    let start = -1;
    for (let line = this.peek(); line && line.ind >= indent; line = this.peek()) {
      if (line.ind > indent) out();
      const m = KEY.exec(line.text.slice(indent));
      if (!m) {
        if (line.text[indent] === '-') return [value, { start, keys }]; // a sequence at the parent key's indent ends here
        out();
      }
      const key = m![1];
      if (RESERVED_KEYS.has(key) || keys.has(key)) out();
      const keyStart = line.off + indent;
      if (start < 0) start = keyStart;
      let rest = indent + m![0].length;
      while (line.text[rest] === ' ') rest++;
      this.i++;
      let v: unknown;
      let node: FastNode;
      if (rest >= line.text.length || line.text[rest] === '#') {
        [v, node] = this.nestedValue(indent);
      } else {
        [v, node] = inlineValue(line.text.slice(rest), line.off + rest);
        this.noContinuation(indent);
      }
      value[key] = v;
      keys.set(key, { keyStart, node });
    }
    return [value, { start, keys }];
  }

  seq(indent: number): [unknown[], FastNode] {
    const values: unknown[] = [];
    const items: FastNode[] = [];
    let start = -1;
    for (let line = this.peek(); line && line.ind >= indent; line = this.peek()) {
      if (line.ind > indent) out();
      if (line.text[indent] !== '-') break;
      if (line.text[indent + 1] !== ' ') out(); // `-` alone, or `-x`
      if (start < 0) start = line.off + indent;
      let c = indent + 1;
      while (line.text[c] === ' ') c++;
      const content = line.text.slice(c);
      if (!content || content[0] === '#' || content[0] === '-') out();
      if (KEY.test(content)) {
        // `- key: value`: a mapping whose keys sit at this column.
        this.lines[this.i] = { ...line, ind: c };
        const [v, node] = this.map(c);
        values.push(v);
        items.push(node);
      } else {
        this.i++;
        const [v, node] = inlineValue(content, line.off + c);
        this.noContinuation(indent);
        values.push(v);
        items.push(node);
      }
    }
    return [values, { start, items }];
  }
}

/** `toJS()` of a frontmatter in the fast subset, with node offsets; undefined means: use `yaml`. */
export function parseFastYaml(src: string): FastYaml | undefined {
  if (/[\t\r\uFEFF]/.test(src)) return undefined;
  const lines: Line[] = [];
  let off = 0;
  for (const text of src.split('\n')) {
    let ind = 0;
    while (text.charCodeAt(ind) === 32) ind++;
    const first = text[ind];
    const skip = first === undefined || first === '#';
    if (!skip && ind === 0 && (first === '%' || text.startsWith('---') || text.startsWith('...'))) return undefined;
    lines.push({ off, ind, text, skip });
    off += text.length + 1;
  }
  const p = new Parser(lines);
  try {
    const first = p.peek();
    if (!first) return { value: null, root: null };
    if (first.ind !== 0 || first.text[0] === '-') return undefined;
    const [value, root] = p.map(0);
    if (p.peek()) return undefined;
    return { value, root };
  } catch (error) {
    if (error === OUT) return undefined;
    throw error;
  }
}

/** `yaml`'s `Document.getIn(path, true)` over fast nodes. */
function getIn(root: FastNode | null, path: readonly PropertyKey[]): FastNode | undefined {
  let node: FastNode | undefined = root ?? undefined;
  for (const key of path) {
    if (!node) return undefined;
    if (node.keys) node = typeof key === 'string' ? node.keys.get(key)?.node : undefined;
    else if (node.items) {
      const idx = typeof key === 'string' && key ? Number(key) : key;
      node = typeof idx === 'number' && Number.isInteger(idx) && idx >= 0 ? node.items[idx] : undefined;
    } else return undefined;
  }
  return node;
}

/**
 * The offset `locate()` reports for a key path: the key of the deepest existing
 * path prefix (a sequence item: the item itself), as `entry.ts` does with `yaml`.
 */
export function fastLocateOffset(root: FastNode | null, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const prefix = path.slice(0, n);
    if (n > 0) {
      const last = prefix[n - 1];
      const parent = n > 1 ? getIn(root, prefix.slice(0, -1)) : (root ?? undefined);
      const key = typeof last !== 'number' && parent?.keys && typeof last === 'string' ? parent.keys.get(last) : undefined;
      if (key) return key.keyStart;
    }
    const node = n === 0 ? (root ?? undefined) : getIn(root, prefix);
    if (node && node.start >= 0) return node.start;
  }
  return undefined;
}
