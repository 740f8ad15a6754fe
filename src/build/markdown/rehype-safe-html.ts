/**
 * Content is untrusted: raw HTML in a post-mortem (`<script>`, `<iframe>`,
 * `onerror=`, `javascript:` links) must not reach a reader's browser. This is
 * the last of the project's rehype plugins, so it sees everything the markdown
 * and our own plugins made, and sanitises it with `hast-util-sanitize` on
 * GitHub's schema, extended with what the site itself emits (section anchors,
 * timeline `<time>`, code highlighting classes, `data-*` hooks of the page
 * scripts). Links and images keep only `http:`, `https:`, `mailto:` (links)
 * and relative URLs.
 *
 * Raw HTML is parsed first (rehype-raw, only when there is some), so allowed
 * markup such as `<details>` survives as elements and forbidden markup is
 * removed rather than printed. In MDX, lowercase JSX elements with literal
 * attributes are treated the same way; components and expressions are code,
 * which `npm run check` refuses unless `content.mdx_code: allow`.
 *
 * `content.raw_html: allow` in kb.config.yaml turns all of this off for teams
 * that trust every author.
 */
import type { Element, ElementContent, Properties, Root as HastRoot, RootContent } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { h } from 'hastscript';
import rehypeRaw from 'rehype-raw';
import type { VFile } from 'vfile';

const aria = ['ariaDescribedBy', 'ariaLabel', 'ariaLabelledBy', 'ariaHidden'];
/**
 * Our remark plugins set `hProperties` with attribute spellings (`data-section`,
 * `aria-label`), which stay as written in the hast tree: allow both spellings.
 */
const both = (...names: string[]) => names.flatMap((n) => [n, n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)]);
/** Ids from GFM footnotes (remark-rehype prefixes them). */
const FOOTNOTE_ID: [string, RegExp] = ['id', /^user-content-/];
const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/**
 * GitHub's per-tag attributes, without their className restrictions (`li` only
 * `task-list-item`, …): the site's own classes go on lists, links and sections,
 * and a class cannot run anything. The `*` entry below allows className everywhere.
 */
const githubAttributes = Object.fromEntries(
  Object.entries(defaultSchema.attributes ?? {}).map(([tag, list]) => [
    tag,
    list.filter((a) => !(Array.isArray(a) ? a[0] === 'className' : a === 'className')),
  ]),
);

export const SAFE_SCHEMA: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'time', 'mark', 'abbr', 'figure', 'figcaption', 'caption', 'colgroup', 'col'],
  // Content of these is never text worth showing.
  strip: ['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript', 'textarea', 'select', 'svg', 'math'],
  attributes: {
    ...githubAttributes,
    '*': [...(githubAttributes['*'] ?? []).filter((a) => a !== 'id' && a !== 'name'), 'className', ...both(...aria)],
    a: [...(githubAttributes.a ?? []), FOOTNOTE_ID, ...both('dataKbAnchor')],
    li: [...(githubAttributes.li ?? []), FOOTNOTE_ID, ...both('dataMarker')],
    section: [...(githubAttributes.section ?? []), ...both('dataSection', 'dataEmpty')],
    time: both('dateTime'),
    pre: [...both('tabIndex', 'dataLanguage')],
    code: both('dataLanguage'),
    // The internal edition's box around an internal block (remark-internal-blocks.ts).
    div: [...(githubAttributes.div ?? []), ...both('dataInternal')],
    span: [...(githubAttributes.span ?? []), ...both('dataInternal', 'dataPagefindIgnore')],
    p: [...(githubAttributes.p ?? []), ...both('dataPagefindIgnore')],
    ...Object.fromEntries(HEADINGS.map((tag) => [tag, [...(githubAttributes[tag] ?? []), 'id']])),
  },
  // Heading ids are the stable anchors (`#timeline`): never prefixed. Other ids are not allowed at all.
  clobber: ['name'],
  protocols: {
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
    longDesc: ['http', 'https'],
  },
};

/** Whether a tree holds raw HTML (rehype-raw re-parses the whole tree, so it runs only then). */
function hasType(node: { type: string; children?: unknown[] }, type: string): boolean {
  if (node.type === type) return true;
  const children = node.children as { type: string; children?: unknown[] }[] | undefined;
  return children ? children.some((c) => hasType(c, type)) : false;
}

const raw = (rehypeRaw as unknown as () => (tree: HastRoot, file: VFile) => HastRoot)();

/** rehype-raw, only for a tree with raw HTML in it: the same tree otherwise, without the parse5 round trip. */
export function rehypeRawWhenNeeded() {
  return (tree: HastRoot, file: VFile) => (hasType(tree, 'raw') ? raw(tree, file) : tree);
}

interface MdxJsxElement {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: { type: string; name?: string; value?: unknown }[];
  children: ElementContent[];
}

/** An MDX JSX element like `<details open>` → the HTML element it stands for (literal attributes only). */
function jsxToElement(node: MdxJsxElement): Element | undefined {
  if (!node.name || !/^[a-z][a-z0-9]*$/.test(node.name)) return undefined;
  const props: Properties = {};
  for (const a of node.attributes) {
    if (a.type !== 'mdxJsxAttribute' || !a.name) continue;
    if (a.value === null || a.value === undefined) props[a.name] = true;
    else if (typeof a.value === 'string') props[a.name] = a.value;
  }
  return h(node.name, props, node.children as never) as Element;
}

function convertJsx(nodes: (RootContent | ElementContent)[]): void {
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as unknown as MdxJsxElement & { children?: ElementContent[] };
    if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      const element = jsxToElement(node);
      if (element) nodes[i] = element;
    }
    const children = (nodes[i] as { children?: ElementContent[] }).children;
    if (children) convertJsx(children);
  }
}

/** HTML comments out of a tree whose raw HTML is published as written (reviewers' notes are not for the public edition). */
function dropComments(node: HastRoot | Element): void {
  node.children = node.children.filter((c) => c.type !== 'comment');
  for (const c of node.children) {
    if (c.type === 'raw') c.value = c.value.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
    else if ('children' in c && Array.isArray(c.children)) dropComments(c as Element);
  }
}

/**
 * Parse raw HTML, then keep only what the schema allows (comments are never allowed).
 * With `allowRawHtml` the tree is left as written, but for `dropComments` (the public edition).
 */
export function rehypeSafeHtml(options: { allowRawHtml?: boolean; dropComments?: boolean } = {}) {
  return (tree: HastRoot, file: VFile): HastRoot => {
    if (options.allowRawHtml) {
      if (options.dropComments) dropComments(tree);
      return tree;
    }
    const parsed = hasType(tree, 'raw') ? raw(tree, file) : tree;
    convertJsx(parsed.children);
    return sanitize(parsed, SAFE_SCHEMA) as HastRoot;
  };
}
