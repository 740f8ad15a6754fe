/**
 * `npm run check -- --changed [BASE]`: which content files a pull request
 * changed (git), and what the check needs to know about their past (the ids
 * they had at the base, so whatever linked to an old id is checked too).
 */
import { relative, sep } from 'node:path';
import type { CheckFocus } from '../../check/index.ts';
import { CONFIG_FILE } from '../../core/config.ts';
import { frontmatterKeysOf } from '../../core/content.ts';
import { UsageError } from '../shared/args.ts';
import { changedSince, textsAt } from '../shared/git.ts';

const CONTENT_FILE = /^(?:incidents|playbooks)\/.+\.mdx?$/;

/**
 * `--changed` takes an optional value, which node's parseArgs cannot express:
 * the word after it is the base unless it is a flag (`--changed=BASE` works too).
 * Returns argv without it, and the base (undefined: the default base; null: no --changed).
 */
export function takeChangedFlag(argv: readonly string[]): { argv: string[]; base: string | undefined | null } {
  const out: string[] = [];
  let base: string | undefined | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--changed') {
      base = argv[i + 1] !== undefined && !argv[i + 1].startsWith('-') ? argv[++i] : undefined;
    } else if (a.startsWith('--changed=')) {
      base = a.slice('--changed='.length);
      if (!base) throw new UsageError('--changed= needs a git base, e.g. --changed=origin/main');
    } else out.push(a);
  }
  return { argv: out, base };
}

export interface ChangedPlan {
  /** undefined: check everything (kb.config.yaml changed, which every file is checked against). */
  focus?: CheckFocus;
  /** One line for stderr: what is being checked and why. */
  note: string;
}

export function planChanged(base: string | undefined, root: string, cwd: string, env: NodeJS.ProcessEnv): ChangedPlan {
  const diff = changedSince(base, cwd, env);
  const inRoot = (abs: string) => {
    const rel = relative(root, abs).split(sep).join('/');
    return rel.startsWith('../') || rel === '..' ? undefined : rel;
  };
  const short = diff.baseCommit.slice(0, 7);
  const label = `${diff.base} (${short})`;
  if ([...diff.present, ...diff.gone].some((p) => inRoot(p) === CONFIG_FILE))
    return { note: `check: ${CONFIG_FILE} changed since ${label}: checking everything` };
  const content = (list: string[]) => list.filter((p) => CONTENT_FILE.test(inRoot(p) ?? ''));
  const changed = content(diff.present);
  const gone = content(diff.gone);
  const before = textsAt(
    diff.baseCommit,
    [...changed, ...gone].map((p) => relative(diff.top, p).split(sep).join('/')),
    diff.top,
  ).map((t) => t ?? '');
  const baseNames = frontmatterKeysOf(before, ['id', 'aliases']).flatMap((fm) => [
    ...(typeof fm?.id === 'string' ? [fm.id] : []),
    ...(Array.isArray(fm?.aliases) ? fm.aliases.filter((a): a is string => typeof a === 'string') : []),
  ]);
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return {
    focus: { changed, gone, baseNames },
    note: `check: ${n(changed.length, 'changed content file')}${gone.length ? ` and ${gone.length} removed` : ''} since ${label}; checking them and what links to them`,
  };
}
