/**
 * The content loader of both collections. Like Astro's `glob()` loader (same
 * ids, digests, stored fields and dev-server watching), but each file is read
 * once and parsed once per build, on worker threads (`entry-pool.ts`), and
 * that one parse serves three purposes:
 *
 * - `npm run check`: every file goes through the check's per-file rules, then
 *   the cross-file rules run over the whole root (`finishCheck`). The report
 *   (errors and the summary, as `npm run check -- --build` prints it) comes
 *   first; an error stops `astro build` there. In `astro dev` it is printed only.
 * - the data is `parseEntry()`'s: YAML 1.2 frontmatter merged with what the
 *   body contributes (timeline, whys, sections, steps), so the collection
 *   schema validates exactly what `npm run check` validates;
 * - the HTML is rendered by the site's markdown pipeline (`src/markdown/render.ts`)
 *   into a file per digest (`rendered-html.ts`), not into the content store
 *   that every page loads; pages show it with `EntryContent.astro`.
 *   `.mdx` entries are left to Astro to compile (`deferredRender`), as `glob()` does.
 *
 * A file whose digest (its text, kb.config.yaml and the code that turns it into
 * data and HTML) is unchanged since the last build keeps its stored entry and
 * HTML: it is still checked, but not rendered or validated again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { finishCheck, formatReport, readCheckConfig, type CheckResult, type Finding } from '../../check/index.ts';
import { type CheckEnv, type FileOutcome, unreadable } from '../../check/file.ts';
import { readContent } from '../../core/read.ts';
import { today } from '../../core/today.ts';
import { CONTENT_DIRS, listContentFiles } from '../../core/content.ts';
import { draftGaps } from '../../schema/incident.ts';
import type { EntryKind } from '../../core/entry.ts';
import { releaseSharedPool, rendererOptionsOf, sharedPool } from './pool.ts';
import type { EntryResult } from './process-entry.ts';
import { pruneRenderedHtml, renderedHtmlPath } from './html-cache.ts';
import { devFindingsOf, setDevFindings } from './dev-findings.ts';
import { editionOf, publicData, type Edition } from '../../core/editions.ts';

const SRC = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The code that turns a content file into stored data and HTML: reading and
 * extraction (core), the schemas, the markdown renderer and this loader. The
 * check, the CLIs, the site helpers and the benchmark are left out: editing
 * them must not re-render every entry.
 */
export const OUTPUT_CODE_DIRS = ['core', 'schema', 'build/markdown', 'build/loader'] as const;

/** Every source file under `OUTPUT_CODE_DIRS`, relative to `src/`, sorted. */
export function outputCodeFiles(): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(join(SRC, d)).sort()) {
      const path = `${d}/${name}`;
      if (statSync(join(SRC, path)).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) files.push(path);
    }
  };
  for (const dir of OUTPUT_CODE_DIRS) walk(dir);
  return files;
}

/**
 * A hash of `outputCodeFiles()` and of the markdown packages' versions, so an
 * upgrade re-renders every entry instead of keeping HTML made by older code.
 */
export function codeVersion(): string {
  const hash = createHash('sha1');
  for (const path of outputCodeFiles()) hash.update(path).update(readFileSync(join(SRC, path)));
  for (const pkg of ['astro', '@astrojs/markdown-remark', 'satteri', 'prismjs']) {
    try {
      hash.update(pkg).update(readFileSync(join(SRC, '..', 'node_modules', pkg, 'package.json')));
    } catch {
      hash.update(`${pkg}:missing`);
    }
  }
  return hash.digest('hex');
}

function entryId(data: Record<string, unknown>, relPath: string): string {
  return typeof data.id === 'string' && data.id ? data.id : relPath.replace(/\.(md|mdx)$/, '').replace(/[\\/]/g, '-');
}

interface PassFile {
  kind: EntryKind;
  filePath: string;
  digest: string;
  /** Undefined for a file that could not be read (its `outcome` says why). */
  result?: EntryResult;
  /** The file's per-file check outcome. */
  outcome?: FileOutcome;
}

/**
 * Findings that keep a file out of the store even in `astro dev`, where other
 * errors only print: it could not be read, or it holds code (MDX) that must
 * not run.
 */
const BLOCKING = new Set(['file', 'mdx', 'mdx/code']);
const blocking = (outcome: FileOutcome | undefined) => outcome?.findings.filter((f) => BLOCKING.has(f.ruleId)) ?? [];

interface ContentPass {
  files: PassFile[];
  check: CheckResult;
  /** Prefix of every digest: kb.config.yaml and the code version. */
  digestSalt: string;
  root: string;
  checkEnv: CheckEnv;
  configFindings: Finding[];
  edition: Edition;
  /** The public edition's entries (ids and aliases): the only ones a public entry may link to. */
  publicIds: { incidents: Set<string>; playbooks: Set<string> };
}

