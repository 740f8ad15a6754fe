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

export interface Leak {
  /** Path relative to the output folder. */
  file: string;
  ruleId: string;
  /** A preview that never shows the whole secret. */
  preview: string;
  fingerprint: string;
}

const TEXT_FILES = /\.(?:html?|json|xml|txt|csv|ics|rss|atom|webmanifest)$/i;
const PAGEFIND_DATA = /\.pf_(?:fragment|filter|meta)$/;

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
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
  return /\.(?:html?|xml|rss|atom)$/i.test(path) ? `${text}\n${decodeHtmlEntities(text)}` : text;
}

export function scanOutput(dir: string, options: { allow?: readonly string[] } = {}): Leak[] {
  const allow = new Set(options.allow ?? []);
  const leaks: Leak[] = [];
  for (const path of walk(dir)) {
    const text = publishedText(path);
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
export function kbOutputGate(options: { allow?: readonly string[]; contentRoot: string }): AstroIntegration {
  let projectRoot = process.cwd();
  return {
    name: 'kb:output-gate',
    hooks: {
      'astro:config:done': ({ config }) => {
        projectRoot = fileURLToPath(config.root);
      },
      'astro:build:done': ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const started = performance.now();
        const leaks = scanOutput(outDir, { allow: options.allow });
        if (!leaks.length) {
          logger.info(`no secret in the output (${Math.round(performance.now() - started)} ms)`);
          return;
        }
        for (const l of leaks) logger.error(`${l.file}: ${l.ruleId} (${l.preview}), fingerprint ${l.fingerprint}`);
        const removed = removeFailedOutput(outDir, [projectRoot, options.contentRoot]);
        const error = new Error(
          `${leaks.length} secret${leaks.length === 1 ? '' : 's'} would have been published (listed above); the build is stopped${removed ? ` and ${relative(projectRoot, outDir) || outDir} removed` : ''}. Remove and rotate each one (npm run check shows where it is in the content), or add a reviewed false positive's fingerprint to secrets_allow in kb.config.yaml.`,
        );
        error.stack = error.message;
        throw error;
      },
    },
  };
}
