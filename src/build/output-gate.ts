/**
 * The last gate of a build: scan what is about to be published for secrets,
 * whatever path they took (a field the check does not read, a renderer that
 * decodes something, a page template). Every output file that carries content
 * is read as a browser or a crawler would: HTML and XML with their character
 * references decoded, JSON, and Pagefind's compressed fragments and filters.
 * A finding fails the build, names the file, and removes the output folder,
 * so nothing that looks like a site is left to deploy.
 *
 * The same walk serves the public edition's leak gate (`markers`): text that
 * must never appear in the output.
 */
import type { AstroIntegration } from 'astro';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { secretFingerprint } from '../check/rules/sensitive.ts';
import { decodeHtmlEntities } from '../check/scan/entities.ts';
import { redact, scanSensitive } from '../check/scan/secrets.ts';
import { readFile } from 'node:fs/promises';
import { CONTENT_DIRS, listContentFiles } from '../core/content.ts';
import {
  type InternalText,
  internalBlocks,
  internalTextsOf,
  normalizeSpace,
  publishedWording,
  visibilityOf,
  wholeWords,
} from '../core/editions.ts';
import { parseEntry } from '../core/entry.ts';
import type { KbConfig } from '../schema/config.ts';

export interface Leak {
  /** Path relative to the output folder. */
  file: string;
  ruleId: string;
  /** A preview that never shows the whole secret. */
  preview: string;
  fingerprint: string;
  /** For the leak gate (`editions/leak`): where the text comes from (`incidents/x.md:12, an internal block`). */
  source?: string;
}

/** What the public edition's output must not contain (the leak gate). */
export interface LeakMarkers {
  /** The text of every internal block and field, with its source. */
  texts: readonly InternalText[];
  /** `editions.markers`: whole words, any case. */
  words: readonly string[];
  /** Where each marker (lower case) is written in the content, `incidents/x.md:12`, to name in a finding. */
  wordSources?: ReadonlyMap<string, readonly string[]>;
}

const TEXT_FILES = /\.(?:html?|json|xml|txt|csv|ics|rss|atom|webmanifest)$/i;
const PAGEFIND_DATA = /\.pf_(?:fragment|filter|meta)$/;

function* walk(dir: string): Generator<string> {
  // In name order, so a report lists the same files first every time, on every file system.
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}

/** The text of an output file as it is served and shown, or undefined for files that carry no content (CSS, JS, images). */
export function publishedText(path: string): string | undefined {
  if (PAGEFIND_DATA.test(path)) {
    try {
      return gunzipSync(readFileSync(path)).toString('utf8');
    } catch {
      return readFileSync(path, 'latin1');
    }
  }
  if (!TEXT_FILES.test(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  // iCalendar folds lines at 75 octets and escapes `,;\`: a value is whole again only unfolded and unescaped.
  if (/\.ics$/i.test(path))
    return `${text}\n${text.replace(/\r?\n[ \t]/g, '').replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c))}`;
  if (/\.json$/i.test(path)) return `${text}\n${jsonStrings(text)}`;
  return /\.(?:html?|xml|rss|atom)$/i.test(path) ? `${text}\n${decodeHtmlEntities(text)}` : text;
}

/** The string values of a JSON document, one a line (escapes such as \" and \u00e9 undone), or '' if it is not JSON. */
function jsonStrings(text: string): string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return '';
  }
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        walk(k);
        walk(x);
      }
  };
  walk(value);
  return out.join('\n');
}