/** The pass of the sync in progress, shared by both collections' loads; cleared when the last load ends. */
let pass: Promise<ContentPass> | undefined;
let loadsRunning = 0;

const htmlDir = (config: LoaderContext['config']) => fileURLToPath(config.cacheDir);

/**
 * The digest of a file and the pool job that processes it: render only a
 * markdown file whose HTML for this digest is not already in the cache folder.
 */
function entryJob(context: LoaderContext, kind: EntryKind, filePath: string, text: string, digestSalt: string, env: CheckEnv) {
  const digest = context.generateDigest(digestSalt + text);
  const htmlFile = filePath.endsWith('.mdx') ? undefined : renderedHtmlPath(CONTENT_DIRS[kind], digest, htmlDir(context.config));
  const edition =
    env.edition === 'public' ? { name: 'public' as const, defaultVisibility: env.config.editions.default_visibility } : undefined;
  return { digest, job: { filePath, kind, text, render: htmlFile !== undefined && !existsSync(htmlFile), htmlFile, edition } };
}

/** An entry's links to other entries (ids, whether written as strings or stored as references), to compare. */
function linksKey(data: Record<string, unknown>): string {
  const id = (r: unknown) => (typeof r === 'string' ? r : r && typeof r === 'object' && 'id' in r ? String(r.id) : '');
  const list = (v: unknown) => (Array.isArray(v) ? v : []);
  return JSON.stringify([
    list(data.related).map(id),
    list(data.playbooks).map(id),
    list(data.playbooks_missing).map((m) => (m && typeof m === 'object' && 'playbook' in m ? id(m.playbook) : '')),
  ]);
}

/** The ids and aliases of the entries a public build publishes. */
function publicIdsOf(files: PassFile[], root: string): ContentPass['publicIds'] {
  const ids = { incidents: new Set<string>(), playbooks: new Set<string>() };
  for (const f of files) {
    if (!f.result || f.result.excluded) continue;
    const set = f.kind === 'incident' ? ids.incidents : ids.playbooks;
    set.add(entryId(f.result.data, relative(join(root, CONTENT_DIRS[f.kind]), f.filePath).split('\\').join('/')));
    if (Array.isArray(f.result.data.aliases)) for (const a of f.result.data.aliases) if (typeof a === 'string') set.add(a);
  }
  return ids;
}

async function runPass(root: string, context: LoaderContext): Promise<ContentPass> {
  const { config } = context;
  const pool = sharedPool(rendererOptionsOf(config as never));
  const configText = await readFile(join(root, 'kb.config.yaml'), 'utf8').catch(() => '');
  // The schema depends on kb.config.yaml (taxonomy, severities): a changed config re-validates every entry.
  // The edition too: the public edition's data and HTML of a file are not the internal edition's.
  const edition = editionOf();
  const digestSalt = `${configText}\n${codeVersion()}\nedition:${edition}\n`;
  const { config: kbConfig, findings: configFindings } = readCheckConfig(root);
  const checkEnv: CheckEnv = { config: kbConfig, root, today: today(), fix: false, edition };
  pool.setCheckEnv(checkEnv);

  const listed = (
    await Promise.all(
      (['incident', 'playbook'] as const).map(async (kind) => (await listContentFiles(root, kind)).map((filePath) => ({ kind, filePath }))),
    )
  ).flat();
  const files = await Promise.all(
    listed.map(async ({ kind, filePath }): Promise<PassFile> => {
      const relPath = relative(root, filePath).split('\\').join('/');
      // An unreadable file is a check error, as in `npm run check`: the build stops instead of publishing without it.
      const read = await readContent(filePath, root);
      if (read.problem !== undefined)
        return {
          kind,
          filePath,
          digest: '',
          outcome: unreadable({ path: filePath, relPath, kind, reported: true }, read.problem, checkEnv),
        };
      const { digest, job } = entryJob(context, kind, filePath, read.text, digestSalt, checkEnv);
      const result = await pool.run({ ...job, check: { relPath } });
      return { kind, filePath, digest, result, outcome: result.outcome };
    }),
  );
  const outcomes = files.flatMap((f) => (f.outcome ? [f.outcome] : []));
  const check = await finishCheck(outcomes, { root, cwd: process.cwd(), config: kbConfig, configFindings });
  recordErrors(
    check,
    files.map((f) => f.filePath),
  );
  process.stdout.write(formatReport(check, { format: 'text', errorsOnly: true, color: process.stdout.isTTY && !process.env.NO_COLOR }));
  return { files, check, digestSalt, root, checkEnv, configFindings, edition, publicIds: publicIdsOf(files, root) };
}

/**
 * After a save in dev: check the saved file against the whole root (its links
 * still resolve), print its findings as `npm run check` does, and keep its new
 * outcome for the next save.
 */
