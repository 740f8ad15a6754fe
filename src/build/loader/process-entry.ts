/**
 * Everything the site needs from one content file, computed in one pass:
 * `parseEntry()`'s data (the schema input) and, for `.md`, the page HTML
 * rendered by the site's own markdown processor (`src/markdown/render.ts`:
 * Astro's pipeline, byte for byte, without the passes that have nothing to do). Runs on the loader's worker
 * threads (`entry-pool.ts`), or in-process as a fallback.
 */
import { pathToFileURL } from 'node:url';
import { parseEntry, type EntryKind, type YamlProblem } from '../../core/entry.ts';
import { internalBlocks, stripInternal, visibilityOf, type Edition } from '../../core/editions.ts';
import type { Visibility } from '../../schema/common.ts';
import { writeRenderedHtml } from './html-cache.ts';
import type { CheckEnv, FileOutcome } from '../../check/file.ts';
import type { EntryRenderer, RenderOptions, RenderOutput } from '../markdown/render.ts';

export type { RenderOptions };

/** What Astro's glob loader stores as `rendered`: the HTML and the render metadata, with `imagePaths`. */
export interface RenderedContent {
  html: string;
  metadata: RenderOutput['metadata'] & { imagePaths: string[] };
}

export interface EntryJob {
  filePath: string;
  kind: EntryKind;
  text: string;
  /** Render the body to HTML (plain markdown only: Astro compiles MDX itself). */
  render: boolean;
  /** Write the HTML to this file (`rendered-html.ts`) instead of returning it: `rendered.html` is then ''. */
  htmlFile?: string;
  /** Also run `npm run check`'s per-file rules on the parsed file (path relative to the content root). */
  check?: { relPath: string };
  /**
   * The public edition: an internal entry is left out (`excluded`), a public one
   * loses its internal blocks before it is parsed for data and rendered.
   */
  edition?: { name: Edition; defaultVisibility: Visibility };
}

export interface EntryResult {
  data: Record<string, unknown>;
  yamlProblems: YamlProblem[];
  /** The markdown after the frontmatter, trimmed: what Astro calls `entry.body`. */
  body: string;
  rendered?: RenderedContent;
  /** Why rendering failed (the entry is still stored, without HTML, as Astro's glob loader does). */
  renderError?: string;
  /** The per-file check outcome, when the job asked for it. */
  outcome?: FileOutcome;
  /** Not published in this edition (an internal entry, or internal blocks that do not pair up, in the public edition). */
  excluded?: boolean;
}

let checkFile: Promise<typeof import('../../check/file.ts')> | undefined;

let renderer: Promise<EntryRenderer> | undefined;
let rendererKey = '';

async function getRenderer(options: RenderOptions): Promise<EntryRenderer> {
  const key = JSON.stringify(options);
  if (!renderer || key !== rendererKey) {
    rendererKey = key;
    renderer = import('../markdown/render.ts').then(({ createEntryRenderer }) => createEntryRenderer(options));
  }
  return renderer;
}

/** Load the renderer ahead of the first file. */
export async function warmUp(options: RenderOptions): Promise<void> {
  await getRenderer(options);
}

/** Parse one file and, when asked, check it and render its body. Never throws for bad content. */
export async function processEntry(job: EntryJob, options: RenderOptions, checkEnv?: CheckEnv): Promise<EntryResult> {
  let parsed = parseEntry(job.text, job.filePath, job.kind);
  const yamlNode = parsed.tree.children[0]?.type === 'yaml' ? parsed.tree.children[0] : undefined;
  const body = (yamlNode?.position ? job.text.slice(yamlNode.position.end.offset) : job.text).trim();
  const result: EntryResult = { data: parsed.data, yamlProblems: parsed.yamlProblems, body };
  if (job.check && checkEnv) {
    const { checkText } = await (checkFile ??= import('../../check/file.ts'));
    result.outcome = checkText(
      { path: job.filePath, relPath: job.check.relPath, kind: job.kind, reported: true },
      job.text,
      checkEnv,
      parsed,
    );
  }
  if (job.edition?.name === 'public') {
    if (visibilityOf(parsed.data, { editions: { default_visibility: job.edition.defaultVisibility } }) !== 'public') {
      result.excluded = true;
      return result;
    }
    const { blocks, problems } = internalBlocks(job.text, parsed.tree);
    // Markers that do not pair up, or a body that could not be read for its markers: the check reports
    // them; nothing of the file is published meanwhile (in dev, where errors do not stop the server).
    if (problems.length || parsed.bodyProblem || parsed.mdxError) {
      result.excluded = true;
      return result;
    }
    if (blocks.length) {
      // Cut before parsing: the HTML and the timeline, whys, sections and steps never see the blocks.
      const text = stripInternal(job.text, blocks);
      parsed = parseEntry(text, job.filePath, job.kind);
      const yaml = parsed.tree.children[0]?.type === 'yaml' ? parsed.tree.children[0] : undefined;
      result.data = parsed.data;
      result.body = (yaml?.position ? text.slice(yaml.position.end.offset) : text).trim();
    }
  }
  if (!job.render || parsed.yamlProblems.length || parsed.bodyProblem) return result;
  try {
    const r = await (await getRenderer(options)).render(result.body, {
      frontmatter: parsed.frontmatter ?? {},
      fileURL: pathToFileURL(job.filePath),
    });
    const { metadata } = r;
    // `metadata.frontmatter` is the frontmatter handed in: our plugins add nothing to it, so it is not sent back.
    const imagePaths = metadata.localImagePaths.concat(metadata.remoteImagePaths);
    result.rendered = { html: r.code, metadata: { ...metadata, frontmatter: {}, imagePaths } };
    if (job.htmlFile) {
      writeRenderedHtml(job.htmlFile, r.code);
      result.rendered.html = '';
    }
  } catch (error) {
    result.renderError = error instanceof Error ? error.message : String(error);
  }
  return result;
}
