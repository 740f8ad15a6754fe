/**
 * One way to read a content file, for the site loader and every CLI: YAML
 * frontmatter (YAML 1.2, so dates stay the strings the author wrote) plus the
 * body's sections, timeline, whys and steps, merged into the data that the zod
 * schemas validate.
 */
import type { Root } from 'mdast';
import type { Document, LineCounter } from 'yaml';
import { fastLocateOffset, parseFastYaml } from './frontmatter/yaml-fast.ts';
import { yamlLib } from './frontmatter/yaml-lib.ts';
import { extractIncidentBody, extractPlaybookBody, type SectionSlice } from './markdown/extract.ts';
import { parseMarkdownTree } from './markdown/parse.ts';

export type EntryKind = 'incident' | 'playbook';

export interface YamlProblem {
  message: string;
  line: number;
  column: number;
}

export interface ParsedEntry {
  kind: EntryKind;
  /** Frontmatter as authored (undefined when there is none or it is not a mapping). */
  frontmatter: Record<string, unknown> | undefined;
  /** Frontmatter merged with what the body contributes: the input of the zod schema. */
  data: Record<string, unknown>;
  tree: Root;
  /** The body's sections (`splitSections` of `tree`), as the data was extracted from them. */
  slices: SectionSlice[];
  /** The MDX syntax error of an .mdx file (then `tree` is its plain-markdown parse). */
  mdxError?: unknown;
  /** Why the body was not read (nested too deep to render safely); then `tree` holds the frontmatter only. */
  bodyProblem?: string;
  yaml?: Document;
  yamlProblems: YamlProblem[];
  /** 1-based line where the frontmatter's YAML text starts (line 2 when the file opens with ---). */
  yamlStartLine: number;
  /** Line and column of a frontmatter key path, for diagnostics. */
  locate(path: readonly PropertyKey[]): { line: number; column: number };
}

/** Parse markdown (or MDX) into mdast with positions relative to the whole file. */
export function parseMarkdown(text: string, isMdx = false): Root {
  return parseMarkdownTree(text, { mdx: isMdx });
}

export function kindFromPath(filePath: string): EntryKind {
  return /(^|[\\/])playbooks[\\/]/.test(filePath) ? 'playbook' : 'incident';
}

/**
 * Lists and quotes nested deeper than this are not rendered: every tree walker
 * (ours, remark-rehype, the HTML serializer) recurses, and 5,000 levels blow
 * the stack. Real post-mortems nest a handful of levels.
 */
export const MAX_NESTING = 64;