async function reportSaved(done: ContentPass, saved: PassFile): Promise<void> {
  const i = done.files.findIndex((f) => f.filePath === saved.filePath);
  if (i >= 0) done.files[i] = saved;
  else done.files.push(saved);
  const outcomes = done.files.flatMap((f) =>
    f.outcome
      ? [{ ...f.outcome, findings: [...f.outcome.findings], input: { ...f.outcome.input, reported: f.filePath === saved.filePath } }]
      : [],
  );
  const check = await finishCheck(outcomes, {
    root: done.root,
    cwd: process.cwd(),
    config: done.checkEnv.config,
    configFindings: [],
  });
  recordErrors(check, [saved.filePath]);
  process.stdout.write(formatReport(check, { format: 'text', color: process.stdout.isTTY && !process.env.NO_COLOR }));
}

/** Each checked file's errors, for the banner on its page in dev (cleared for a file that has none now). */
function recordErrors(check: CheckResult, checked: string[]): void {
  const byPath = new Map(check.files.map((f) => [resolve(process.cwd(), f.path), f]));
  for (const path of checked) {
    const messages = byPath.get(resolve(path))?.messages ?? [];
    setDevFindings(
      path,
      messages
        .filter((m) => m.fatal === true)
        .map((m) => ({ line: m.line ?? 1, column: m.column ?? 1, ruleId: m.ruleId ?? 'kb', message: m.reason })),
    );
  }
}