/** Find the leak markers in one published text; one finding per file and text. */
function markerLeaks(file: string, text: string, matchers: ReturnType<typeof leakMatchers>, into: Leak[]): void {
  if (!matchers) return;
  const flat = normalizeSpace(text);
  const seen = new Set<string>();
  const add = (ruleId: string, found: string, source: string) => {
    const key = `${ruleId}\0${source}\0${found}`;
    if (seen.has(key)) return;
    seen.add(key);
    const preview = found.length > 40 ? `${found.slice(0, 37)}…` : found;
    into.push({ file, ruleId, preview, fingerprint: '', source });
  };
  if (matchers.texts)
    for (const m of flat.matchAll(matchers.texts.regex)) {
      const t = matchers.texts.byText.get(normalizeSpace(m[0]));
      if (t) add('editions/leak', m[0], `${t.source} (${t.what})`);
    }
  if (matchers.words)
    for (const m of flat.matchAll(matchers.words)) {
      const where = matchers.wordSources?.get(normalizeSpace(m[0]).toLowerCase()) ?? [];
      add(
        'editions/marker',
        m[0],
        `editions.markers in kb.config.yaml${where.length ? `; written in ${where.slice(0, 5).join(', ')}${where.length > 5 ? ', …' : ''}` : ''}`,
      );
    }
}

function leakMatchers(markers: LeakMarkers | undefined) {
  if (!markers || (!markers.texts.length && !markers.words.length)) return undefined;
  const byText = new Map<string, InternalText>();
  for (const t of markers.texts) if (!byText.has(t.text)) byText.set(t.text, t);
  const regex = wholeWords([...byText.keys()], 'g');
  return { texts: regex ? { regex, byText } : undefined, words: wholeWords(markers.words, 'gi'), wordSources: markers.wordSources };
}

/**
 * What the public edition's output must not contain: the texts it cuts
 * (`internalTextsOf` for every incident and playbook under the root) and the
 * configured markers, with the places the content writes them.
 */