/** The deepest nesting of a tree, walked without recursion. */
function nestingDepth(tree: Root, stopAt: number): number {
  let max = 0;
  const stack: [{ children?: unknown[] }, number][] = [[tree, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (max > stopAt) break;
    for (const child of (node.children ?? []) as { children?: unknown[] }[]) if (child.children) stack.push([child, depth + 1]);
  }
  return max;
}

function parseBody(text: string, isMdx: boolean): { tree: Root; mdxError?: unknown; bodyProblem?: string } {
  const tooDeep = () => ({
    message: `is nested more than ${MAX_NESTING} levels deep (lists or quotes), which cannot be rendered safely: flatten it`,
  });
  try {
    let tree: Root;
    let mdxError: unknown;
    try {
      tree = parseMarkdown(text, isMdx);
    } catch (error) {
      if (error instanceof RangeError) throw error;
      // MDX syntax errors carry a place; fall back to plain markdown so the rest can still be checked.
      tree = parseMarkdown(text, false);
      mdxError = error;
    }
    if (nestingDepth(tree, MAX_NESTING * 2) <= MAX_NESTING * 2) return { tree, mdxError };
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  // Keep the frontmatter (the file's identity and links still count); leave the body out.
  const yaml = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  const tree = yaml ? parseMarkdown(yaml[0], false) : ({ type: 'root', children: [] } as Root);
  return { tree, bodyProblem: tooDeep().message };
}

export function parseEntry(text: string, filePath: string, kind: EntryKind = kindFromPath(filePath)): ParsedEntry {
  const isMdx = filePath.endsWith('.mdx');
  const { tree, mdxError, bodyProblem } = parseBody(text, isMdx);
  const yamlNode = tree.children[0]?.type === 'yaml' ? tree.children[0] : undefined;
  const yamlStartLine = (yamlNode?.position?.start.line ?? 1) + 1;
  // Most frontmatter is in the subset `parseFastYaml` reads (same values, same
  // positions); anything else, errors included, goes through `yaml` itself.
  const fast = yamlNode ? parseFastYaml(yamlNode.value) : undefined;
  let lineCounter: LineCounter | undefined;
  let doc: Document | undefined;
  const fullDoc = () => {
    if (doc) return doc;
    const { LineCounter, parseDocument } = yamlLib();
    lineCounter = new LineCounter();
    return (doc = parseDocument(yamlNode!.value, { lineCounter, prettyErrors: false, uniqueKeys: true }));
  };
  if (yamlNode && !fast) fullDoc();
  const yamlProblems: YamlProblem[] = [];
  for (const err of doc?.errors ?? []) {
    const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
    yamlProblems.push({ message: err.message.split('\n')[0], line: yamlStartLine + pos.line - 1, column: pos.col });
  }
  let frontmatter: Record<string, unknown> | undefined;
  if (fast) frontmatter = fast.value ?? undefined;
  else if (doc && !yamlProblems.length) {
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // Unresolved aliases and alias bombs only surface here, not in doc.errors.
      yamlProblems.push({ message: (error as Error).message.split('\n')[0], line: yamlStartLine, column: 1 });
    }
    if (js && typeof js === 'object' && !Array.isArray(js)) frontmatter = js as Record<string, unknown>;
    else if (js != null) yamlProblems.push({ message: 'frontmatter must be a mapping of keys to values', line: yamlStartLine, column: 1 });
  }
  // One spelling per name: a tag typed on macOS (NFD Hangul) and on Windows (NFC) is one tag, one page.
  if (frontmatter && /[^ -~\s]/.test(yamlNode?.value ?? '')) frontmatter = namesToNfc(frontmatter);
  const data: Record<string, unknown> = { ...(frontmatter ?? {}) };
  let slices: SectionSlice[];
  if (kind === 'incident') {
    const body = extractIncidentBody(tree);
    slices = body.slices;
    data.sections = body.sections;
    data.timeline = body.timeline;
    data.five_whys = body.five_whys;
    if (data.root_cause && typeof data.root_cause === 'object' && !Array.isArray(data.root_cause)) {
      const rc = data.root_cause as Record<string, unknown>;
      // The statement is authored in the body; a frontmatter one is reported by check, not silently kept.
      data.root_cause = { ...rc, statement: body.root_cause_statement || (typeof rc.statement === 'string' ? rc.statement : '') };
    }
  } else {
    const body = extractPlaybookBody(tree);
    slices = body.slices;
    Object.assign(data, { sections: body.sections, causes: body.causes, diagnosis: body.diagnosis, fixes: body.fixes });
  }
  let fastLineStarts: number[] | undefined;
  const locate = (path: readonly PropertyKey[]) => {
    if (fast) {
      const offset = fastLocateOffset(fast.root, path);
      if (offset === undefined) return { line: yamlStartLine - 1, column: 1 };
      if (!fastLineStarts) {
        fastLineStarts = [0];
        const src = yamlNode!.value;
        for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) fastLineStarts.push(i + 1);
      }
      let line = 0;
      while (line + 1 < fastLineStarts.length && fastLineStarts[line + 1] <= offset) line++;
      return { line: yamlStartLine + line, column: offset - fastLineStarts[line] + 1 };
    }
    if (!doc) return { line: 1, column: 1 };
    // Walk down as far as the path exists, so a missing key points at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n) as unknown[], true) as { range?: [number, number, number] } | undefined;
      const pairKey = n > 0 ? findKeyNode(doc, path.slice(0, n)) : undefined;
      const range = pairKey?.range ?? node?.range;
      if (range) {
        const { line, col } = lineCounter!.linePos(range[0]);
        return { line: yamlStartLine + line - 1, column: col };
      }
    }
    return { line: yamlStartLine - 1, column: 1 };
  };
  return {
    kind,
    frontmatter,
    data,
    tree,
    slices,
    mdxError,
    bodyProblem,
    // Built on first use when the fast path read the frontmatter.
    get yaml() {
      return yamlNode ? fullDoc() : undefined;
    },
    yamlProblems,
    yamlStartLine,
    locate,
  };
}

/**
 * The fields that name things (tags, services, people, platforms) in Unicode
 * NFC: they become facet pages and filters, where two spellings would be two
 * pages. Titles and prose stay exactly as written.
 */
const NAME_FIELDS = ['tags', 'services', 'authors', 'reviewers', 'platforms', 'owner'];
function namesToNfc(frontmatter: Record<string, unknown>): Record<string, unknown> {
  const nfc = (v: unknown): unknown => (typeof v === 'string' ? v.normalize('NFC') : Array.isArray(v) ? v.map(nfc) : v);
  const out = { ...frontmatter };
  for (const key of NAME_FIELDS) if (key in out) out[key] = nfc(out[key]);
  if (Array.isArray(out.action_items))
    out.action_items = out.action_items.map((a) => (a && typeof a === 'object' && 'owner' in a ? { ...a, owner: nfc(a.owner) } : a));
  return out;
}

/** The key node of the last path segment, so diagnostics point at `severity:` rather than its value. */
function findKeyNode(doc: Document, path: readonly PropertyKey[]): { range?: [number, number, number] } | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1) as unknown[], true) : doc.contents;
  const last = path[path.length - 1];
  const items = (parent as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null)?.items;
  if (!items || typeof last === 'number') return undefined;
  return items.find((p) => p.key?.value === last)?.key;
}