export function kbLoader(kind: EntryKind, root: string): Loader {
  const dir = `${root.replace(/\/$/, '')}/${CONTENT_DIRS[kind]}`;
  return {
    name: `kb-${kind}-loader`,
    load: async (context) => {
      const { store, logger, parseData, config, watcher, collection } = context;
      const projectRoot = fileURLToPath(config.root);
      const fileToId = new Map<string, string>();
      const pathOfId = new Map<string, string>();
      const pool = sharedPool(rendererOptionsOf(config as never));

      /**
       * Why a file is not served, in dev: the check's errors above already say it the
       * way `npm run check` does (`did you mean severity?`), so not Astro's schema dump.
       */
      const leftOut = (filePath: string, error: Error, stale = false) => {
        const rel = relative(projectRoot, filePath);
        const what = stale ? 'keeps its last good version' : 'is left out';
        if (devFindingsOf(filePath).length) return `${rel} ${what} until the errors above are fixed.`;
        return `${rel} ${what} until it is fixed: ${error.message.split('\n')[0]}`;
      };

      /** Store one processed file; returns its id. */
      async function put(filePath: string, digest: string, result: EntryResult, done: ContentPass): Promise<string | undefined> {
        const relPath = relative(dir, filePath).split('\\').join('/');
        if (result.yamlProblems.length) {
          const p = result.yamlProblems[0];
          throw new Error(`${filePath}:${p.line}:${p.column}: invalid YAML frontmatter: ${p.message}`);
        }
        if (result.renderError) logger.error(`Error rendering ${relPath}: ${result.renderError}`);
        const id = entryId(result.data, relPath);
        if (result.excluded) {
          // Not in this edition (an internal entry in the public build): no page, no record, no link.
          store.delete(id);
          return undefined;
        }
        const other = pathOfId.get(id);
        if (other && other !== filePath)
          logger.warn(
            `${relative(projectRoot, filePath)} and ${relative(projectRoot, other)} have the same id ${id}; only one is kept (npm run check reports this).`,
          );
        pathOfId.set(id, filePath);
        const gaps = kind === 'incident' ? draftGaps(result.data) : [];
        if (gaps.length) {
          // A draft in progress (check warns about each gap): no page until it has what a page shows.
          if (watcher && !devFindingsOf(filePath).length)
            logger.info(`${relative(projectRoot, filePath)} (a draft) has no page until it has ${gaps.map((g) => `\`${g}\``).join(', ')}.`);
          store.delete(id);
          return undefined;
        }
        const stored = store.get(id);
        const input =
          done.edition === 'public'
            ? publicData(kind, result.data, done.checkEnv.config, (collection, target) => done.publicIds[collection].has(target))
            : result.data;
        if (stored?.digest === digest && stored.filePath && resolve(projectRoot, stored.filePath) === filePath) {
          // In the public edition an unchanged file's links still change when another entry turns internal;
          // Astro keeps an entry whose digest it already has, so the stale one goes first.
          if (done.edition !== 'public' || linksKey(stored.data) === linksKey(input)) return id;
          store.delete(id);
        }
        const data = await parseData({ id, data: input, filePath });
        const entry = { id, data, body: result.body, filePath: relative(projectRoot, filePath).split('\\').join('/'), digest };
        if (filePath.endsWith('.mdx')) store.set({ ...entry, deferredRender: true });
        else store.set({ ...entry, assetImports: result.rendered?.metadata.imagePaths });
        return id;
      }

      loadsRunning++;
      let done: ContentPass;
      try {
        done = await (pass ??= runPass(root, context));
        if (done.check.errorCount > 0 && !watcher) {
          const n = done.check.errorCount;
          const error = new Error(
            `npm run check found ${n} error${n === 1 ? '' : 's'} in the content (listed above); fix ${n === 1 ? 'it' : 'them'} before building.`,
          );
          error.stack = error.message; // the report above says where; the loader's own stack would only distract
          throw error;
        }
        const untouched = new Set(store.keys());
        for (const f of done.files) {
          if (f.kind !== kind || !f.result) continue;
          if (watcher && blocking(f.outcome).length) {
            logger.error(`${relative(projectRoot, f.filePath)} is left out until it is fixed (the report above says why).`);
            continue;
          }
          // In dev a broken file is left out (the check report above names its problems) and the rest is served.
          const id = watcher
            ? await put(f.filePath, f.digest, f.result, done).catch((error: Error) => void logger.error(leftOut(f.filePath, error)))
            : await put(f.filePath, f.digest, f.result, done);
          if (id === undefined) continue;
          untouched.delete(id);
          fileToId.set(f.filePath, id);
          const e = store.get(id);
          if (e?.deferredRender && e.filePath) store.addModuleImport(e.filePath);
        }
        for (const id of untouched) store.delete(id);
      } finally {
        if (--loadsRunning === 0) {
          pass = undefined;
          if (!watcher) {
            releaseSharedPool(pool);
            await pool.close();
          }
        }
      }
      if (!watcher) {
        pruneRenderedHtml(collection, new Set([...store.values()].flatMap((e) => (e.digest ? [String(e.digest)] : []))), htmlDir(config));
        return;
      }

      // Dev: a saved file is read, checked (its findings printed as `npm run check` prints them) and reloaded.
      watcher.add(dir);
      const inScope = (path: string) => path.startsWith(`${dir}/`) && /\.(md|mdx)$/.test(path);
      /** Re-read, re-check and re-store one saved file. */
      const reload = async (path: string): Promise<void> => {
        const old = fileToId.get(path);
        const relPath = relative(done.root, path).split('\\').join('/');
        try {
          const read = await readContent(path, done.root);
          let result: EntryResult | undefined;
          let digest = '';
          let outcome: FileOutcome;
          if (read.problem !== undefined) outcome = unreadable({ path, relPath, kind, reported: true }, read.problem, done.checkEnv);
          else {
            const j = entryJob(context, kind, path, read.text, done.digestSalt, done.checkEnv);
            digest = j.digest;
            result = await pool.run({ ...j.job, check: { relPath } });
            outcome = result.outcome!;
          }
          await reportSaved(done, { kind, filePath: path, digest, result, outcome });
          if (!result || blocking(outcome).length) {
            if (old) store.delete(old);
            fileToId.delete(path);
            logger.error(`${relative(dir, path)} is left out until it is fixed.`);
            return;
          }
          const id = await put(path, digest, result, done);
          if (id === undefined) {
            // Errors (a half-saved file, no frontmatter yet): keep the page as it last loaded.
            if (old && devFindingsOf(path).length) {
              logger.error(leftOut(path, new Error('check errors'), true));
              return;
            }
            if (old) store.delete(old);
            fileToId.delete(path);
            return;
          }
          if (old && old !== id) store.delete(old);
          fileToId.set(path, id);
          logger.info(`Reloaded ${relative(dir, path)}`);
        } catch (error) {
          logger.error(leftOut(path, error as Error, old !== undefined));
        }
      };
      // One reload at a time per file, in order, and once more if the file changed under it: an
      // editor that truncates and then writes can fire one event, for the empty file, and the
      // watcher may drop the second one. A last look a moment later catches that.
      const queue = new Map<string, Promise<void>>();
      const signature = async (path: string) =>
        stat(path).then(
          (st) => `${st.mtimeMs}:${st.size}`,
          () => 'gone',
        );
      const onChange = (path: string) => {
        if (!inScope(path)) return;
        const next = (queue.get(path) ?? Promise.resolve()).then(async () => {
          for (let pass = 0; pass < 5; pass++) {
            const before = await signature(path);
            await reload(path);
            const after = await signature(path);
            if (after === before) {
              setTimeout(async () => {
                if (!queue.has(path) && (await signature(path)) !== after) onChange(path);
              }, 300).unref();
              return;
            }
          }
        });
        queue.set(path, next);
        void next.finally(() => queue.get(path) === next && queue.delete(path));
      };
      watcher.on('change', onChange);
      watcher.on('add', onChange);
      watcher.on('unlink', (path: string) => {
        const id = fileToId.get(path);
        if (!id) return;
        store.delete(id);
        fileToId.delete(path);
      });
    },
  };
}