export async function editionLeakMarkers(root: string, config: Pick<KbConfig, 'editions'>): Promise<LeakMarkers> {
  let texts: InternalText[] = [];
  const published = new Set<string>();
  const words = config.editions.markers;
  const wordSources = new Map<string, string[]>();
  const wordRegex = wholeWords(words, 'gi');
  for (const kind of ['incident', 'playbook'] as const) {
    for (const path of await listContentFiles(root, kind)) {
      const text = await readFile(path, 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      const parsed = parseEntry(text, path, kind);
      const relPath = `${CONTENT_DIRS[kind]}/${relative(join(root, CONTENT_DIRS[kind]), path).split(sep).join('/')}`;
      const entry = { kind, relPath, text, tree: parsed.tree, frontmatter: parsed.frontmatter, locate: parsed.locate };
      texts.push(...internalTextsOf(entry, config));
      for (const w of publishedWording(parsed.frontmatter, config)) published.add(w);
      // Where a public entry writes a marker outside its internal blocks: what the public edition publishes.
      if (!wordRegex || visibilityOf(parsed.frontmatter, config) !== 'public') continue;
      const { blocks } = internalBlocks(text, parsed.tree);
      for (const m of text.matchAll(wordRegex)) {
        if (blocks.some((b) => m.index >= b.start && m.index < b.end)) continue;
        const key = normalizeSpace(m[0]).toLowerCase();
        const line = text.slice(0, m.index).split('\n').length;
        wordSources.set(key, [...(wordSources.get(key) ?? []), `${relPath}:${line}`]);
      }
    }
  }
  // Two incidents may share a title: an internal one's is no secret when a public one shows the same words.
  texts = texts.filter((t) => t.scope !== 'wording' || !published.has(t.text));
  return { texts, words, wordSources };
}

export function scanOutput(dir: string, options: { allow?: readonly string[]; markers?: LeakMarkers } = {}): Leak[] {
  const allow = new Set(options.allow ?? []);
  const leaks: Leak[] = [];
  const matchers = leakMatchers(options.markers);
  for (const path of walk(dir)) {
    const file = relative(dir, path).split(sep).join('/');
    const text = publishedText(path);
    // A URL is published too: an alias or a tag page is named after what the author wrote.
    markerLeaks(file, text === undefined ? file.replace(/[/_]/g, ' ') : `${file.replace(/[/_]/g, ' ')}\n${text}`, matchers, leaks);
    if (text === undefined) continue;
    const seen = new Set<string>();
    for (const m of scanSensitive(text)) {
      if (m.kind !== 'secret') continue;
      const fingerprint = secretFingerprint(m.ruleId, m.value);
      if (allow.has(fingerprint) || seen.has(fingerprint)) continue;
      seen.add(fingerprint);
      leaks.push({ file: relative(dir, path).split(sep).join('/'), ruleId: m.ruleId, preview: redact(m), fingerprint });
    }
  }
  return leaks;
}

/**
 * Remove a failed build's output folder, unless it is a folder that must never
 * be deleted (the project, the content root, or a parent of either).
 */
export function removeFailedOutput(outDir: string, keep: readonly string[]): boolean {
  const out = resolve(outDir);
  const protectedDirs = keep.map((k) => resolve(k));
  const contains = (parent: string, child: string) => child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
  if (protectedDirs.some((p) => contains(out, p))) return false;
  if (!existsSync(out) || !statSync(out).isDirectory()) return false;
  if (existsSync(join(out, 'package.json')) || existsSync(join(out, 'kb.config.yaml'))) return false;
  rmSync(out, { recursive: true, force: true });
  return true;
}

/**
 * Astro integration: after the last page and the Pagefind bundle are written
 * (list it after kb:pagefind), scan the output; a secret fails the build and
 * removes the output folder.
 */
export function kbOutputGate(options: {
  allow?: readonly string[];
  contentRoot: string;
  /** The public edition: also fail on the text of internal blocks and fields and on `editions.markers`. */
  edition?: 'internal' | 'public';
  config?: Pick<KbConfig, 'editions'>;
}): AstroIntegration {
  let projectRoot = process.cwd();
  return {
    name: 'kb:output-gate',
    hooks: {
      'astro:config:done': ({ config }) => {
        projectRoot = fileURLToPath(config.root);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        const publicEdition = options.edition === 'public' && options.config !== undefined;
        const markers = publicEdition ? await editionLeakMarkers(options.contentRoot, options.config!) : undefined;
        const leaks = scanOutput(outDir, { allow: options.allow, markers });
        const ms = Math.round(performance.now() - started);
        if (!leaks.length) {
          logger.info(
            publicEdition
              ? `no secret and nothing internal in the public edition's output (${markers!.texts.length} internal texts, ${markers!.words.length} markers; ${ms} ms)`
              : `no secret in the output (${ms} ms)`,
          );
          return;
        }
        const secrets = leaks.filter((l) => !l.source);
        const internal = leaks.filter((l) => l.source);
        for (const l of secrets) logger.error(`${l.file}: ${l.ruleId} (${l.preview}), fingerprint ${l.fingerprint}`);
        // One line per internal text, with the output files it is in (a title can be on hundreds of pages).
        const bySource = new Map<string, string[]>();
        for (const l of internal) {
          const key = `${l.ruleId}: "${l.preview}" from ${l.source}`;
          bySource.set(key, [...(bySource.get(key) ?? []), l.file]);
        }
        for (const [key, files] of bySource)
          logger.error(
            `${key}, in ${files.slice(0, 5).join(', ')}${files.length > 5 ? ` and ${files.length - 5} more file${files.length === 6 ? '' : 's'}` : ''}`,
          );
        const removed = removeFailedOutput(outDir, [projectRoot, options.contentRoot]);
        const what = [
          secrets.length ? `${secrets.length} secret${secrets.length === 1 ? '' : 's'}` : '',
          bySource.size ? `${bySource.size} internal text${bySource.size === 1 ? '' : 's'} (public edition)` : '',
        ]
          .filter(Boolean)
          .join(' and ');
        const error = new Error(
          `${what} would have been published (listed above); the build is stopped${removed ? ` and ${relative(projectRoot, outDir) || outDir} removed` : ''}. ${
            secrets.length
              ? "Secrets: remove and rotate each one (npm run check shows where it is in the content), or add a reviewed false positive's fingerprint to secrets_allow in kb.config.yaml. "
              : ''
          }${
            internal.length
              ? 'Internal text: put it inside <!-- internal --> … <!-- /internal --> or reword the public text (npm run check -- --edition public shows what is published), or remove the marker from editions.markers if it is not internal.'
              : ''
          }`.trim(),
        );
        error.stack = error.message;
        throw error;
      },
    },
  };
}
