/**
 * A focused check (`npm run check -- --changed`): the changed files and every
 * file that links to them, without parsing the rest of the content root.
 *
 * A full check parses every file, because the cross-file rules need each one's
 * ids, links and anchors; that parse is most of its time. Here the other files
 * give only what those rules read about a file that is not reported: its id,
 * aliases and declared playbooks, taken from a few frontmatter lines, and its
 * anchors only when a reported file links to one of them (then it is parsed).
 * Which files link to a changed one is decided on the parsed links, after a
 * cheap text search has narrowed the candidates.
 */
import { basename } from 'node:path';
import { frontmatterKeysDetail, frontmatterKeysOf, readHead, readText } from '../core/content.ts';
import type { KbConfig } from '../schema/config.ts';
import { type CheckEnv, checkText, type FileInput, type FileOutcome } from './file.ts';
import { type CachedKeys, fileStamp, type FileStamp, type IdCache } from './id-cache.ts';
import { linkTarget } from './rules/links.ts';
import { checkHere } from './schedule.ts';
import type { LinkFacts } from './types.ts';

export interface CheckFocus {
  /** Changed content files that exist now (absolute). */
  changed: string[];
  /** Content files that were deleted or renamed away (absolute): whatever linked to them is checked. */
  gone: string[];
  /** Ids and aliases the changed and gone files had at the base (an id that changed still has dependants). */
  baseNames: string[];
  /** Also check the files that link to the changed ones (default true; the pre-commit hook checks only its own). */
  dependants?: boolean;
  /** The text to check for a changed file instead of what is on disk: the staged version, for the pre-commit hook. */
  texts?: ReadonlyMap<string, string>;
  /**
   * Without dependants: the keys of unchanged files that are not reported, as
   * read on an earlier run (never used for the changed files). Updated here;
   * the caller saves it.
   */
  cache?: IdCache;
}

const LIGHT_KEYS = ['id', 'aliases', 'playbooks', 'playbooks_missing'];
const AT = { line: 1, column: 1 };

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const names = (v: unknown) => (Array.isArray(v) ? v.map(str).filter((s): s is string => s !== undefined) : []);

/** The facts of a file that is not reported, from its frontmatter alone (no anchors, no body links). */
function lightFacts(input: FileInput, fm: Record<string, unknown>): LinkFacts {
  const named = (v: unknown) => names(v).map((name) => ({ name, at: AT }));
  const missing = Array.isArray(fm.playbooks_missing) ? fm.playbooks_missing : [];
  return {
    path: input.path,
    relPath: input.relPath,
    kind: input.kind,
    hasFrontmatter: true,
    id: str(fm.id),
    idAt: AT,
    aliases: named(fm.aliases),
    playbooks: input.kind === 'incident' ? named(fm.playbooks) : [],
    playbooksMissing:
      input.kind === 'incident'
        ? named(missing.map((m: unknown) => (m && typeof m === 'object' ? (m as Record<string, unknown>).playbook : undefined)))
        : [],
    related: input.kind === 'incident' ? named(fm.related) : [],
    anchors: [],
    sections: [],
    links: [],
  };
}

/**
 * Without dependants: the keys of the files that are not reported, from the
 * head of each file or, for one unchanged since it was cached, from `cache`.
 * A cached file stands in as '' (which adds nothing to the one YAML parse of
 * the others), so every answer is the one a run without the cache gives.
 */
function lightKeys(inputs: FileInput[], keys: readonly string[], cache: IdCache | undefined): (Record<string, unknown> | undefined)[] {
  const now = Date.now();
  const stamps: (FileStamp | undefined)[] = cache ? inputs.map((input) => fileStamp(input.path)) : [];
  const cached: (CachedKeys | undefined)[] = inputs.map((input, k) =>
    cache && stamps[k] ? cache.get(input.relPath, stamps[k], keys) : undefined,
  );
  const read = frontmatterKeysDetail(
    inputs.map((input, k) => (cached[k] === undefined ? readHead(input.path) : '')),
    keys,
  );
  return inputs.map((input, k) => {
    const hit = cached[k];
    if (hit !== undefined) return hit ?? undefined;
    const { value, alone } = read[k];
    if (cache && stamps[k] && alone) cache.set(input.relPath, stamps[k], keys, (value as CachedKeys | undefined) ?? null, now);
    return value;
  });
}

