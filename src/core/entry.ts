/**
 * One way to read a content file, for the site loader and every CLI: YAML
 * frontmatter (YAML 1.2, so dates stay the strings the author wrote) plus the
 * body's sections, timeline, whys and steps, merged into the data that the zod
 * schemas validate.
 */
import type { Root } from 'mdast';
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import { fastLocateOffset, parseFastYaml } from './frontmatter/yaml-fast.ts';
import { extractIncidentBody, extractPlaybookBody, type SectionSlice } from './markdown/extract.ts';
import { parseMarkdownTree } from './markdown/parse.ts';

export type EntryKind = 'incident' | 'playbook';

// `yaml` (70 modules) is loaded only for frontmatter the fast path leaves to it.
let yamlModule: typeof import('yaml') | undefined;
const yamlLib = () => (yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml'));

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

export function parseEntry(text: string, filePath: string, kind: EntryKind = kindFromPath(filePath)): ParsedEntry {
  const isMdx = filePath.endsWith('.mdx');
  let tree: Root;
  let mdxError: unknown;
  try {
    tree = parseMarkdown(text, isMdx);
  } catch (error) {
    // MDX syntax errors carry a place; fall back to plain markdown so the rest can still be checked.
    tree = parseMarkdown(text, false);
    mdxError = error;
  }
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
    // Built on first use when the fast path read the frontmatter.
    get yaml() {
      return yamlNode ? fullDoc() : undefined;
    },
    yamlProblems,
    yamlStartLine,
    locate,
  };
}

/** The key node of the last path segment, so diagnostics point at `severity:` rather than its value. */
function findKeyNode(doc: Document, path: readonly PropertyKey[]): { range?: [number, number, number] } | undefined {
  const parent = path.length > 1 ? doc.getIn(path.slice(0, -1) as unknown[], true) : doc.contents;
  const last = path[path.length - 1];
  const items = (parent as { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] } | null)?.items;
  if (!items || typeof last === 'number') return undefined;
  return items.find((p) => p.key?.value === last)?.key;
}