/** Does this file point at one of the changed files: a frontmatter reference or a body link? */
function linksTo(facts: LinkFacts, ids: Set<string>, paths: Set<string>, config: KbConfig): boolean {
  if ([...facts.playbooks, ...facts.playbooksMissing, ...facts.related].some((r) => ids.has(r.name))) return true;
  return facts.links.some((l) => {
    const t = linkTarget(l.url, facts.path, config.site.base_url);
    return t !== undefined && (t.kind === 'file' ? paths.has(t.path) : t.kind !== 'self' && ids.has(t.id));
  });
}

/**
 * Check the focus files and their dependants fully; give the cross-file rules
 * light facts of everything else. `inputs` is every content file under the
 * root (their `reported` flag is set here).
 */
export async function checkFocused(inputs: FileInput[], focus: CheckFocus, env: CheckEnv): Promise<FileOutcome[]> {
  const changed = new Set(focus.changed);
  const dependants = focus.dependants !== false;
  // Without dependants, the other files are read later, and only as far as their frontmatter (`lightKeys`).
  const texts = inputs.map((i) => focus.texts?.get(i.path) ?? (dependants || changed.has(i.path) ? readText(i.path) : undefined));
  const current = frontmatterKeysOf(
    inputs.map((input, i) => (changed.has(input.path) ? (texts[i] ?? '') : '')),
    ['id', 'aliases'],
  );
  const ids = new Set(focus.baseNames);
  for (const fm of current) {
    if (!fm) continue;
    if (str(fm.id)) ids.add(str(fm.id)!);
    for (const a of names(fm.aliases)) ids.add(a);
  }
  const paths = new Set([...focus.changed, ...focus.gone]);
  // A file can only link to a changed one if its text names it: an id, an alias or a file name.
  const needles = [...ids, ...[...paths].map((p) => basename(p))];
  const candidate = (text: string | undefined) => text !== undefined && needles.some((n) => text.includes(n));

  const full: number[] = [];
  const light: number[] = [];
  inputs.forEach((input, i) => {
    input.reported = changed.has(input.path) || (dependants && paths.size > 0 && candidate(texts[i]));
    (input.reported ? full : light).push(i);
  });
  const outcomes = new Array<FileOutcome>(inputs.length);
  const fromDisk = full.filter((i) => !focus.texts?.has(inputs[i].path));
  const checked = await checkHere(
    fromDisk.map((i) => inputs[i]),
    env,
  );
  fromDisk.forEach((i, k) => {
    outcomes[i] = checked[k];
  });
  for (const i of full) outcomes[i] ??= checkText(inputs[i], focus.texts!.get(inputs[i].path)!, env);

  // Link targets with a #fragment need their anchors: those files are parsed (not reported).
  const byPath = new Map(inputs.map((input, i) => [input.path, i]));
  const idIndex = new Map<string, number>();
  // A file that is not reported gives the link rules its ids; its declared playbooks matter only
  // when a reported playbook links to it (links/reciprocal), and a block list there costs a YAML parse.
  const keys = full.some((i) => inputs[i].kind === 'playbook') ? LIGHT_KEYS : ['id', 'aliases'];
  const lightFm = dependants
    ? frontmatterKeysOf(
        light.map((i) => texts[i] ?? ''),
        keys,
      )
    : lightKeys(
        light.map((i) => inputs[i]),
        keys,
        focus.cache,
      );
  focus.cache?.keepOnly(inputs.map((input) => input.relPath));
  light.forEach((i, k) => {
    const fm = lightFm[k];
    if (fm) {
      for (const name of [str(fm.id), ...names(fm.aliases)]) if (name && !idIndex.has(name)) idIndex.set(name, i);
      outcomes[i] = { input: inputs[i], hash: '', findings: [], directives: [], facts: lightFacts(inputs[i], fm) };
    }
  });
  const parse = new Set(light.filter((_, k) => lightFm[k] === undefined)); // no frontmatter, or odd YAML: parse it to be sure
  for (const i of full) {
    for (const link of outcomes[i].facts.links) {
      const t = linkTarget(link.url, inputs[i].path, env.config.site.base_url);
      if (!t?.fragment || t.kind === 'self') continue;
      const target = t.kind === 'file' ? byPath.get(t.path) : idIndex.get(t.id);
      if (target !== undefined && !inputs[target].reported) parse.add(target);
    }
  }
  for (const i of parse) outcomes[i] = checkText(inputs[i], (dependants ? texts[i] : readText(inputs[i].path)) ?? '', env);

  // The text search over-selects (an id in prose): keep only the files that really link to a changed one.
  for (const i of full) {
    const input = inputs[i];
    if (!changed.has(input.path) && texts[i] !== undefined && !linksTo(outcomes[i].facts, ids, paths, env.config)) {
      input.reported = false;
      outcomes[i].input = input;
    }
  }
  return outcomes;
}
